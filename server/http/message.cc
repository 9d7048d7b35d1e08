#include "server/http/message.h"

#include <algorithm>
#include <string>

namespace tessera::server {
namespace {

Response MakeResponse(http::status status, unsigned version, bool keep_alive) {
  Response response{status, version};
  response.keep_alive(keep_alive);
  return response;
}

boost::beast::string_view ToBeast(std::string_view text) { return {text.data(), text.size()}; }

// Invalid UTF-8 becomes U+FFFD rather than throwing.
std::string Dump(const nlohmann::json& document) {
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Response JsonError(http::status status, std::string_view code, std::string_view message,
                   std::string_view pointer, unsigned version, bool keep_alive) {
  nlohmann::json body = {{"code", code}, {"message", message}};
  if (!pointer.empty()) body["pointer"] = pointer;
  return JsonResponse(status, body, version, keep_alive);
}

Response HtmlResponse(http::status status, std::string body, const Request& request) {
  Response response{status, request.version()};
  response.set(http::field::content_type, "text/html; charset=utf-8");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response SeeOther(std::string_view location, const Request& request) {
  Response response{http::status::see_other, request.version()};
  response.set(http::field::location, std::string(location));
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

Response JsonResponse(http::status status, const nlohmann::json& body, unsigned version,
                      bool keep_alive) {
  Response response = MakeResponse(status, version, keep_alive);
  response.set(http::field::content_type, "application/json");
  response.body() = Dump(body);
  response.prepare_payload();
  return response;
}

Response RateLimitedError(std::chrono::seconds retry_after, unsigned version, bool keep_alive) {
  Response response = JsonError(http::status::too_many_requests, error_code::kRateLimited,
                                "too many requests; try again later", {}, version, keep_alive);
  const long long seconds = std::max<long long>(1, retry_after.count());
  response.set(http::field::retry_after, std::to_string(seconds));
  return response;
}

Response StaticAsset(std::string_view body, std::string_view content_type, unsigned version,
                     bool keep_alive) {
  Response response = MakeResponse(http::status::ok, version, keep_alive);
  response.set(http::field::content_type, ToBeast(content_type));
  response.set(http::field::cache_control, "public, max-age=3600");
  response.body() = std::string(body);
  response.prepare_payload();
  return response;
}

void ApplyStandardHeaders(http::response_header<>& response) {
  response.set(http::field::server, "Tessera");
  if (response.find(http::field::cache_control) == response.end()) {
    response.set(http::field::cache_control, "no-store");
  }
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  response.set("Content-Security-Policy", ToBeast(kContentSecurityPolicy));
}

}  // namespace tessera::server
