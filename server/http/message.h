// HTTP request and response types, and the helpers that build Tessera's responses: JSON bodies,
// JSON errors with stable codes, static assets, and the headers every response carries.
#ifndef TESSERA_SERVER_HTTP_MESSAGE_H_
#define TESSERA_SERVER_HTTP_MESSAGE_H_

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/http/beast.h"

namespace tessera::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Stable error codes; they appear as "code" in every JSON error body.
namespace error_code {
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kMethodNotAllowed = "method_not_allowed";
inline constexpr std::string_view kPayloadTooLarge = "payload_too_large";  // 413
inline constexpr std::string_view kHeaderTooLarge = "header_too_large";    // 431
inline constexpr std::string_view kBadRequest = "bad_request";             // malformed HTTP
inline constexpr std::string_view kInternal = "internal";                  // 500
inline constexpr std::string_view kTimeout = "timeout";                    // 408
inline constexpr std::string_view kRateLimited = "rate_limited";           // 429
inline constexpr std::string_view kUnsupportedMediaType = "unsupported_media_type";  // 415
inline constexpr std::string_view kBusy = "busy";  // 503: too many streamed responses at once
inline constexpr std::string_view kNotImplemented = "not_implemented";  // 501: transfer coding
}  // namespace error_code

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// {"code": code, "message": message, "pointer": pointer}, "pointer" only when non-empty;
// Content-Type application/json.
Response JsonError(http::status status, std::string_view code, std::string_view message,
                   std::string_view pointer = {}, unsigned version = 11, bool keep_alive = true);

// The JSON document as the body; Content-Type application/json.
Response JsonResponse(http::status status, const nlohmann::json& body, unsigned version = 11,
                      bool keep_alive = true);

// 429 rate_limited with Retry-After (whole seconds, at least 1).
Response RateLimitedError(std::chrono::seconds retry_after, unsigned version = 11,
                          bool keep_alive = true);

// An HTML page (text/html; charset=utf-8) with the request's version and keep-alive.
Response HtmlResponse(http::status status, std::string body, const Request& request);

// 303 See Other to `location`, with the request's version and keep-alive.
Response SeeOther(std::string_view location, const Request& request);

// 200 with the given body and type, cacheable for an hour (Cache-Control: public, max-age=3600).
Response StaticAsset(std::string_view body, std::string_view content_type, unsigned version = 11,
                     bool keep_alive = true);

// Server: Tessera, the security headers (nosniff, no-referrer, DENY, the strict CSP) and
// Cache-Control: no-store unless the response already has a Cache-Control. Takes the header so
// streamed responses (whose body type differs) get the same fields.
void ApplyStandardHeaders(http::response_header<>& response);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_MESSAGE_H_
