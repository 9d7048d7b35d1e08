// LogRateLimiter with explicit time points (no clock is read), and its Log() on a captured
// logger.
#include "server/http/log_rate_limiter.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>

namespace tessera::server {
namespace {

using Clock = LogRateLimiter::Clock;
using std::chrono::milliseconds;

TEST(LogRateLimiterTest, FirstLineIsLoggedAndRepeatsWithinTheIntervalAreSuppressed) {
  LogRateLimiter limiter(milliseconds(1000));
  const Clock::time_point start{};
  EXPECT_EQ(limiter.Admit("accept failed", start), 0u);
  for (int i = 1; i <= 999; ++i) {
    EXPECT_FALSE(limiter.Admit("accept failed", start + milliseconds(i)).has_value()) << i;
  }
  // A second later the next one goes through and says how many were held back.
  EXPECT_EQ(limiter.Admit("accept failed", start + milliseconds(1000)), 999u);
  // The count starts again.
  EXPECT_FALSE(limiter.Admit("accept failed", start + milliseconds(1500)).has_value());
  EXPECT_EQ(limiter.Admit("accept failed", start + milliseconds(2000)), 1u);
  EXPECT_EQ(limiter.Admit("accept failed", start + milliseconds(3000)), 0u);
}

TEST(LogRateLimiterTest, DifferentMessagesAreLimitedApart) {
  LogRateLimiter limiter(milliseconds(1000));
  const Clock::time_point start{};
  EXPECT_EQ(limiter.Admit("a", start), 0u);
  EXPECT_EQ(limiter.Admit("b", start), 0u);
  EXPECT_FALSE(limiter.Admit("a", start + milliseconds(1)).has_value());
  EXPECT_FALSE(limiter.Admit("a", start + milliseconds(2)).has_value());
  EXPECT_FALSE(limiter.Admit("b", start + milliseconds(3)).has_value());
  EXPECT_EQ(limiter.Admit("a", start + milliseconds(1000)), 2u);
  EXPECT_EQ(limiter.Admit("b", start + milliseconds(1000)), 1u);
}

TEST(LogRateLimiterTest, TakeSuppressedReportsWhatWasHeldBackOnce) {
  LogRateLimiter limiter(milliseconds(1000));
  const Clock::time_point start{};
  limiter.Admit("a", start);
  limiter.Admit("b", start);
  for (int i = 0; i < 5; ++i) limiter.Admit("a", start + milliseconds(10));
  auto pending = limiter.TakeSuppressed();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].first, "a");
  EXPECT_EQ(pending[0].second, 5u);
  EXPECT_TRUE(limiter.TakeSuppressed().empty());
  // Reported already: the next line let through does not count them again.
  EXPECT_EQ(limiter.Admit("a", start + milliseconds(1000)), 0u);
}

TEST(LogRateLimiterTest, RemembersAtMostMaxKeysForgettingTheOldest) {
  LogRateLimiter limiter(milliseconds(1000), 3);
  const Clock::time_point start{};
  limiter.Admit("a", start);
  limiter.Admit("b", start + milliseconds(1));
  limiter.Admit("c", start + milliseconds(2));
  limiter.Admit("d", start + milliseconds(3));  // forgets "a"
  EXPECT_EQ(limiter.key_count(), 3u);
  EXPECT_EQ(limiter.Admit("a", start + milliseconds(4)), 0u);  // new again: let through
  EXPECT_FALSE(limiter.Admit("d", start + milliseconds(5)).has_value());
}

TEST(LogRateLimiterTest, WithSuppressedCountSummarises) {
  EXPECT_EQ(WithSuppressedCount("accept failed", 0), "accept failed");
  EXPECT_EQ(WithSuppressedCount("accept failed", 1),
            "accept failed (1 similar message suppressed)");
  EXPECT_EQ(WithSuppressedCount("accept failed", 8712),
            "accept failed (8712 similar messages suppressed)");
}

TEST(LogRateLimiterTest, LogWritesOneLinePerIntervalWithTheSummary) {
  std::ostringstream stream;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(stream);
  sink->set_pattern("%l %v");
  spdlog::logger logger("log_rate_limiter_test", sink);
  LogRateLimiter limiter(milliseconds(1000));
  const Clock::time_point start{};
  int logged = 0;
  // A burst of 10,000 identical lines over 2.5 s gives three lines.
  for (int i = 0; i < 10000; ++i) {
    if (limiter.Log(logger, spdlog::level::warn, "accept failed: Too many open files",
                    start + milliseconds(i / 4))) {
      ++logged;
    }
  }
  logger.flush();
  EXPECT_EQ(logged, 3);
  const std::string text = stream.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
  EXPECT_NE(text.find("warning accept failed: Too many open files\n"), std::string::npos) << text;
  EXPECT_NE(text.find("accept failed: Too many open files (3999 similar messages suppressed)"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace tessera::server
