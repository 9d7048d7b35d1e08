// Reading cookies from a request and writing Set-Cookie values.
#ifndef TESSERA_SERVER_AUTH_COOKIES_H_
#define TESSERA_SERVER_AUTH_COOKIES_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/message.h"

namespace tessera::server {

// The value of the first cookie called `name` in the request's Cookie headers, or nullopt.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

struct CookieAttributes {
  std::string path = "/";
  bool secure = false;
  // Empty: a session cookie (gone when the browser closes); zero removes the cookie.
  std::optional<std::chrono::seconds> max_age;
};

// "name=value; Path=/; [Max-Age=N; ]HttpOnly; SameSite=Strict[; Secure]". Tessera's cookies are
// always HttpOnly and SameSite=Strict.
std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieAttributes& attributes);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_COOKIES_H_
