// LoginLimiter: counts failed sign-ins per account and per client address in a sliding window,
// in memory only. Past the limit further attempts are refused until the oldest failure in the
// window has aged out. Memory is bounded. Thread-safe.
#ifndef TESSERA_SERVER_AUTH_LOGIN_LIMITER_H_
#define TESSERA_SERVER_AUTH_LOGIN_LIMITER_H_

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tessera::server {

class LoginLimiter {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  LoginLimiter(int account_limit, int address_limit, std::chrono::seconds window,
               std::size_t max_keys = 100000);

  // Zero when an attempt for the account from the address may go ahead; otherwise how long
  // until it may (whole seconds, at least 1).
  std::chrono::seconds RetryAfter(const std::string& account, const std::string& address,
                                  TimePoint now);

  void RecordFailure(const std::string& account, const std::string& address, TimePoint now);

  // A successful sign-in clears the account's failures (not the address's).
  void RecordSuccess(const std::string& account);

 private:
  using Failures = std::unordered_map<std::string, std::deque<TimePoint>>;

  std::chrono::seconds Wait(Failures& failures, const std::string& key, int limit,
                            TimePoint now) const;
  void Add(Failures& failures, const std::string& key, int limit, TimePoint now);
  void Prune(Failures& failures, TimePoint now);

  const int account_limit_;
  const int address_limit_;
  const std::chrono::seconds window_;
  const std::size_t max_keys_;

  std::mutex mutex_;
  Failures accounts_;
  Failures addresses_;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_LOGIN_LIMITER_H_
