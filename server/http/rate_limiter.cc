#include "server/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace tessera::server {
namespace {

constexpr double kMaxRetryAfterSeconds = 24 * 60 * 60;

}  // namespace

RateLimiter::RateLimiter(double capacity, double refill_per_second, std::size_t max_keys)
    : capacity_(std::max(1.0, capacity)),
      refill_per_second_(std::max(0.0, refill_per_second)),
      max_keys_(std::max<std::size_t>(1, max_keys)) {}

RateLimiter::Decision RateLimiter::Take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    while (buckets_.size() >= max_keys_) {
      buckets_.erase(recency_.back());
      recency_.pop_back();
    }
    recency_.push_front(key);
    it = buckets_.emplace(key, Bucket{capacity_, now, recency_.begin()}).first;
  } else {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
  }

  Bucket& bucket = it->second;
  if (now > bucket.updated) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(capacity_, bucket.tokens + elapsed * refill_per_second_);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {true, std::chrono::seconds(0)};
  }
  double wait = kMaxRetryAfterSeconds;
  if (refill_per_second_ > 0) {
    wait = std::min(kMaxRetryAfterSeconds, std::ceil((1.0 - bucket.tokens) / refill_per_second_));
  }
  return {false, std::chrono::seconds(std::max(1LL, static_cast<long long>(wait)))};
}

std::size_t RateLimiter::key_count() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace tessera::server
