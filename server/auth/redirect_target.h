// Where a sign-in may send the browser afterwards: only a path on this site, so a crafted
// "next" cannot make Tessera an open redirect.
#ifndef TESSERA_SERVER_AUTH_REDIRECT_TARGET_H_
#define TESSERA_SERVER_AUTH_REDIRECT_TARGET_H_

#include <string>
#include <string_view>

namespace tessera::server {

inline constexpr std::string_view kDefaultAfterLogin = "/dashboard";

// True for a local path: starts with one "/", not "//" or "/\", no backslash, no control
// characters or spaces, at most 2000 bytes. Absolute URLs ("https://x", "javascript:") fail.
bool IsLocalRedirect(std::string_view target);

// `next` when it is a local path, else kDefaultAfterLogin.
std::string RedirectAfterLogin(std::string_view next);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_REDIRECT_TARGET_H_
