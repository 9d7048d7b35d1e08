#include "server/auth/auth_routes.h"

#include "server/auth/cookies.h"
#include "server/auth/login_page.h"
#include "server/auth/redirect_target.h"
#include "server/auth/secret_token.h"
#include "server/http/message.h"
#include "server/pages/form_parsing.h"
#include "server/pages/message_pages.h"

namespace tessera::server {
namespace {

// The login form's CSRF token lives in this short-lived cookie before any session exists
// (double submit: the form's hidden field must equal it).
constexpr std::string_view kLoginCookieName = "tessera_login";
constexpr std::chrono::seconds kLoginCookieLifetime{60 * 60};

std::string MediaType(const Request& request) {
  const auto header = request[http::field::content_type];
  std::string type(header.data(), header.size());
  type.resize(std::min(type.size(), type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return type;
}

std::string LoginCookie(const AuthService& auth, std::string_view token) {
  CookieAttributes attributes;
  attributes.path = "/login";
  attributes.secure = auth.options().secure_cookies;
  attributes.max_age = token.empty() ? std::chrono::seconds(0) : kLoginCookieLifetime;
  return SetCookieValue(kLoginCookieName, token, attributes);
}

// The login form's token: the one in the request's pre-session cookie, or a new one (then
// *fresh is set and the response must set the cookie).
std::string LoginToken(const Request& request, bool* fresh) {
  std::optional<std::string> cookie = CookieValue(request, kLoginCookieName);
  if (cookie && LooksLikeSecretToken(*cookie)) {
    *fresh = false;
    return *cookie;
  }
  *fresh = true;
  return NewSecretToken();
}

// The sign-in page with `status`, setting the pre-session cookie when it is new.
Response LoginPage(http::status status, LoginPageView view, const AuthService& auth,
                   const Request& request) {
  bool fresh = false;
  view.csrf_token = LoginToken(request, &fresh);
  Response response = HtmlResponse(status, RenderLoginPage(view), request);
  if (fresh) response.insert(http::field::set_cookie, LoginCookie(auth, view.csrf_token));
  return response;
}

nlohmann::json SessionJson(const Principal& principal) {
  nlohmann::json memberships = nlohmann::json::array();
  for (const Membership& membership : principal.memberships) {
    memberships.push_back({{"organisation_id", membership.organisation_id},
                           {"organisation", membership.organisation_name},
                           {"role", RoleName(membership.role)}});
  }
  return {{"user", {{"id", principal.user_id}, {"email", principal.email}}},
          {"memberships", memberships},
          {"csrf_token", principal.csrf_token}};
}

Response ApiError(http::status status, std::string_view code, std::string_view message,
                  const Request& request, std::string_view pointer = {}) {
  return JsonError(status, code, message, pointer, request.version(), request.keep_alive());
}

Response SignInFailure(const Status& status, std::chrono::seconds retry_after,
                       const Request& request) {
  switch (status.code()) {
    case StatusCode::kUnauthenticated:
      return ApiError(http::status::unauthorized, "unauthenticated", status.message(), request);
    case StatusCode::kResourceExhausted: {
      Response response =
          ApiError(http::status::too_many_requests, "rate_limited", status.message(), request);
      response.set(http::field::retry_after,
                   std::to_string(std::max<long long>(1, retry_after.count())));
      return response;
    }
    default:
      return ApiError(http::status::internal_server_error, "internal",
                      "something went wrong on our side; please try again", request);
  }
}

void HandleLoginPage(AuthService& auth, Request& request, RequestContext& context, Reply reply) {
  const pages::FormFields query = pages::ParseForm(context.query);
  const std::string next = pages::FirstValue(query, "next");
  LoginPageView view;
  view.next = IsLocalRedirect(next) ? next : "";
  if (auth.Authenticate(request)) return reply(SeeOther(RedirectAfterLogin(view.next), request));
  if (pages::FirstValue(query, "signed_out") == "1") view.notice = "You have signed out.";
  reply(LoginPage(http::status::ok, std::move(view), auth, request));
}

void HandleLoginForm(AuthService& auth, Request& request, RequestContext& context, Reply reply) {
  if (MediaType(request) != "application/x-www-form-urlencoded") {
    return reply(HtmlResponse(http::status::unsupported_media_type,
                              pages::RenderMessagePage(415, "Please use the sign-in form",
                                                       "Sign in from the page at /login."),
                              request));
  }
  const pages::FormFields form = pages::ParseForm(request.body());
  LoginPageView view;
  const std::string next = pages::FirstValue(form, "next");
  view.next = IsLocalRedirect(next) ? next : "";
  view.email = pages::FirstValue(form, "email");
  std::optional<std::string> login_cookie = CookieValue(request, kLoginCookieName);
  if (!login_cookie || !LooksLikeSecretToken(*login_cookie) ||
      !SecretsEqual(*login_cookie, pages::FirstValue(form, "csrf"))) {
    view.error = "The sign-in form had expired. Please sign in again.";
    return reply(LoginPage(http::status::forbidden, std::move(view), auth, request));
  }
  std::chrono::seconds retry_after{0};
  Result<AuthService::SignedIn> signed_in = auth.Login(
      view.email, pages::FirstValue(form, "password"), context.remote_address, &retry_after);
  if (!signed_in.ok()) {
    http::status status = http::status::internal_server_error;
    view.error = "Something went wrong on our side. Please try again.";
    if (signed_in.status().code() == StatusCode::kUnauthenticated) {
      status = http::status::unauthorized;
      view.error = signed_in.status().message();
    } else if (signed_in.status().code() == StatusCode::kResourceExhausted) {
      status = http::status::too_many_requests;
      view.error = signed_in.status().message();
    }
    Response response = LoginPage(status, std::move(view), auth, request);
    if (status == http::status::too_many_requests) {
      response.set(http::field::retry_after,
                   std::to_string(std::max<long long>(1, retry_after.count())));
    }
    return reply(std::move(response));
  }
  auth.Logout(request);  // a session the browser had before is ended, never reused
  Response response = SeeOther(RedirectAfterLogin(view.next), request);
  response.insert(http::field::set_cookie, signed_in->set_cookie);
  response.insert(http::field::set_cookie, LoginCookie(auth, ""));
  reply(std::move(response));
}

void HandleLogout(AuthService& auth, Request& request, Reply reply) {
  std::optional<Principal> principal = auth.Authenticate(request);
  if (!principal) {
    Response response = SeeOther("/login", request);
    response.insert(http::field::set_cookie, auth.ClearCookie());
    return reply(std::move(response));
  }
  const bool form = MediaType(request) == "application/x-www-form-urlencoded";
  const std::string token = form ? pages::FirstValue(pages::ParseForm(request.body()), "csrf") : "";
  if (!AuthService::CsrfMatches(*principal, token)) {
    return reply(
        HtmlResponse(http::status::forbidden,
                     pages::RenderMessagePage(
                         403, "Please try again",
                         "You were not signed out because the request could not be checked. "
                         "Go back, reload the page and use the sign-out button again."),
                     request));
  }
  auth.Logout(request);
  Response response = SeeOther("/login?signed_out=1", request);
  response.insert(http::field::set_cookie, auth.ClearCookie());
  reply(std::move(response));
}

void HandleCreateSession(AuthService& auth, Request& request, RequestContext& context,
                         Reply reply) {
  if (MediaType(request) != "application/json") {
    return reply(ApiError(http::status::unsupported_media_type, "unsupported_media_type",
                          "send {\"email\", \"password\"} as application/json", request));
  }
  nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, false);
  if (body.is_discarded()) {
    return reply(ApiError(http::status::bad_request, "invalid_json",
                          "the request body is not valid JSON", request));
  }
  if (!body.is_object()) {
    return reply(ApiError(http::status::bad_request, "invalid_request",
                          "send {\"email\": \"...\", \"password\": \"...\"}", request));
  }
  for (const char* field : {"email", "password"}) {
    if (!body.contains(field) || !body[field].is_string()) {
      return reply(ApiError(http::status::bad_request, "invalid_request",
                            std::string(field) + " must be a string", request,
                            std::string("/") + field));
    }
  }
  std::chrono::seconds retry_after{0};
  Result<AuthService::SignedIn> signed_in =
      auth.Login(body["email"].get<std::string>(), body["password"].get<std::string>(),
                 context.remote_address, &retry_after);
  if (!signed_in.ok()) return reply(SignInFailure(signed_in.status(), retry_after, request));
  auth.Logout(request);  // a session the client had before is ended, never reused
  Response response = JsonResponse(http::status::ok, SessionJson(signed_in->principal),
                                   request.version(), request.keep_alive());
  response.insert(http::field::set_cookie, signed_in->set_cookie);
  reply(std::move(response));
}

Response NotSignedIn(const Request& request) {
  return ApiError(http::status::unauthorized, "unauthenticated",
                  "sign in first: POST /api/v1/session", request);
}

}  // namespace

void AddAuthRoutes(Router& router, AuthService& auth) {
  router.Add(http::verb::get, "/login",
             [&auth](Request& request, RequestContext& context, Reply reply) {
               HandleLoginPage(auth, request, context, std::move(reply));
             });
  router.Add(http::verb::post, "/login",
             [&auth](Request& request, RequestContext& context, Reply reply) {
               HandleLoginForm(auth, request, context, std::move(reply));
             });
  router.Add(http::verb::post, "/logout", [&auth](Request& request, RequestContext&, Reply reply) {
    HandleLogout(auth, request, std::move(reply));
  });
  router.Add(http::verb::post, "/api/v1/session",
             [&auth](Request& request, RequestContext& context, Reply reply) {
               HandleCreateSession(auth, request, context, std::move(reply));
             });
  router.Add(http::verb::get, "/api/v1/session",
             [&auth](Request& request, RequestContext&, Reply reply) {
               std::optional<Principal> principal = auth.Authenticate(request);
               if (!principal) return reply(NotSignedIn(request));
               reply(JsonResponse(http::status::ok, SessionJson(*principal), request.version(),
                                  request.keep_alive()));
             });
  router.Add(
      http::verb::delete_, "/api/v1/session",
      [&auth](Request& request, RequestContext&, Reply reply) {
        std::optional<Principal> principal = auth.Authenticate(request);
        if (!principal) return reply(NotSignedIn(request));
        const auto header = request["X-CSRF-Token"];
        if (!AuthService::CsrfMatches(*principal, std::string_view(header.data(), header.size()))) {
          return reply(ApiError(http::status::forbidden, "csrf",
                                "send this session's csrf_token in the X-CSRF-Token header",
                                request));
        }
        auth.Logout(request);
        Response response{http::status::no_content, request.version()};
        response.keep_alive(request.keep_alive());
        response.insert(http::field::set_cookie, auth.ClearCookie());
        response.prepare_payload();
        reply(std::move(response));
      });
}

}  // namespace tessera::server
