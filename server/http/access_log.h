// The access log: one structured key=value line per response on the spdlog logger "access".
// It records method, path (tokens redacted, no query), status, bytes and duration_ms only:
// never the remote address, the user agent, query values or bodies.
#ifndef TESSERA_SERVER_HTTP_ACCESS_LOG_H_
#define TESSERA_SERVER_HTTP_ACCESS_LOG_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}  // namespace spdlog

namespace tessera::server {

inline constexpr char kAccessLoggerName[] = "access";

// Turns a request path into the form that may be logged.
using PathRedactor = std::function<std::string(std::string_view path)>;

// The default redactor: the segment after "s" or "surveys" becomes "[token]", e.g.
// "/api/v1/surveys/abc/draft" -> "/api/v1/surveys/[token]/draft", "/s/abc" -> "/s/[token]".
std::string RedactPathTokens(std::string_view path);

// "method=GET path=/healthz status=200 bytes=15 duration_ms=3".
std::string FormatAccessLine(std::string_view method, std::string_view redacted_path,
                             unsigned status, std::size_t bytes, long long duration_ms);

// The logger named "access": the registered one if any (a test or the lead may register their
// own first), else a new one writing to stderr.
std::shared_ptr<spdlog::logger> AccessLogger();

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_ACCESS_LOG_H_
