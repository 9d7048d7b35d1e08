// The sign-in page: a plain HTML form (email, password, CSRF token, optional next) in the
// shared page shell; works without JavaScript. Every text is HTML-escaped.
#ifndef TESSERA_SERVER_AUTH_LOGIN_PAGE_H_
#define TESSERA_SERVER_AUTH_LOGIN_PAGE_H_

#include <string>

namespace tessera::server {

struct LoginPageView {
  std::string csrf_token;  // the login form's token (bound to the pre-session cookie)
  std::string next;        // a local path already checked; empty for none
  std::string email;       // filled in again after a failed attempt; never the password
  std::string error;       // shown in an alert above the form; empty for none
  std::string notice;      // e.g. "You have signed out."; empty for none
};

std::string RenderLoginPage(const LoginPageView& view);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_LOGIN_PAGE_H_
