#include "server/http/log_rate_limiter.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace tessera::server {

LogRateLimiter::LogRateLimiter(Clock::duration interval, std::size_t max_keys)
    : interval_(interval), max_keys_(std::max<std::size_t>(1, max_keys)) {}

std::optional<std::uint64_t> LogRateLimiter::Admit(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(std::string(key));
  if (found == entries_.end()) {
    if (entries_.size() >= max_keys_) {
      // Forget the key logged longest ago (a few hundred keys at most: a scan is fine).
      auto oldest = std::min_element(
          entries_.begin(), entries_.end(),
          [](const auto& a, const auto& b) { return a.second.last_logged < b.second.last_logged; });
      entries_.erase(oldest);
    }
    entries_.emplace(std::string(key), Entry{now, 0});
    return 0;
  }
  Entry& entry = found->second;
  if (now - entry.last_logged < interval_) {
    ++entry.suppressed;
    return std::nullopt;
  }
  const std::uint64_t suppressed = entry.suppressed;
  entry.last_logged = now;
  entry.suppressed = 0;
  return suppressed;
}

bool LogRateLimiter::Log(spdlog::logger& logger, spdlog::level::level_enum level,
                         std::string_view message, Clock::time_point now) {
  const std::optional<std::uint64_t> suppressed = Admit(message, now);
  if (!suppressed) return false;
  logger.log(level, WithSuppressedCount(message, *suppressed));
  return true;
}

std::vector<std::pair<std::string, std::uint64_t>> LogRateLimiter::TakeSuppressed() {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::uint64_t>> pending;
  for (auto& [key, entry] : entries_) {
    if (entry.suppressed == 0) continue;
    pending.emplace_back(key, entry.suppressed);
    entry.suppressed = 0;
  }
  return pending;
}

std::size_t LogRateLimiter::key_count() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::string WithSuppressedCount(std::string_view message, std::uint64_t suppressed) {
  if (suppressed == 0) return std::string(message);
  return fmt::format("{} ({} similar message{} suppressed)", message, suppressed,
                     suppressed == 1 ? "" : "s");
}

}  // namespace tessera::server
