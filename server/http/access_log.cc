#include "server/http/access_log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace tessera::server {

std::string RedactPathTokens(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  std::string_view previous;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (start > 0) out += '/';
    if (!segment.empty() && (previous == "s" || previous == "surveys")) {
      out += "[token]";
    } else {
      out += segment;
    }
    previous = segment;
    start = end + 1;
  }
  return out;
}

std::string FormatAccessLine(std::string_view method, std::string_view redacted_path,
                             unsigned status, std::size_t bytes, long long duration_ms) {
  return fmt::format("method={} path={} status={} bytes={} duration_ms={}", method, redacted_path,
                     status, bytes, duration_ms);
}

std::shared_ptr<spdlog::logger> AccessLogger() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto logger = spdlog::get(kAccessLoggerName)) return logger;
  return spdlog::stderr_color_mt(kAccessLoggerName);
}

}  // namespace tessera::server
