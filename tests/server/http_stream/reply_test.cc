// Reply: the copyable handle handlers answer with, and the router's once-only wrapper around it.
#include "server/http/reply.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/http/router.h"

namespace tessera::server {
namespace {

StreamedResponse Csv(std::vector<std::string> pieces, Status result = Status::Ok()) {
  Response head{http::status::ok, 11};
  head.set(http::field::content_type, "text/csv");
  return StreamedResponse{std::move(head), [pieces, result](const ChunkWriter& write) {
                            for (const std::string& piece : pieces) {
                              if (!write(piece)) return Status::IoError("gone");
                            }
                            return result;
                          }};
}

TEST(ReplyTest, PlainCallableStillWorksAndCopiesShareIt) {
  std::vector<Response> responses;
  Reply reply = [&responses](Response response) { responses.push_back(std::move(response)); };
  const Reply copy = reply;
  reply(JsonResponse(http::status::ok, {{"n", 1}}));
  copy(JsonResponse(http::status::created, {{"n", 2}}));
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].result(), http::status::ok);
  EXPECT_EQ(responses[1].result(), http::status::created);
}

TEST(ReplyTest, EmptyReplyDoesNothing) {
  const Reply reply;
  EXPECT_FALSE(static_cast<bool>(reply));
  reply(JsonResponse(http::status::ok, {}));
  reply.Stream(Csv({"a"}));
}

TEST(ReplyTest, StreamWithoutAConnectionCollectsTheBody) {
  std::vector<Response> responses;
  const Reply reply = [&responses](Response response) { responses.push_back(response); };
  reply.Stream(Csv({"id,score\n", "1,50\n", "", "2,75\n"}));
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].result(), http::status::ok);
  EXPECT_EQ(responses[0][http::field::content_type], "text/csv");
  EXPECT_EQ(responses[0].body(), "id,score\n1,50\n2,75\n");
  EXPECT_EQ(responses[0][http::field::content_length], "19");
}

TEST(ReplyTest, StreamWithoutAConnectionTurnsFailureInto500) {
  std::vector<Response> responses;
  const Reply reply = [&responses](Response response) { responses.push_back(response); };
  reply.Stream(Csv({"id\n"}, Status::IoError("disk gone")));
  reply.Stream(StreamedResponse{Response{http::status::ok, 11}, [](const ChunkWriter&) -> Status {
                                  throw std::runtime_error("thrown");
                                }});
  ASSERT_EQ(responses.size(), 2u);
  for (const Response& response : responses) {
    EXPECT_EQ(response.result(), http::status::internal_server_error);
    EXPECT_EQ(nlohmann::json::parse(response.body())["code"], "internal");
    EXPECT_EQ(response.body().find("disk"), std::string::npos);
  }
}

TEST(ReplyTest, ConnectionReplyRoutesEachKindToItsFunction) {
  int plain = 0;
  int streamed = 0;
  const Reply reply([&plain](Response) { ++plain; }, [&streamed](StreamedResponse) { ++streamed; });
  reply.Stream(Csv({"x"}));
  reply(JsonResponse(http::status::ok, {}));
  EXPECT_EQ(plain, 1);
  EXPECT_EQ(streamed, 1);
}

TEST(ReplyTest, RouterPassesStreamOnceAndIgnoresLaterReplies) {
  Router router;
  router.Add(http::verb::get, "/export", [](Request&, RequestContext&, Reply reply) {
    reply.Stream(Csv({"a"}));
    reply(JsonResponse(http::status::ok, {}));
    reply.Stream(Csv({"b"}));
  });
  Request request{http::verb::get, "/export", 11};
  RequestContext context;
  int plain = 0;
  std::vector<StreamedResponse> streams;
  router.Dispatch(
      request, context,
      Reply([&plain](Response) { ++plain; },
            [&streams](StreamedResponse response) { streams.push_back(std::move(response)); }));
  EXPECT_EQ(plain, 0);
  ASSERT_EQ(streams.size(), 1u);
  std::string body;
  const ChunkWriter collect = [&body](std::string_view chunk) {
    body.append(chunk);
    return true;
  };
  EXPECT_TRUE(streams[0].producer(collect).ok());
  EXPECT_EQ(body, "a");
}

TEST(ReplyTest, RouterStreamFallsBackWhenTheCallerCannotStream) {
  Router router;
  router.Add(http::verb::get, "/export", [](Request&, RequestContext&, Reply reply) {
    reply.Stream(Csv({"a,", "b\n"}));
  });
  Request request{http::verb::get, "/export", 11};
  RequestContext context;
  std::vector<Response> responses;
  router.Dispatch(request, context,
                  [&responses](Response response) { responses.push_back(response); });
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].body(), "a,b\n");
}

}  // namespace
}  // namespace tessera::server
