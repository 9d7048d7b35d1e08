#include <gtest/gtest.h>

#include "server/http/access_log.h"

namespace tessera::server {
namespace {

TEST(HttpAccessLogTest, RedactsTheSegmentAfterSAndSurveys) {
  EXPECT_EQ(RedactPathTokens("/api/v1/surveys/abc123/draft"), "/api/v1/surveys/[token]/draft");
  EXPECT_EQ(RedactPathTokens("/s/abc123"), "/s/[token]");
  EXPECT_EQ(RedactPathTokens("/s/abc123/review"), "/s/[token]/review");
  EXPECT_EQ(RedactPathTokens("/surveys/"), "/surveys/");
  EXPECT_EQ(RedactPathTokens("/healthz"), "/healthz");
  EXPECT_EQ(RedactPathTokens("/"), "/");
  EXPECT_EQ(RedactPathTokens("/assets/s"), "/assets/s");
  EXPECT_EQ(RedactPathTokens(""), "");
}

TEST(HttpAccessLogTest, FormatsKeyValueLines) {
  EXPECT_EQ(FormatAccessLine("GET", "/s/[token]", 200, 15, 3),
            "method=GET path=/s/[token] status=200 bytes=15 duration_ms=3");
}

}  // namespace
}  // namespace tessera::server
