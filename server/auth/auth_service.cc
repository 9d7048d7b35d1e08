#include "server/auth/auth_service.h"

#include <algorithm>

#include "server/auth/account_rules.h"
#include "server/auth/cookies.h"
#include "server/auth/password_hash.h"
#include "server/auth/secret_token.h"

namespace tessera::server {
namespace {

std::string TryAgainMessage(std::chrono::seconds wait) {
  const long long minutes = std::max<long long>(1, (wait.count() + 59) / 60);
  return "Too many sign-in attempts. Please try again in " + std::to_string(minutes) +
         (minutes == 1 ? " minute." : " minutes.");
}

Principal PrincipalFrom(int64_t user_id, const std::string& email,
                        const std::vector<engine::UserMembership>& memberships,
                        const std::string& csrf_token) {
  Principal principal;
  principal.user_id = user_id;
  principal.email = email;
  principal.csrf_token = csrf_token;
  for (const engine::UserMembership& membership : memberships) {
    std::optional<Role> role = ParseRole(membership.role);
    if (!role) continue;  // the schema allows only the three roles; ignore anything else
    principal.memberships.push_back(
        Membership{membership.organisation_id, membership.organisation_name, *role});
  }
  return principal;
}

}  // namespace

AuthService::AuthService(engine::Store& store, AuthOptions options)
    : store_(store),
      options_(std::move(options)),
      limiter_(options_.account_failures, options_.address_failures, options_.failure_window) {
  // A hash of a random password nobody knows: unknown emails are verified against it.
  Result<std::string> dummy = HashPassword(NewSecretToken());
  dummy_hash_ = dummy.ok() ? *dummy : std::string();
}

std::chrono::system_clock::time_point AuthService::Now() const {
  return options_.clock ? options_.clock() : std::chrono::system_clock::now();
}

int64_t AuthService::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
}

std::string AuthService::SessionCookie(const std::string& session_id) const {
  CookieAttributes attributes;
  attributes.secure = options_.secure_cookies;
  return SetCookieValue(kSessionCookieName, session_id, attributes);
}

std::string AuthService::ClearCookie() const {
  CookieAttributes attributes;
  attributes.secure = options_.secure_cookies;
  attributes.max_age = std::chrono::seconds(0);
  return SetCookieValue(kSessionCookieName, "", attributes);
}

Result<AuthService::SignedIn> AuthService::Login(std::string_view email, std::string_view password,
                                                 std::string_view remote_address,
                                                 std::chrono::seconds* retry_after) {
  const auto now = Now();
  Result<std::string> normal = NormaliseEmail(email);
  const std::string account = normal.ok() ? *normal : std::string(email.substr(0, 254));
  const std::string address(remote_address);
  if (const std::chrono::seconds wait = limiter_.RetryAfter(account, address, now);
      wait.count() > 0) {
    if (retry_after != nullptr) *retry_after = wait;
    return Status::ResourceExhausted(TryAgainMessage(wait));
  }
  std::optional<engine::User> user;
  if (normal.ok()) {
    Result<engine::User> found = store_.FindUserByEmail(*normal);
    if (found.ok()) {
      user = std::move(*found);
    } else if (found.status().code() != StatusCode::kNotFound) {
      return found.status();
    }
  }
  // The same argon2id work whether or not the account exists.
  const std::string& hash = user ? user->password_hash : dummy_hash_;
  const bool valid = VerifyPassword(hash, password) && user.has_value();
  if (!valid) {
    limiter_.RecordFailure(account, address, now);
    return Status::Unauthenticated(std::string(kGenericFailure));
  }
  limiter_.RecordSuccess(account);

  const int64_t seconds = NowSeconds();
  const std::string session_id = NewSecretToken();
  engine::SessionRecord session{SecretTokenHash(session_id), user->id, NewSecretToken(), seconds,
                                seconds};
  if (Status created = store_.CreateSession(session); !created.ok()) return created;
  Result<std::vector<engine::UserMembership>> memberships = store_.UserMemberships(user->id);
  if (!memberships.ok()) return memberships.status();
  MaybePurge(seconds);
  return SignedIn{PrincipalFrom(user->id, user->email, *memberships, session.csrf_token),
                  SessionCookie(session_id)};
}

std::optional<Principal> AuthService::Authenticate(const Request& request) {
  std::optional<std::string> cookie = CookieValue(request, kSessionCookieName);
  if (!cookie || !LooksLikeSecretToken(*cookie)) return std::nullopt;
  const std::string id_hash = SecretTokenHash(*cookie);
  Result<engine::SessionWithUser> found = store_.FindSession(id_hash);
  if (!found.ok()) return std::nullopt;
  const engine::SessionRecord& session = found->session;
  const int64_t now = NowSeconds();
  if (now - session.created_at >= options_.absolute_timeout.count() ||
      now - session.last_seen_at >= options_.idle_timeout.count()) {
    (void)store_.DeleteSession(id_hash);
    return std::nullopt;
  }
  if (now - session.last_seen_at >= options_.touch_interval.count()) {
    (void)store_.TouchSession(id_hash, now);
  }
  return PrincipalFrom(session.user_id, found->email, found->memberships, session.csrf_token);
}

void AuthService::Logout(const Request& request) {
  std::optional<std::string> cookie = CookieValue(request, kSessionCookieName);
  if (!cookie || !LooksLikeSecretToken(*cookie)) return;
  (void)store_.DeleteSession(SecretTokenHash(*cookie));
}

bool AuthService::CsrfMatches(const Principal& principal, std::string_view token) {
  return SecretsEqual(principal.csrf_token, token);
}

void AuthService::MaybePurge(int64_t now) {
  const int64_t period = std::max<int64_t>(60, options_.idle_timeout.count() / 4);
  int64_t last = last_purge_.load();
  if (now - last < period || !last_purge_.compare_exchange_strong(last, now)) return;
  (void)store_.PurgeSessions(now - options_.idle_timeout.count(),
                             now - options_.absolute_timeout.count());
}

}  // namespace tessera::server
