#include "server/management/responses.h"

#include <charconv>

#include "server/pages/form_parsing.h"

namespace tessera::server {

std::pair<http::status, std::string_view> HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return {http::status::not_found, "not_found"};
    case StatusCode::kInvalidArgument:
      return {http::status::bad_request, "invalid_argument"};
    case StatusCode::kFailedPrecondition:
      return {http::status::conflict, "not_released"};
    case StatusCode::kConflict:
      return {http::status::conflict, "conflict"};
    case StatusCode::kUnauthenticated:
      return {http::status::unauthorized, "unauthenticated"};
    case StatusCode::kPermissionDenied:
      return {http::status::forbidden, "forbidden"};
    case StatusCode::kResourceExhausted:
      return {http::status::too_many_requests, "rate_limited"};
    default:
      return {http::status::internal_server_error, "internal"};
  }
}

Response JsonErrorFor(const Status& status, const Request& request, std::string_view pointer) {
  auto [http_status, code] = HttpStatusFor(status);
  if (http_status == http::status::internal_server_error) {
    return JsonError(http_status, code, "something went wrong on our side; please try again", {},
                     request.version(), request.keep_alive());
  }
  return JsonError(http_status, code, status.message(), pointer, request.version(),
                   request.keep_alive());
}

std::string QueryValue(std::string_view query, std::string_view name) {
  const pages::FormFields fields = pages::ParseForm(query);
  return pages::FirstValue(fields, std::string(name));
}

int64_t ParseId(std::string_view text) {
  int64_t id = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (ec != std::errc() || ptr != end || id <= 0) return 0;
  return id;
}

Result<engine::CommentPage> CommentPageFromQuery(std::string_view query) {
  engine::CommentPage page;
  for (const auto& [name, target] :
       {std::pair<std::string_view, int64_t*>{"offset", &page.offset}, {"limit", &page.limit}}) {
    const std::string text = QueryValue(query, name);
    if (text.empty()) continue;
    const bool digits =
        text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      return Status::InvalidArgument(std::string(name) + " must be a whole number",
                                     "/" + std::string(name));
    }
    *target = std::stoll(text);
  }
  if (Status checked = page.Check(); !checked.ok()) return checked;
  return page;
}

}  // namespace tessera::server
