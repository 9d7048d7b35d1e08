#include "server/auth/cookies.h"

namespace tessera::server {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  auto [begin, end] = request.equal_range(http::field::cookie);
  for (auto header = begin; header != end; ++header) {
    std::string_view rest(header->value().data(), header->value().size());
    while (!rest.empty()) {
      const size_t semicolon = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      const size_t equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (Trim(pair.substr(0, equals)) != name) continue;
      std::string_view value = Trim(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieAttributes& attributes) {
  std::string cookie;
  cookie.append(name).append("=").append(value);
  cookie += "; Path=" + attributes.path;
  if (attributes.max_age) cookie += "; Max-Age=" + std::to_string(attributes.max_age->count());
  cookie += "; HttpOnly; SameSite=Strict";
  if (attributes.secure) cookie += "; Secure";
  return cookie;
}

}  // namespace tessera::server
