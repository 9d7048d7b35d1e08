#include "survey/token.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tessera::survey {
namespace {

bool AllOf(const std::string& text, const std::string& alphabet) {
  return text.find_first_not_of(alphabet) == std::string::npos;
}

const std::string kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const std::string kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

TEST(TokenTest, NewTokenIs43UrlSafeCharacters) {
  const std::string token = NewToken();
  EXPECT_EQ(token.size(), 43u);
  EXPECT_TRUE(AllOf(token, kBase64Url)) << token;
  EXPECT_TRUE(LooksLikeToken(token));
}

TEST(TokenTest, ThousandTokensAreDistinct) {
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) tokens.insert(NewToken());
  EXPECT_EQ(tokens.size(), 1000u);
}

TEST(TokenTest, LooksLikeTokenRejectsOtherShapes) {
  const std::string good(43, 'a');
  EXPECT_TRUE(LooksLikeToken(good));
  EXPECT_TRUE(LooksLikeToken("abcdefghijklmnopqrstuvwxyz-_ABCDEFGHIJ01234"));
  EXPECT_FALSE(LooksLikeToken(""));
  EXPECT_FALSE(LooksLikeToken(std::string(42, 'a')));
  EXPECT_FALSE(LooksLikeToken(std::string(44, 'a')));
  EXPECT_FALSE(LooksLikeToken(std::string(42, 'a') + "="));
  EXPECT_FALSE(LooksLikeToken(std::string(42, 'a') + "+"));
  EXPECT_FALSE(LooksLikeToken(std::string(42, 'a') + "/"));
  EXPECT_FALSE(LooksLikeToken(std::string(42, 'a') + "\xc3"));
}

TEST(TokenTest, HashIsStableLowerCaseHexSha256) {
  const std::string token = NewToken();
  const std::string hash = TokenHash(token);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_TRUE(AllOf(hash, "0123456789abcdef")) << hash;
  EXPECT_EQ(TokenHash(token), hash);
  EXPECT_NE(TokenHash(NewToken()), hash);
  EXPECT_EQ(hash.find(token), std::string::npos);
  // Known answer: SHA-256("abc").
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenTest, ReceiptCodeShape) {
  std::set<std::string> codes;
  for (int i = 0; i < 200; ++i) {
    const std::string code = NewReceiptCode();
    ASSERT_EQ(code.size(), 19u) << code;
    for (size_t j = 0; j < code.size(); ++j) {
      if (j % 5 == 4) {
        EXPECT_EQ(code[j], '-') << code;
      } else {
        EXPECT_NE(kCrockford.find(code[j]), std::string::npos) << code;
      }
    }
    EXPECT_TRUE(LooksLikeReceiptCode(code)) << code;
    codes.insert(code);
  }
  EXPECT_EQ(codes.size(), 200u);
}

TEST(TokenTest, LooksLikeReceiptCodeRejectsOtherShapes) {
  EXPECT_TRUE(LooksLikeReceiptCode("K7QD-9M2X-F3HP-TW8R"));
  EXPECT_FALSE(LooksLikeReceiptCode(""));
  EXPECT_FALSE(LooksLikeReceiptCode("K7QD9M2XF3HPTW8R"));
  EXPECT_FALSE(LooksLikeReceiptCode("K7QD-9M2X-F3HP-TW8"));
  EXPECT_FALSE(LooksLikeReceiptCode("K7QD-9M2X-F3HP-TW8RR"));
  EXPECT_FALSE(LooksLikeReceiptCode("K7QD-9M2X-F3HP-TW8I"));  // I is not Crockford
  EXPECT_FALSE(LooksLikeReceiptCode("K7QD-9M2X-F3HP-TW8U"));  // U neither
  EXPECT_FALSE(LooksLikeReceiptCode("k7qd-9m2x-f3hp-tw8r"));
  EXPECT_FALSE(LooksLikeReceiptCode("K7QD_9M2X_F3HP_TW8R"));
}

TEST(TokenTest, RedactTokensHidesSurveyLinks) {
  const std::string token = NewToken();
  EXPECT_EQ(RedactTokens("/s/" + token), "/s/[token]");
  EXPECT_EQ(RedactTokens("/s/" + token + "?page=2"), "/s/[token]?page=2");
  EXPECT_EQ(RedactTokens("/api/v1/surveys/" + token + "/draft"), "/api/v1/surveys/[token]/draft");
  EXPECT_EQ(RedactTokens("/api/v1/surveys/" + token), "/api/v1/surveys/[token]");
  EXPECT_EQ(RedactTokens("/healthz"), "/healthz");
  EXPECT_EQ(RedactTokens("/"), "/");
  EXPECT_EQ(RedactTokens(""), "");
}

TEST(TokenTest, RedactTokensHidesAnythingAfterTheMarkers) {
  // Even a mistyped or truncated token is never logged.
  EXPECT_EQ(RedactTokens("/s/short-or-garbage"), "/s/[token]");
  EXPECT_EQ(RedactTokens("/api/v1/surveys/abc/submit?x=1"), "/api/v1/surveys/[token]/submit?x=1");
}

TEST(TokenTest, RedactTokensHidesTokenShapedQueryValues) {
  const std::string token = NewToken();
  const std::string redacted = RedactTokens("/s?t=" + token + "&page=2");
  EXPECT_EQ(redacted, "/s?t=[token]&page=2");
  EXPECT_EQ(RedactTokens("/s/" + token + "?t=" + token), "/s/[token]?t=[token]");
  EXPECT_EQ(RedactTokens("/x?" + token), "/x?[token]");
  EXPECT_EQ(RedactTokens("/api/v1/campaigns?page=2&sort=name"),
            "/api/v1/campaigns?page=2&sort=name");
}

TEST(TokenTest, RedactedTargetsNeverContainTheToken) {
  const std::string token = NewToken();
  for (const std::string& target :
       {"/s/" + token, "/s/" + token + "/", "/api/v1/surveys/" + token + "/draft?x=" + token,
        "/other/" + token, "/s/" + token + "?page=2#top"}) {
    EXPECT_EQ(RedactTokens(target).find(token), std::string::npos) << RedactTokens(target);
  }
}

}  // namespace
}  // namespace tessera::survey
