// The sign-in routes against a real HttpServer on 127.0.0.1 (port 0): the login form, the
// session API, sign-out, CSRF, session fixation, expiry, rate limits and redirects.
#include <gtest/gtest.h>

#include <regex>

#include "server/auth/auth_routes.h"
#include "server/auth/auth_service.h"
#include "server/http/beast.h"
#include "server/http/http_server.h"
#include "server/http/router.h"
#include "tests/server/auth/auth_test_support.h"

namespace tessera::server {
namespace {

using std::chrono::minutes;
using testing::AuthWorld;
using testing::kAdaPassword;
using testing::kBobPassword;
using testing::ManualClock;

// One keep-alive connection from `local_address` (any 127.x.y.z address reaches the server).
class Client {
 public:
  Client(unsigned short port, const std::string& local_address = "127.0.0.1") : socket_(context_) {
    socket_.open(boost::asio::ip::tcp::v4());
    socket_.bind(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(local_address), 0));
    socket_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  Response Send(Request request) {
    request.set(http::field::host, "127.0.0.1");
    request.prepare_payload();
    http::write(socket_, request);
    Response response;
    http::read(socket_, buffer_, response);
    return response;
  }

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

Request Make(http::verb method, const std::string& target, const std::string& cookie = "") {
  Request request{method, target, 11};
  if (!cookie.empty()) request.set(http::field::cookie, cookie);
  return request;
}

Request Form(const std::string& target, const std::string& body, const std::string& cookie) {
  Request request = Make(http::verb::post, target, cookie);
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body() = body;
  return request;
}

Request Json(const std::string& target, const nlohmann::json& body,
             const std::string& cookie = "") {
  Request request = Make(http::verb::post, target, cookie);
  request.set(http::field::content_type, "application/json");
  request.body() = body.dump();
  return request;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

// Every Set-Cookie header of the response.
std::vector<std::string> SetCookies(const Response& response) {
  std::vector<std::string> cookies;
  auto [begin, end] = response.equal_range(http::field::set_cookie);
  for (auto it = begin; it != end; ++it) cookies.emplace_back(it->value());
  return cookies;
}

// The Set-Cookie value for `name`, or "".
std::string SetCookieFor(const Response& response, const std::string& name) {
  for (const std::string& cookie : SetCookies(response)) {
    if (cookie.rfind(name + "=", 0) == 0) return cookie;
  }
  return "";
}

std::string Pair(const std::string& set_cookie) { return testing::CookiePair(set_cookie); }

nlohmann::json Body(const Response& response) {
  return nlohmann::json::parse(response.body(), nullptr, false);
}

class AuthHttpTest : public ::testing::Test {
 protected:
  AuthHttpTest() : world_(testing::MakeAuthWorld()) {
    AuthOptions options;
    options.clock = clock_.Function();
    auth_ = std::make_unique<AuthService>(*world_.store, options);
    AddAuthRoutes(router_, *auth_);
  }

  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, router_);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override { server_->Stop(); }

  unsigned short port() const { return server_->port(); }

  struct LoginForm {
    std::string cookie;  // "tessera_login=..."
    std::string csrf;
  };

  // GET /login: the pre-session cookie and the form's token.
  LoginForm OpenLoginForm(Client& client, const std::string& cookie = "") {
    Response page = client.Send(Make(http::verb::get, "/login", cookie));
    EXPECT_EQ(page.result(), http::status::ok);
    LoginForm form;
    form.cookie = Pair(SetCookieFor(page, "tessera_login"));
    std::smatch match;
    const std::string& html = page.body();
    if (std::regex_search(html, match, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) {
      form.csrf = match[1];
    }
    EXPECT_FALSE(form.cookie.empty());
    EXPECT_FALSE(form.csrf.empty());
    return form;
  }

  Response PostLogin(Client& client, const LoginForm& form, const std::string& email,
                     const std::string& password, const std::string& extra = "",
                     const std::string& session_cookie = "") {
    std::string cookie = form.cookie;
    if (!session_cookie.empty()) cookie += "; " + session_cookie;
    return client.Send(Form("/login",
                            "email=" + UrlEncode(email) + "&password=" + UrlEncode(password) +
                                "&csrf=" + UrlEncode(form.csrf) + extra,
                            cookie));
  }

  // Signs in through the API; returns "tessera_session=..." and the CSRF token.
  std::pair<std::string, std::string> ApiLogin(Client& client, const std::string& email,
                                               const std::string& password) {
    Response response =
        client.Send(Json("/api/v1/session", {{"email", email}, {"password", password}}));
    EXPECT_EQ(response.result(), http::status::ok) << response.body();
    return {Pair(SetCookieFor(response, "tessera_session")),
            Body(response).value("csrf_token", "")};
  }

  http::status SessionStatus(Client& client, const std::string& cookie) {
    return client.Send(Make(http::verb::get, "/api/v1/session", cookie)).result();
  }

  ManualClock clock_;
  AuthWorld world_;
  std::unique_ptr<AuthService> auth_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(AuthHttpTest, LoginPageIsAnAccessibleFormWithACsrfCookie) {
  Client client(port());
  Response page = client.Send(Make(http::verb::get, "/login"));
  ASSERT_EQ(page.result(), http::status::ok);
  EXPECT_EQ(page[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(page[http::field::cache_control], "no-store");
  const std::string& html = page.body();
  EXPECT_NE(html.find("<form method=\"post\" action=\"/login\">"), std::string::npos);
  EXPECT_NE(html.find("<label for=\"email\">"), std::string::npos);
  EXPECT_NE(html.find("autocomplete=\"current-password\""), std::string::npos);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  const std::string login_cookie = SetCookieFor(page, "tessera_login");
  EXPECT_NE(login_cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(login_cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(SetCookieFor(page, "tessera_session"), "");  // no session before signing in
  // The form's token is the cookie's value (double submit).
  LoginForm form = OpenLoginForm(client);
  EXPECT_EQ(form.cookie, "tessera_login=" + form.csrf);
  // A second visit with the cookie keeps the same token and sets no new cookie.
  Response again = client.Send(Make(http::verb::get, "/login", form.cookie));
  EXPECT_TRUE(SetCookies(again).empty());
  EXPECT_NE(again.body().find(form.csrf), std::string::npos);
}

TEST_F(AuthHttpTest, FormLoginSetsAStrictHttpOnlySessionCookie) {
  Client client(port());
  LoginForm form = OpenLoginForm(client);
  Response response = PostLogin(client, form, "ada@example.org", kAdaPassword,
                                "&next=" + UrlEncode("/dashboard/campaigns/3?view=trends"));
  ASSERT_EQ(response.result(), http::status::see_other) << response.body();
  EXPECT_EQ(response[http::field::location], "/dashboard/campaigns/3?view=trends");
  const std::string session = SetCookieFor(response, "tessera_session");
  ASSERT_FALSE(session.empty());
  EXPECT_NE(session.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(session.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(session.find("; Path=/"), std::string::npos);
  EXPECT_EQ(Pair(session).size(), std::string("tessera_session=").size() + 43);
  // The pre-session cookie is removed.
  EXPECT_NE(SetCookieFor(response, "tessera_login").find("Max-Age=0"), std::string::npos);

  Response me = client.Send(Make(http::verb::get, "/api/v1/session", Pair(session)));
  ASSERT_EQ(me.result(), http::status::ok);
  nlohmann::json body = Body(me);
  EXPECT_EQ(body["user"]["email"], "ada@example.org");
  EXPECT_EQ(body["user"]["id"], world_.ada);
  ASSERT_EQ(body["memberships"].size(), 2u);
  EXPECT_EQ(body["memberships"][0], (nlohmann::json{{"organisation_id", world_.harbour},
                                                    {"organisation", "Harbour Trust"},
                                                    {"role", "evaluator"}}));
  EXPECT_EQ(body["memberships"][1]["role"], "manager");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 43u);
  // Signed in, the login page sends the browser on.
  Response page = client.Send(Make(http::verb::get, "/login", Pair(session)));
  EXPECT_EQ(page.result(), http::status::see_other);
  EXPECT_EQ(page[http::field::location], "/dashboard");
}

TEST_F(AuthHttpTest, ApiLoginReturnsTheSessionAndCookie) {
  Client client(port());
  Response response = client.Send(
      Json("/api/v1/session", {{"email", "BOB@example.org"}, {"password", kBobPassword}}));
  ASSERT_EQ(response.result(), http::status::ok) << response.body();
  nlohmann::json body = Body(response);
  EXPECT_EQ(body["user"], (nlohmann::json{{"id", world_.bob}, {"email", "bob@example.org"}}));
  EXPECT_EQ(body["memberships"], (nlohmann::json::array({{{"organisation_id", world_.harbour},
                                                          {"organisation", "Harbour Trust"},
                                                          {"role", "admin"}}})));
  const std::string session = SetCookieFor(response, "tessera_session");
  EXPECT_NE(session.find("; HttpOnly; SameSite=Strict"), std::string::npos);
  Response me = client.Send(Make(http::verb::get, "/api/v1/session", Pair(session)));
  EXPECT_EQ(Body(me), body);
}

TEST_F(AuthHttpTest, WrongPasswordAndUnknownUserGetTheIdenticalAnswer) {
  Client client(port());
  Response wrong = client.Send(
      Json("/api/v1/session", {{"email", "ada@example.org"}, {"password", "not it at all"}}));
  Response unknown = client.Send(
      Json("/api/v1/session", {{"email", "nobody@example.org"}, {"password", "not it at all"}}));
  EXPECT_EQ(wrong.result(), http::status::unauthorized);
  EXPECT_EQ(unknown.result(), http::status::unauthorized);
  EXPECT_EQ(wrong.body(), unknown.body());
  EXPECT_EQ(Body(wrong)["code"], "unauthenticated");
  EXPECT_TRUE(SetCookies(wrong).empty());

  // The form too: the same page apart from the email typed, and never the password.
  LoginForm form = OpenLoginForm(client);
  Response wrong_page = PostLogin(client, form, "ada@example.org", "not it at all");
  Response unknown_page = PostLogin(client, form, "nobody@example.org", "not it at all");
  EXPECT_EQ(wrong_page.result(), http::status::unauthorized);
  EXPECT_EQ(unknown_page.result(), http::status::unauthorized);
  std::string a = wrong_page.body();
  std::string b = unknown_page.body();
  a.replace(a.find("ada@example.org"), 15, "EMAIL");
  b.replace(b.find("nobody@example.org"), 18, "EMAIL");
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find(std::string(AuthService::kGenericFailure)), std::string::npos);
  EXPECT_EQ(a.find("not it at all"), std::string::npos);
  EXPECT_EQ(SetCookieFor(wrong_page, "tessera_session"), "");
}

TEST_F(AuthHttpTest, ACookieFromBeforeLoginIsNeverTheSessionAfter) {
  Client client(port());
  // An attacker's own valid session, planted in the victim's browser...
  auto [planted, planted_csrf] = ApiLogin(client, "bob@example.org", kBobPassword);
  ASSERT_FALSE(planted.empty());
  // ...and a made-up one.
  const std::string forged = "tessera_session=" + std::string(43, 'x');
  for (const std::string& before : {planted, forged}) {
    LoginForm form = OpenLoginForm(client);
    Response response = PostLogin(client, form, "ada@example.org", kAdaPassword, "", before);
    ASSERT_EQ(response.result(), http::status::see_other);
    const std::string after = Pair(SetCookieFor(response, "tessera_session"));
    ASSERT_FALSE(after.empty());
    EXPECT_NE(after, before);
    Response me = client.Send(Make(http::verb::get, "/api/v1/session", after));
    EXPECT_EQ(Body(me)["user"]["email"], "ada@example.org");
  }
  // Signing in ended the session the browser had before.
  EXPECT_EQ(SessionStatus(client, planted), http::status::unauthorized);
  // The API does the same.
  auto [api_before, ignored] = ApiLogin(client, "bob@example.org", kBobPassword);
  Response api = client.Send(Json(
      "/api/v1/session", {{"email", "ada@example.org"}, {"password", kAdaPassword}}, api_before));
  ASSERT_EQ(api.result(), http::status::ok);
  EXPECT_NE(Pair(SetCookieFor(api, "tessera_session")), api_before);
  EXPECT_EQ(SessionStatus(client, api_before), http::status::unauthorized);
}

TEST_F(AuthHttpTest, ApiLogoutEndsTheSessionServerSide) {
  Client client(port());
  auto [cookie, csrf] = ApiLogin(client, "ada@example.org", kAdaPassword);
  ASSERT_EQ(SessionStatus(client, cookie), http::status::ok);
  Request logout = Make(http::verb::delete_, "/api/v1/session", cookie);
  logout.set("X-CSRF-Token", csrf);
  Response response = client.Send(logout);
  EXPECT_EQ(response.result(), http::status::no_content);
  const std::string cleared = SetCookieFor(response, "tessera_session");
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos);
  // The old cookie, replayed, no longer works.
  EXPECT_EQ(SessionStatus(client, cookie), http::status::unauthorized);
  EXPECT_EQ(Body(client.Send(Make(http::verb::get, "/api/v1/session", cookie)))["code"],
            "unauthenticated");
}

TEST_F(AuthHttpTest, FormLogoutEndsTheSessionServerSide) {
  Client client(port());
  auto [cookie, csrf] = ApiLogin(client, "ada@example.org", kAdaPassword);
  Response response = client.Send(Form("/logout", "csrf=" + csrf, cookie));
  ASSERT_EQ(response.result(), http::status::see_other);
  EXPECT_EQ(response[http::field::location].substr(0, 6), "/login");
  EXPECT_NE(SetCookieFor(response, "tessera_session").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(SessionStatus(client, cookie), http::status::unauthorized);
}

TEST_F(AuthHttpTest, LogoutWithoutTheRightCsrfTokenIsRefused) {
  Client client(port());
  auto [cookie, csrf] = ApiLogin(client, "ada@example.org", kAdaPassword);
  auto [other_cookie, other_csrf] = ApiLogin(client, "bob@example.org", kBobPassword);
  for (const std::string& body :
       std::vector<std::string>{"", "csrf=", "csrf=" + other_csrf,
                                "csrf=" + csrf.substr(0, 42) + (csrf.back() == 'A' ? "B" : "A")}) {
    Response response = client.Send(Form("/logout", body, cookie));
    EXPECT_EQ(response.result(), http::status::forbidden) << body;
    EXPECT_TRUE(SetCookies(response).empty());
  }
  Request no_header = Make(http::verb::delete_, "/api/v1/session", cookie);
  Response refused = client.Send(no_header);
  EXPECT_EQ(refused.result(), http::status::forbidden);
  EXPECT_EQ(Body(refused)["code"], "csrf");
  Request wrong_header = Make(http::verb::delete_, "/api/v1/session", cookie);
  wrong_header.set("X-CSRF-Token", other_csrf);
  EXPECT_EQ(client.Send(wrong_header).result(), http::status::forbidden);
  // No GET changes anything.
  EXPECT_EQ(client.Send(Make(http::verb::get, "/logout", cookie)).result(),
            http::status::method_not_allowed);
  // The session is still there.
  EXPECT_EQ(SessionStatus(client, cookie), http::status::ok);
  EXPECT_EQ(SessionStatus(client, other_cookie), http::status::ok);
}

TEST_F(AuthHttpTest, LoginFormNeedsItsCsrfToken) {
  Client client(port());
  LoginForm form = OpenLoginForm(client);
  LoginForm no_cookie{"", form.csrf};
  LoginForm wrong_token{form.cookie, OpenLoginForm(client).csrf};
  LoginForm no_token{form.cookie, ""};
  for (const LoginForm& bad : {no_cookie, wrong_token, no_token}) {
    Response response = PostLogin(client, bad, "ada@example.org", kAdaPassword);
    EXPECT_EQ(response.result(), http::status::forbidden);
    EXPECT_EQ(SetCookieFor(response, "tessera_session"), "");
    EXPECT_NE(response.body().find("expired"), std::string::npos);
  }
  EXPECT_EQ(PostLogin(client, form, "ada@example.org", kAdaPassword).result(),
            http::status::see_other);
}

TEST_F(AuthHttpTest, IdleSessionsExpireOnTheServer) {
  Client client(port());
  auto [cookie, csrf] = ApiLogin(client, "ada@example.org", kAdaPassword);
  clock_.Advance(minutes(29));
  ASSERT_EQ(SessionStatus(client, cookie), http::status::ok);
  clock_.Advance(minutes(29));
  ASSERT_EQ(SessionStatus(client, cookie), http::status::ok);  // activity renewed it
  clock_.Advance(minutes(31));
  EXPECT_EQ(SessionStatus(client, cookie), http::status::unauthorized);
}

TEST_F(AuthHttpTest, BruteForceIsStoppedPerAccount) {
  Client client(port());
  for (int i = 0; i < 5; ++i) {
    Response failed =
        client.Send(Json("/api/v1/session", {{"email", "ada@example.org"},
                                             {"password", "guess number " + std::to_string(i)}}));
    ASSERT_EQ(failed.result(), http::status::unauthorized) << i;
  }
  // The sixth attempt is refused, even with the right password.
  Response refused = client.Send(
      Json("/api/v1/session", {{"email", "ada@example.org"}, {"password", kAdaPassword}}));
  EXPECT_EQ(refused.result(), http::status::too_many_requests);
  EXPECT_EQ(Body(refused)["code"], "rate_limited");
  EXPECT_NE(Body(refused)["message"].get<std::string>().find("try again in 15 minutes"),
            std::string::npos);
  EXPECT_EQ(refused[http::field::retry_after], "900");
  EXPECT_EQ(SetCookieFor(refused, "tessera_session"), "");
  // The form says the same, with Retry-After.
  LoginForm form = OpenLoginForm(client);
  Response page = PostLogin(client, form, "ada@example.org", kAdaPassword);
  EXPECT_EQ(page.result(), http::status::too_many_requests);
  EXPECT_EQ(page[http::field::retry_after], "900");
  EXPECT_NE(page.body().find("Too many sign-in attempts"), std::string::npos);
  // Another account from another address still signs in.
  Client elsewhere(port(), "127.0.0.2");
  Response bob = elsewhere.Send(
      Json("/api/v1/session", {{"email", "bob@example.org"}, {"password", kBobPassword}}));
  EXPECT_EQ(bob.result(), http::status::ok);
}

TEST_F(AuthHttpTest, BruteForceIsStoppedPerAddress) {
  Client client(port(), "127.0.0.3");
  for (int i = 0; i < 20; ++i) {
    Response failed =
        client.Send(Json("/api/v1/session", {{"email", "u" + std::to_string(i) + "@example.org"},
                                             {"password", "guess guess guess"}}));
    ASSERT_EQ(failed.result(), http::status::unauthorized) << i;
  }
  Response refused = client.Send(
      Json("/api/v1/session", {{"email", "ada@example.org"}, {"password", kAdaPassword}}));
  EXPECT_EQ(refused.result(), http::status::too_many_requests);
  Client elsewhere(port(), "127.0.0.4");
  EXPECT_EQ(
      elsewhere
          .Send(Json("/api/v1/session", {{"email", "ada@example.org"}, {"password", kAdaPassword}}))
          .result(),
      http::status::ok);
}

TEST_F(AuthHttpTest, OnlyLocalPathsAreRedirectedTo) {
  Client client(port());
  for (const std::string next : {"https://evil.example/steal", "//evil.example/x",
                                 "/\\evil.example", "\\\\evil.example", "javascript:alert(1)"}) {
    LoginForm form = OpenLoginForm(client);
    Response response =
        PostLogin(client, form, "ada@example.org", kAdaPassword, "&next=" + UrlEncode(next));
    ASSERT_EQ(response.result(), http::status::see_other) << next;
    EXPECT_EQ(response[http::field::location], "/dashboard") << next;
  }
  // The page does not carry an unsafe next into its form either.
  Response page = client.Send(Make(http::verb::get, "/login?next=" + UrlEncode("//evil.example")));
  EXPECT_EQ(page.body().find("evil.example"), std::string::npos);
  Response local = client.Send(Make(http::verb::get, "/login?next=" + UrlEncode("/dashboard/7")));
  EXPECT_NE(local.body().find("name=\"next\" value=\"/dashboard/7\""), std::string::npos);
}

TEST_F(AuthHttpTest, BadSessionRequestsGetJsonErrors) {
  Client client(port());
  Request text = Make(http::verb::post, "/api/v1/session");
  text.set(http::field::content_type, "text/plain");
  text.body() = R"({"email":"ada@example.org","password":"x"})";
  Response unsupported = client.Send(text);
  EXPECT_EQ(unsupported.result(), http::status::unsupported_media_type);
  EXPECT_EQ(Body(unsupported)["code"], "unsupported_media_type");

  Request broken = Make(http::verb::post, "/api/v1/session");
  broken.set(http::field::content_type, "application/json");
  broken.body() = "{not json";
  Response invalid = client.Send(broken);
  EXPECT_EQ(invalid.result(), http::status::bad_request);
  EXPECT_EQ(Body(invalid)["code"], "invalid_json");

  Response missing = client.Send(Json("/api/v1/session", {{"email", "ada@example.org"}}));
  EXPECT_EQ(missing.result(), http::status::bad_request);
  EXPECT_EQ(Body(missing)["code"], "invalid_request");
  EXPECT_EQ(Body(missing)["pointer"], "/password");
  Response wrong_type =
      client.Send(Json("/api/v1/session", {{"email", 7}, {"password", kAdaPassword}}));
  EXPECT_EQ(Body(wrong_type)["pointer"], "/email");
  EXPECT_EQ(client.Send(Json("/api/v1/session", nlohmann::json::array())).result(),
            http::status::bad_request);

  Response signed_out = client.Send(Make(http::verb::get, "/api/v1/session"));
  EXPECT_EQ(signed_out.result(), http::status::unauthorized);
  EXPECT_EQ(Body(signed_out)["code"], "unauthenticated");
  EXPECT_EQ(client.Send(Make(http::verb::delete_, "/api/v1/session")).result(),
            http::status::unauthorized);

  Request form_as_text = Make(http::verb::post, "/login", "");
  form_as_text.set(http::field::content_type, "text/plain");
  EXPECT_EQ(client.Send(form_as_text).result(), http::status::unsupported_media_type);
}

}  // namespace
}  // namespace tessera::server
