// Password hashing and rules, roles, emails, cookies, redirects, secrets and the login limiter.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "server/auth/account_rules.h"
#include "server/auth/cookies.h"
#include "server/auth/login_limiter.h"
#include "server/auth/login_page.h"
#include "server/auth/password_hash.h"
#include "server/auth/principal.h"
#include "server/auth/redirect_target.h"
#include "server/auth/role.h"
#include "server/auth/secret_token.h"

namespace tessera::server {
namespace {

using std::chrono::seconds;

TEST(PasswordHashTest, HashesAreArgon2idAndVerify) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  // At least libsodium's interactive limits: 64 MiB, 2 passes.
  EXPECT_NE(hash->find("m=65536,t=2"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  // A fresh salt every time.
  EXPECT_NE(*HashPassword("correct horse battery"), *hash);
}

TEST(PasswordHashTest, RulesNeedTwelveCharacters) {
  EXPECT_TRUE(CheckPasswordRules("abcdefghijkl").ok());
  Status short_one = CheckPasswordRules("abcdefghijk");
  EXPECT_EQ(short_one.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(short_one.message().find("at least 12 characters"), std::string::npos);
  // Characters, not bytes: eleven two-byte letters are still too short.
  std::string eleven;
  for (int i = 0; i < 11; ++i) eleven += "\xC3\xA9";
  EXPECT_FALSE(CheckPasswordRules(eleven).ok());
  EXPECT_TRUE(CheckPasswordRules(eleven + "\xC3\xA9").ok());
  EXPECT_FALSE(CheckPasswordRules(std::string(kMaxPasswordBytes + 1, 'x')).ok());
  EXPECT_FALSE(CheckPasswordRules("abcdefghijkl\nmnop").ok());
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role role : {Role::kAdmin, Role::kManager, Role::kEvaluator}) {
    std::optional<Role> parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
  EXPECT_EQ(RoleName(Role::kManager), "manager");
  EXPECT_EQ(RoleName(Role::kEvaluator), "evaluator");
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("owner").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(PrincipalTest, InFindsTheMembership) {
  Principal principal;
  principal.memberships = {{7, "Riverside", Role::kManager}, {9, "Harbour", Role::kAdmin}};
  ASSERT_NE(principal.In(9), nullptr);
  EXPECT_EQ(principal.In(9)->role, Role::kAdmin);
  EXPECT_EQ(principal.In(7)->organisation_name, "Riverside");
  EXPECT_EQ(principal.In(8), nullptr);
}

TEST(AccountRulesTest, EmailsAreNormalised) {
  EXPECT_EQ(*NormaliseEmail("  Ada@Example.ORG "), "ada@example.org");
  for (const char* bad : {"", "ada", "@example.org", "ada@", "a@b@c", "ada smith@example.org",
                          "ada@exa\nmple.org", "<ada@example.org>"}) {
    EXPECT_FALSE(NormaliseEmail(bad).ok()) << bad;
  }
  EXPECT_FALSE(NormaliseEmail(std::string(250, 'a') + "@b.org").ok());
}

TEST(CookieTest, SessionCookieAttributes) {
  const std::string cookie = SetCookieValue("tessera_session", "abc", {});
  EXPECT_EQ(cookie, "tessera_session=abc; Path=/; HttpOnly; SameSite=Strict");
  CookieAttributes secure;
  secure.secure = true;
  secure.max_age = seconds(0);
  EXPECT_EQ(SetCookieValue("tessera_session", "", secure),
            "tessera_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
}

TEST(CookieTest, ValuesAreReadFromCookieHeaders) {
  Request request{http::verb::get, "/", 11};
  EXPECT_FALSE(CookieValue(request, "tessera_session").has_value());
  request.insert(http::field::cookie, "theme=dark; tessera_sessionx=no;tessera_session=abc");
  request.insert(http::field::cookie, "tessera_session=second");
  EXPECT_EQ(CookieValue(request, "tessera_session"), "abc");
  EXPECT_EQ(CookieValue(request, "theme"), "dark");
  EXPECT_FALSE(CookieValue(request, "missing").has_value());
}

TEST(RedirectTest, OnlyLocalPathsAreFollowed) {
  for (const char* good : {"/dashboard", "/dashboard/campaigns/3?view=trends", "/"}) {
    EXPECT_TRUE(IsLocalRedirect(good)) << good;
    EXPECT_EQ(RedirectAfterLogin(good), good);
  }
  for (const char* bad : {"https://evil.example/", "//evil.example", "/\\evil.example",
                          "\\\\evil.example", "javascript:alert(1)", "evil.example", "",
                          "/ok\r\nSet-Cookie: x=y", "/a\\b", " /dashboard"}) {
    EXPECT_FALSE(IsLocalRedirect(bad)) << bad;
    EXPECT_EQ(RedirectAfterLogin(bad), "/dashboard") << bad;
  }
}

TEST(SecretTokenTest, TokensAreRandomUrlSafeAndHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = NewSecretToken();
    EXPECT_TRUE(LooksLikeSecretToken(token)) << token;
    EXPECT_TRUE(seen.insert(token).second);
  }
  const std::string token = *seen.begin();
  EXPECT_EQ(SecretTokenHash(token).size(), 64u);
  EXPECT_NE(SecretTokenHash(token), token);
  EXPECT_EQ(SecretTokenHash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(LooksLikeSecretToken("short"));
  EXPECT_FALSE(LooksLikeSecretToken(std::string(42, 'a') + "="));
  EXPECT_TRUE(SecretsEqual("same", "same"));
  EXPECT_FALSE(SecretsEqual("same", "Same"));
  EXPECT_FALSE(SecretsEqual("same", "samey"));
  EXPECT_FALSE(SecretsEqual("", ""));
}

TEST(LoginLimiterTest, AccountsAndAddressesAreLimitedSeparately) {
  LoginLimiter limiter(/*account_limit=*/3, /*address_limit=*/5, seconds(600));
  const auto start = std::chrono::system_clock::time_point(seconds(1'000'000));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.RetryAfter("ada", "10.0.0.1", start), seconds(0));
    limiter.RecordFailure("ada", "10.0.0.1", start + seconds(i));
  }
  // The oldest of the three failures ages out 600 s after it happened.
  EXPECT_EQ(limiter.RetryAfter("ada", "10.0.0.2", start + seconds(10)), seconds(590));
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.1", start + seconds(10)), seconds(0));
  EXPECT_EQ(limiter.RetryAfter("ada", "10.0.0.2", start + seconds(600)), seconds(0));
  // Two more failures from the address, for other accounts, reach its limit of five.
  limiter.RecordFailure("bob", "10.0.0.1", start + seconds(20));
  limiter.RecordFailure("cy", "10.0.0.1", start + seconds(21));
  EXPECT_GT(limiter.RetryAfter("dee", "10.0.0.1", start + seconds(30)), seconds(0));
  EXPECT_EQ(limiter.RetryAfter("dee", "10.0.0.9", start + seconds(30)), seconds(0));
}

TEST(LoginLimiterTest, SuccessClearsTheAccount) {
  LoginLimiter limiter(2, 100, seconds(600));
  const auto now = std::chrono::system_clock::time_point(seconds(5000));
  limiter.RecordFailure("ada", "a", now);
  limiter.RecordSuccess("ada");
  limiter.RecordFailure("ada", "a", now);
  EXPECT_EQ(limiter.RetryAfter("ada", "a", now), seconds(0));
  limiter.RecordFailure("ada", "a", now);
  EXPECT_EQ(limiter.RetryAfter("ada", "a", now), seconds(600));
}

TEST(LoginLimiterTest, MemoryIsBounded) {
  LoginLimiter limiter(/*account_limit=*/1, /*address_limit=*/1000, seconds(600),
                       /*max_keys=*/10);
  const auto now = std::chrono::system_clock::time_point(seconds(5000));
  for (int i = 0; i < 50; ++i) {
    limiter.RecordFailure("user" + std::to_string(i), "a", now + seconds(i));
  }
  // The keys whose last failure is oldest are forgotten first; the newest are remembered.
  EXPECT_EQ(limiter.RetryAfter("user0", "b", now + seconds(60)), seconds(0));
  EXPECT_EQ(limiter.RetryAfter("user39", "b", now + seconds(60)), seconds(0));
  EXPECT_GT(limiter.RetryAfter("user49", "b", now + seconds(60)), seconds(0));
  EXPECT_GT(limiter.RetryAfter("user41", "b", now + seconds(60)), seconds(0));
}

TEST(LoginPageTest, EverythingIsEscapedAndThePasswordNeverShown) {
  LoginPageView view;
  view.csrf_token = "tok\"en";
  view.email = "<script>alert(1)</script>@x";
  view.next = "/dashboard?a=1&b=\"2\"";
  view.error = "Bad <b>thing</b>";
  const std::string html = RenderLoginPage(view);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;@x"), std::string::npos);
  EXPECT_NE(html.find("value=\"tok&quot;en\""), std::string::npos);
  EXPECT_NE(html.find("Bad &lt;b&gt;thing&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("<label for=\"email\">"), std::string::npos);
  EXPECT_NE(html.find("<label for=\"password\">"), std::string::npos);
  EXPECT_NE(html.find("autocomplete=\"username\""), std::string::npos);
  EXPECT_NE(html.find("autocomplete=\"current-password\""), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\""), std::string::npos);
  EXPECT_NE(html.find("role=\"alert\""), std::string::npos);
  // The password field never carries a value.
  const size_t password = html.find("type=\"password\"");
  ASSERT_NE(password, std::string::npos);
  EXPECT_EQ(html.substr(password, html.find('>', password) - password).find("value="),
            std::string::npos);
}

}  // namespace
}  // namespace tessera::server
