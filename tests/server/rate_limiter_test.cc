#include "server/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace tessera::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const RateLimiter::Clock::time_point kStart{seconds(1000)};

TEST(RateLimiterTest, AllowsABurstUpToCapacityThenRefuses) {
  RateLimiter limiter(3, 1, 100);
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_TRUE(limiter.Allow("a", kStart));
  const RateLimiter::Decision refused = limiter.Take("a", kStart);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));
}

TEST(RateLimiterTest, RefillsWithTimeButNotBeyondCapacity) {
  RateLimiter limiter(2, 0.5, 100);  // one token every two seconds
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_FALSE(limiter.Allow("a", kStart));
  EXPECT_EQ(limiter.Take("a", kStart).retry_after, seconds(2));
  EXPECT_FALSE(limiter.Allow("a", kStart + seconds(1)));
  EXPECT_EQ(limiter.Take("a", kStart + seconds(1)).retry_after, seconds(1));
  EXPECT_TRUE(limiter.Allow("a", kStart + seconds(2)));
  EXPECT_FALSE(limiter.Allow("a", kStart + seconds(2)));
  // A long pause refills only up to capacity.
  const auto later = kStart + seconds(3600);
  EXPECT_TRUE(limiter.Allow("a", later));
  EXPECT_TRUE(limiter.Allow("a", later));
  EXPECT_FALSE(limiter.Allow("a", later));
}

TEST(RateLimiterTest, RetryAfterRoundsUpToWholeSeconds) {
  RateLimiter limiter(1, 4, 100);  // a token every 250 ms
  EXPECT_TRUE(limiter.Allow("a", kStart));
  const RateLimiter::Decision refused = limiter.Take("a", kStart + milliseconds(100));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));
  EXPECT_TRUE(limiter.Allow("a", kStart + milliseconds(250)));
}

TEST(RateLimiterTest, KeysHaveSeparateBuckets) {
  RateLimiter limiter(1, 1, 100);
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_FALSE(limiter.Allow("a", kStart));
  EXPECT_TRUE(limiter.Allow("b", kStart));
  EXPECT_EQ(limiter.key_count(), 2u);
}

TEST(RateLimiterTest, TimeGoingBackwardsAddsNoTokens) {
  RateLimiter limiter(1, 1, 100);
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_FALSE(limiter.Allow("a", kStart - seconds(10)));
  EXPECT_FALSE(limiter.Allow("a", kStart + milliseconds(500)));
  EXPECT_TRUE(limiter.Allow("a", kStart + seconds(1)));
}

TEST(RateLimiterTest, MemoryIsBoundedByEvictingTheLeastRecentlyUsedKey) {
  RateLimiter limiter(1, 0, 2);  // no refill: a refused key stays refused while remembered
  EXPECT_TRUE(limiter.Allow("a", kStart));
  EXPECT_TRUE(limiter.Allow("b", kStart));
  EXPECT_FALSE(limiter.Allow("a", kStart));  // touches "a": "b" is now least recently used
  EXPECT_TRUE(limiter.Allow("c", kStart));   // evicts "b"
  EXPECT_EQ(limiter.key_count(), 2u);
  EXPECT_FALSE(limiter.Allow("a", kStart));  // still remembered
  EXPECT_FALSE(limiter.Allow("c", kStart));
  EXPECT_TRUE(limiter.Allow("b", kStart));  // forgotten, so it starts with a full bucket
  EXPECT_EQ(limiter.key_count(), 2u);
  for (int i = 0; i < 1000; ++i) limiter.Allow("key" + std::to_string(i), kStart);
  EXPECT_EQ(limiter.key_count(), 2u);
}

TEST(RateLimiterTest, NoRefillGivesALongRetryAfter) {
  RateLimiter limiter(1, 0, 10);
  EXPECT_TRUE(limiter.Allow("a", kStart));
  const RateLimiter::Decision refused = limiter.Take("a", kStart);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after, seconds(3600));
}

TEST(RateLimiterTest, IsThreadSafe) {
  RateLimiter limiter(100, 0, 1000);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (limiter.Allow("shared", kStart)) ++allowed;
        limiter.Allow("own" + std::to_string(t), kStart);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
  EXPECT_EQ(limiter.key_count(), 9u);
}

}  // namespace
}  // namespace tessera::server
