// AuthService: sign-in with email and password, sessions carried in the "tessera_session"
// cookie, idle and absolute expiry, sign-out, and the login rate limits. Thread-safe.
#ifndef TESSERA_SERVER_AUTH_AUTH_SERVICE_H_
#define TESSERA_SERVER_AUTH_AUTH_SERVICE_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/store.h"
#include "instruments/status.h"
#include "server/auth/login_limiter.h"
#include "server/auth/principal.h"
#include "server/http/message.h"

namespace tessera::server {

inline constexpr std::string_view kSessionCookieName = "tessera_session";

struct AuthOptions {
  // A session ends after this long without a request, and this long after sign-in in any case.
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 3600};
  // Adds Secure to the cookies; turn on when clients reach Tessera over HTTPS.
  bool secure_cookies = false;
  // Failed sign-ins allowed per account, and per client address, within `failure_window`.
  int account_failures = 5;
  int address_failures = 20;
  std::chrono::seconds failure_window{15 * 60};
  // last_seen_at is written at most this often per session.
  std::chrono::seconds touch_interval{60};
  // The time; empty means the system clock. Tests inject their own.
  std::function<std::chrono::system_clock::time_point()> clock;
};

class AuthService {
 public:
  // `store` must outlive the service and be safe to share between threads.
  explicit AuthService(engine::Store& store, AuthOptions options = {});

  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  struct SignedIn {
    Principal principal;
    std::string set_cookie;  // the full Set-Cookie header value of the new session
  };

  // A new session for the account. kUnauthenticated with one generic message for an unknown
  // email or a wrong password (both cost one argon2id verification); kResourceExhausted when
  // the account or the address has failed too often (the message says when to try again;
  // *retry_after is set). Every sign-in makes a new session id.
  Result<SignedIn> Login(std::string_view email, std::string_view password,
                         std::string_view remote_address,
                         std::chrono::seconds* retry_after = nullptr);

  // The principal of the request's session cookie; nullopt when there is no cookie, or its
  // session is unknown or expired (an expired one is deleted). Refreshes the idle expiry.
  std::optional<Principal> Authenticate(const Request& request);

  // Ends the request's session server-side (if any).
  void Logout(const Request& request);

  // The Set-Cookie value that removes the session cookie.
  std::string ClearCookie() const;

  // Constant-time comparison of `token` with the principal's CSRF token; false when either
  // is empty.
  static bool CsrfMatches(const Principal& principal, std::string_view token);

  const AuthOptions& options() const { return options_; }

  // The message of every failed sign-in.
  static constexpr std::string_view kGenericFailure = "The email or password is not correct.";

 private:
  int64_t NowSeconds() const;
  std::chrono::system_clock::time_point Now() const;
  std::string SessionCookie(const std::string& session_id) const;
  // Deletes expired sessions at most once per idle_timeout / 4.
  void MaybePurge(int64_t now);

  engine::Store& store_;
  const AuthOptions options_;
  LoginLimiter limiter_;
  std::string dummy_hash_;  // verified against for unknown emails, so timing tells nothing
  std::atomic<int64_t> last_purge_{0};
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_AUTH_SERVICE_H_
