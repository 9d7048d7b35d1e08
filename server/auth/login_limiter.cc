#include "server/auth/login_limiter.h"

#include <algorithm>

namespace tessera::server {

LoginLimiter::LoginLimiter(int account_limit, int address_limit, std::chrono::seconds window,
                           std::size_t max_keys)
    : account_limit_(account_limit),
      address_limit_(address_limit),
      window_(window),
      max_keys_(max_keys) {}

std::chrono::seconds LoginLimiter::Wait(Failures& failures, const std::string& key, int limit,
                                        TimePoint now) const {
  auto found = failures.find(key);
  if (found == failures.end()) return std::chrono::seconds(0);
  std::deque<TimePoint>& times = found->second;
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
  if (times.empty()) {
    failures.erase(found);
    return std::chrono::seconds(0);
  }
  if (static_cast<int>(times.size()) < limit) return std::chrono::seconds(0);
  // Refused until enough failures have aged out to leave room for one more.
  const TimePoint free_at = times[times.size() - static_cast<size_t>(limit)] + window_;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(free_at - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::chrono::seconds LoginLimiter::RetryAfter(const std::string& account,
                                              const std::string& address, TimePoint now) {
  std::lock_guard lock(mutex_);
  return std::max(Wait(accounts_, account, account_limit_, now),
                  Wait(addresses_, address, address_limit_, now));
}

void LoginLimiter::Add(Failures& failures, const std::string& key, int limit, TimePoint now) {
  if (failures.size() >= max_keys_ && failures.find(key) == failures.end()) Prune(failures, now);
  std::deque<TimePoint>& times = failures[key];
  times.push_back(now);
  // Only the newest `limit` failures matter for the decision.
  while (static_cast<int>(times.size()) > std::max(limit, 1)) times.pop_front();
}

void LoginLimiter::Prune(Failures& failures, TimePoint now) {
  for (auto it = failures.begin(); it != failures.end();) {
    if (it->second.empty() || it->second.back() + window_ <= now) {
      it = failures.erase(it);
    } else {
      ++it;
    }
  }
  // Still full of recent failures: forget the keys whose last failure is oldest.
  while (failures.size() >= max_keys_ && !failures.empty()) {
    auto oldest = std::min_element(failures.begin(), failures.end(), [](auto& a, auto& b) {
      return a.second.back() < b.second.back();
    });
    failures.erase(oldest);
  }
}

void LoginLimiter::RecordFailure(const std::string& account, const std::string& address,
                                 TimePoint now) {
  std::lock_guard lock(mutex_);
  Add(accounts_, account, account_limit_, now);
  Add(addresses_, address, address_limit_, now);
}

void LoginLimiter::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
}

}  // namespace tessera::server
