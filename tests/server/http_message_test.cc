#include <gtest/gtest.h>

#include "server/http/message.h"

namespace tessera::server {
namespace {

TEST(HttpMessageTest, JsonErrorHasCodeMessageAndPointerOnlyWhenGiven) {
  Response plain = JsonError(http::status::unsupported_media_type,
                             error_code::kUnsupportedMediaType, "send JSON");
  EXPECT_EQ(plain.result(), http::status::unsupported_media_type);
  EXPECT_EQ(plain[http::field::content_type], "application/json");
  EXPECT_EQ(nlohmann::json::parse(plain.body()),
            (nlohmann::json{{"code", "unsupported_media_type"}, {"message", "send JSON"}}));

  Response pointed =
      JsonError(http::status::bad_request, error_code::kBadRequest, "bad", "/answers/0", 10, false);
  EXPECT_EQ(nlohmann::json::parse(pointed.body())["pointer"], "/answers/0");
  EXPECT_EQ(pointed.version(), 10u);
  EXPECT_FALSE(pointed.keep_alive());
}

TEST(HttpMessageTest, JsonResponseSetsTypeAndLength) {
  Response response = JsonResponse(http::status::created, {{"id", 7}});
  EXPECT_EQ(response.result(), http::status::created);
  EXPECT_EQ(response.body(), R"({"id":7})");
  EXPECT_EQ(response[http::field::content_length], "8");
}

TEST(HttpMessageTest, StandardHeadersKeepAHandlersCacheControl) {
  Response asset = StaticAsset("body{}", "text/css");
  ApplyStandardHeaders(asset);
  EXPECT_EQ(asset[http::field::cache_control], "public, max-age=3600");
  EXPECT_EQ(asset[http::field::content_type], "text/css");
  EXPECT_EQ(asset.body(), "body{}");

  Response json = JsonResponse(http::status::ok, {{"status", "ok"}});
  ApplyStandardHeaders(json);
  EXPECT_EQ(json[http::field::cache_control], "no-store");
  EXPECT_EQ(json[http::field::server], "Tessera");
  EXPECT_EQ(json["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(json["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(json["X-Frame-Options"], "DENY");
  EXPECT_EQ(json["Content-Security-Policy"],
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

TEST(HttpMessageTest, RateLimitedErrorHasRetryAfterOfAtLeastOneSecond) {
  Response response = RateLimitedError(std::chrono::seconds(0));
  EXPECT_EQ(response.result(), http::status::too_many_requests);
  EXPECT_EQ(response[http::field::retry_after], "1");
  EXPECT_EQ(nlohmann::json::parse(response.body())["code"], "rate_limited");
}

}  // namespace
}  // namespace tessera::server
