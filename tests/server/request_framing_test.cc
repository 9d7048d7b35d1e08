// CheckRequestFraming on request headers built in memory (the server-level cases are in
// http_server_test.cc).
#include "server/http/request_framing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tessera::server {
namespace {

http::request_header<> Header(unsigned version,
                              std::vector<std::pair<std::string, std::string>> fields) {
  http::request_header<> header;
  header.method(http::verb::post);
  header.target("/api/v1/surveys/abc/draft");
  header.version(version);
  for (const auto& [name, value] : fields) header.insert(name, value);
  return header;
}

TEST(RequestFramingTest, OrdinaryRequestsPass) {
  EXPECT_FALSE(CheckRequestFraming(Header(11, {{"Host", "x"}})));
  EXPECT_FALSE(CheckRequestFraming(Header(11, {{"Host", "x"}, {"Content-Length", "5"}})));
  EXPECT_FALSE(CheckRequestFraming(Header(11, {{"Host", "x"}, {"Transfer-Encoding", "chunked"}})));
  EXPECT_FALSE(CheckRequestFraming(Header(11, {{"Host", "x"}, {"Transfer-Encoding", "Chunked"}})));
  EXPECT_FALSE(
      CheckRequestFraming(Header(11, {{"Host", "x"}, {"Transfer-Encoding", " , chunked "}})));
}

TEST(RequestFramingTest, Http11WithoutHostIs400) {
  const auto refused = CheckRequestFraming(Header(11, {}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, http::status::bad_request);
  EXPECT_EQ(refused->code, "bad_request");
}

TEST(RequestFramingTest, Http10WithoutHostPasses) {
  EXPECT_FALSE(CheckRequestFraming(Header(10, {})));
}

TEST(RequestFramingTest, TwoHostHeadersAre400) {
  const auto refused = CheckRequestFraming(Header(11, {{"Host", "a"}, {"Host", "b"}}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, http::status::bad_request);
  const auto refused10 = CheckRequestFraming(Header(10, {{"Host", "a"}, {"Host", "b"}}));
  ASSERT_TRUE(refused10);
  EXPECT_EQ(refused10->status, http::status::bad_request);
}

TEST(RequestFramingTest, UnknownTransferCodingsAre501) {
  for (const std::string coding :
       {"gzip", "gzip, chunked", "chunked, gzip", "identity", "chunked;x=1", "x-custom"}) {
    const auto refused = CheckRequestFraming(
        Header(11, {{"Host", "x"}, {"Transfer-Encoding", coding}, {"Content-Length", "5"}}));
    ASSERT_TRUE(refused) << coding;
    EXPECT_EQ(refused->status, http::status::not_implemented) << coding;
    EXPECT_EQ(refused->code, "not_implemented") << coding;
  }
  // Split over two fields: the codings are the fields' lists joined.
  const auto split = CheckRequestFraming(
      Header(11, {{"Host", "x"}, {"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}));
  ASSERT_TRUE(split);
  EXPECT_EQ(split->status, http::status::not_implemented);
}

TEST(RequestFramingTest, FaultyTransferEncodingIs400) {
  for (const std::string coding : {"chunked, chunked", "", " , "}) {
    const auto refused =
        CheckRequestFraming(Header(11, {{"Host", "x"}, {"Transfer-Encoding", coding}}));
    ASSERT_TRUE(refused) << '"' << coding << '"';
    EXPECT_EQ(refused->status, http::status::bad_request) << '"' << coding << '"';
  }
  const auto http10 = CheckRequestFraming(Header(10, {{"Transfer-Encoding", "chunked"}}));
  ASSERT_TRUE(http10);
  EXPECT_EQ(http10->status, http::status::bad_request);
}

}  // namespace
}  // namespace tessera::server
