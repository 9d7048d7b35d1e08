// AuthService against an in-memory store with an injected clock: sign-in, sessions, expiry,
// sign-out and the login rate limits.
#include "server/auth/auth_service.h"

#include <gtest/gtest.h>

#include <cstring>

#include "server/auth/secret_token.h"
#include "tests/server/auth/auth_test_support.h"

namespace tessera::server {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::AuthWorld;
using testing::CookiePair;
using testing::kAdaPassword;
using testing::ManualClock;

Request WithCookie(const std::string& set_cookie) {
  Request request{http::verb::get, "/dashboard", 11};
  request.set(http::field::cookie, CookiePair(set_cookie));
  return request;
}

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() : world_(testing::MakeAuthWorld()) {
    AuthOptions options;
    options.clock = clock_.Function();
    auth_ = std::make_unique<AuthService>(*world_.store, options);
  }

  ManualClock clock_;
  AuthWorld world_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, LoginGivesAPrincipalWithRolesAndACookie) {
  auto signed_in = auth_->Login("Ada@Example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
  const Principal& principal = signed_in->principal;
  EXPECT_EQ(principal.user_id, world_.ada);
  EXPECT_EQ(principal.email, "ada@example.org");
  ASSERT_EQ(principal.memberships.size(), 2u);
  ASSERT_NE(principal.In(world_.riverside), nullptr);
  EXPECT_EQ(principal.In(world_.riverside)->role, Role::kManager);
  EXPECT_EQ(principal.In(world_.harbour)->role, Role::kEvaluator);
  EXPECT_EQ(principal.In(world_.harbour)->organisation_name, "Harbour Trust");
  EXPECT_EQ(principal.csrf_token.size(), 43u);
  EXPECT_EQ(signed_in->set_cookie.rfind("tessera_session=", 0), 0u);
  EXPECT_NE(signed_in->set_cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(signed_in->set_cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(signed_in->set_cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(signed_in->set_cookie.find("Secure"), std::string::npos);

  auto again = auth_->Authenticate(WithCookie(signed_in->set_cookie));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->user_id, world_.ada);
  EXPECT_EQ(again->csrf_token, principal.csrf_token);
  EXPECT_TRUE(AuthService::CsrfMatches(*again, principal.csrf_token));
  EXPECT_FALSE(AuthService::CsrfMatches(*again, ""));
  EXPECT_FALSE(AuthService::CsrfMatches(*again, principal.csrf_token.substr(1) + "x"));
}

TEST_F(AuthServiceTest, SecureCookiesWhenAskedFor) {
  AuthOptions options;
  options.secure_cookies = true;
  AuthService secure(*world_.store, options);
  auto signed_in = secure.Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  EXPECT_NE(signed_in->set_cookie.find("; Secure"), std::string::npos);
  EXPECT_NE(secure.ClearCookie().find("; Secure"), std::string::npos);
  EXPECT_NE(secure.ClearCookie().find("Max-Age=0"), std::string::npos);
}

TEST_F(AuthServiceTest, OnlyTheSessionIdHashIsStored) {
  auto signed_in = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  const std::string id = CookiePair(signed_in->set_cookie).substr(strlen("tessera_session="));
  EXPECT_EQ(id.size(), 43u);
  EXPECT_FALSE(world_.store->FindSession(id).ok());
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserFailAlike) {
  auto wrong = auth_->Login("ada@example.org", "not the password", "10.0.0.1");
  auto unknown = auth_->Login("nobody@example.org", kAdaPassword, "10.0.0.1");
  auto malformed = auth_->Login("not an email", kAdaPassword, "10.0.0.1");
  for (const auto* result : {&wrong, &unknown, &malformed}) {
    ASSERT_FALSE(result->ok());
    EXPECT_EQ(result->status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(result->status().message(), AuthService::kGenericFailure);
  }
}

TEST_F(AuthServiceTest, EveryLoginMakesANewSession) {
  auto first = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  auto second = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(CookiePair(first->set_cookie), CookiePair(second->set_cookie));
  EXPECT_NE(first->principal.csrf_token, second->principal.csrf_token);
}

TEST_F(AuthServiceTest, MissingOrForgedCookiesAreNobody) {
  Request request{http::verb::get, "/", 11};
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
  request.set(http::field::cookie, "tessera_session=" + std::string(43, 'A'));
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
  request.set(http::field::cookie, "tessera_session=garbage");
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
}

TEST_F(AuthServiceTest, IdleSessionsExpire) {
  auto signed_in = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  const Request request = WithCookie(signed_in->set_cookie);
  // Activity every 20 minutes keeps the session going past the 30-minute idle timeout...
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(minutes(20));
    ASSERT_TRUE(auth_->Authenticate(request).has_value()) << i;
  }
  // ...but 30 minutes without a request ends it, for good.
  clock_.Advance(minutes(30));
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
  clock_.Advance(seconds(-60 * 29));
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
}

TEST_F(AuthServiceTest, SessionsEndAfterTheAbsoluteTimeout) {
  auto signed_in = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  const Request request = WithCookie(signed_in->set_cookie);
  for (int i = 0; i < 12 * 3; ++i) {  // busy for 12 hours, a request every 20 minutes
    ASSERT_TRUE(auth_->Authenticate(request).has_value()) << i;
    clock_.Advance(minutes(20));
  }
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
}

TEST_F(AuthServiceTest, LastSeenIsWrittenAtMostOncePerMinute) {
  auto signed_in = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  const Request request = WithCookie(signed_in->set_cookie);
  const std::string id = CookiePair(signed_in->set_cookie).substr(strlen("tessera_session="));
  auto last_seen = [&] {
    return world_.store->FindSession(SecretTokenHash(id))->session.last_seen_at;
  };
  const int64_t start = last_seen();
  clock_.Advance(seconds(30));
  ASSERT_TRUE(auth_->Authenticate(request).has_value());
  EXPECT_EQ(last_seen(), start);
  clock_.Advance(seconds(31));
  ASSERT_TRUE(auth_->Authenticate(request).has_value());
  EXPECT_EQ(last_seen(), start + 61);
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  auto signed_in = auth_->Login("ada@example.org", kAdaPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  const Request request = WithCookie(signed_in->set_cookie);
  ASSERT_TRUE(auth_->Authenticate(request).has_value());
  auth_->Logout(request);
  EXPECT_FALSE(auth_->Authenticate(request).has_value());
}

TEST_F(AuthServiceTest, SixthAttemptAfterFiveFailuresIsRefusedEvenWithThePassword) {
  for (int i = 0; i < 5; ++i) {
    auto failed = auth_->Login("ada@example.org", "wrong password " + std::to_string(i),
                               "10.0.0." + std::to_string(i));
    ASSERT_EQ(failed.status().code(), StatusCode::kUnauthenticated) << i;
  }
  seconds retry_after{0};
  auto refused = auth_->Login("ADA@example.org", kAdaPassword, "10.0.0.9", &retry_after);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(retry_after, minutes(15));
  EXPECT_NE(refused.status().message().find("try again in 15 minutes"), std::string::npos)
      << refused.status().message();
  // Another account still signs in.
  EXPECT_TRUE(auth_->Login("bob@example.org", testing::kBobPassword, "10.0.0.9").ok());
  // Once the failures have aged out, the account works again.
  clock_.Advance(minutes(15));
  EXPECT_TRUE(auth_->Login("ada@example.org", kAdaPassword, "10.0.0.9").ok());
}

TEST_F(AuthServiceTest, SuccessResetsTheAccountCount) {
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4; ++i) {
      ASSERT_FALSE(
          auth_->Login("ada@example.org", "wrong password", "10.0.1." + std::to_string(round))
              .ok());
    }
    ASSERT_TRUE(auth_->Login("ada@example.org", kAdaPassword, "10.0.2.1").ok()) << round;
  }
}

TEST_F(AuthServiceTest, OneAddressIsLimitedAcrossAccounts) {
  for (int i = 0; i < 20; ++i) {
    auto failed =
        auth_->Login("user" + std::to_string(i) + "@example.org", "wrong password", "10.9.9.9");
    ASSERT_EQ(failed.status().code(), StatusCode::kUnauthenticated) << i;
  }
  auto refused = auth_->Login("ada@example.org", kAdaPassword, "10.9.9.9");
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(auth_->Login("ada@example.org", kAdaPassword, "10.9.9.10").ok());
}

}  // namespace
}  // namespace tessera::server
