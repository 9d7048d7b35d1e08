// RateLimiter: a token bucket per key (such as a client address), held in memory only and never
// persisted. Memory is bounded: past max_keys the least recently used key is forgotten (it starts
// again with a full bucket). Thread-safe.
#ifndef TESSERA_SERVER_HTTP_RATE_LIMITER_H_
#define TESSERA_SERVER_HTTP_RATE_LIMITER_H_

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tessera::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool allowed = false;
    std::chrono::seconds retry_after{0};  // when refused: whole seconds until a token is back
  };

  // Each key may burst `capacity` requests, then gets `refill_per_second` more per second.
  RateLimiter(double capacity, double refill_per_second, std::size_t max_keys);

  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token for `key` if one is available.
  Decision Take(const std::string& key, Clock::time_point now);
  bool Allow(const std::string& key, Clock::time_point now) { return Take(key, now).allowed; }

  std::size_t key_count() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
    std::list<std::string>::iterator recency;  // position in recency_
  };

  const double capacity_;
  const double refill_per_second_;
  const std::size_t max_keys_;

  mutable std::mutex mutex_;
  std::list<std::string> recency_;  // most recently used first
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_RATE_LIMITER_H_
