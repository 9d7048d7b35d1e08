// LogRateLimiter: lets the same log line through at most once per interval (one second by
// default). The lines held back are counted, and the next line let through says how many:
// "accept failed: Too many open files (8712 similar messages suppressed)". A fault that repeats
// thousands of times a second (descriptors exhausted, a client hammering a broken path) then
// costs a line a second instead of filling the disk. The key of a line is its text. At most
// max_keys texts are remembered; past that the one logged longest ago is forgotten, with its
// count. Thread-safe.
#ifndef TESSERA_SERVER_HTTP_LOG_RATE_LIMITER_H_
#define TESSERA_SERVER_HTTP_LOG_RATE_LIMITER_H_

#include <spdlog/common.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace spdlog {
class logger;
}  // namespace spdlog

namespace tessera::server {

class LogRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogRateLimiter(Clock::duration interval = std::chrono::seconds(1),
                          std::size_t max_keys = 256);

  LogRateLimiter(const LogRateLimiter&) = delete;
  LogRateLimiter& operator=(const LogRateLimiter&) = delete;

  // Whether a line `key` may be logged at `now`: if so, how many lines with the same key were
  // held back since the last one let through (and that count starts again from 0); if not,
  // nullopt (and the line is counted).
  std::optional<std::uint64_t> Admit(std::string_view key, Clock::time_point now);

  // Logs `message` on `logger` at `level` when Admit lets it through, followed by
  // " (N similar messages suppressed)" when N > 0. Returns whether it logged.
  bool Log(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
           Clock::time_point now = Clock::now());

  // The lines held back and not yet reported, per key (in no particular order); their counts
  // start again from 0. For a summary when the server stops.
  std::vector<std::pair<std::string, std::uint64_t>> TakeSuppressed();

  std::size_t key_count() const;

 private:
  struct Entry {
    Clock::time_point last_logged;
    std::uint64_t suppressed = 0;
  };

  const Clock::duration interval_;
  const std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// `message`, followed by " (N similar messages suppressed)" when `suppressed` > 0
// (" (1 similar message suppressed)" for one).
std::string WithSuppressedCount(std::string_view message, std::uint64_t suppressed);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_LOG_RATE_LIMITER_H_
