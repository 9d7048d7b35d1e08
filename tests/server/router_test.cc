#include "server/http/router.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <vector>

namespace tessera::server {
namespace {

Handler Answer(std::string text) {
  return [text](Request&, RequestContext&, Reply reply) {
    reply(JsonResponse(http::status::ok, {{"handler", text}}));
  };
}

Request MakeRequest(http::verb method, std::string target) {
  Request request{method, target, 11};
  return request;
}

// Runs Dispatch and collects every response handed to the reply.
std::vector<Response> Dispatch(const Router& router, Request request,
                               RequestContext* context_out = nullptr) {
  std::vector<Response> responses;
  RequestContext context;
  context.remote_address = "192.0.2.1";
  router.Dispatch(request, context, [&](Response response) { responses.push_back(response); });
  if (context_out != nullptr) *context_out = context;
  return responses;
}

nlohmann::json Body(const Response& response) { return nlohmann::json::parse(response.body()); }

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router;
  router.Add(http::verb::get, "/healthz", Answer("health"));
  router.Add(http::verb::put, "/api/v1/surveys/{token}/draft", Answer("draft"));
  router.Add(http::verb::get, "/assets/{name}", Answer("asset"));

  RouteMatch health = router.Match(http::verb::get, "/healthz");
  EXPECT_EQ(health.kind, RouteMatch::Kind::kFound);
  EXPECT_TRUE(health.params.empty());

  RouteMatch draft = router.Match(http::verb::put, "/api/v1/surveys/t0k3n/draft");
  ASSERT_EQ(draft.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(draft.params, (std::map<std::string, std::string>{{"token", "t0k3n"}}));

  RouteMatch asset = router.Match(http::verb::get, "/assets/site.css");
  ASSERT_EQ(asset.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(asset.params.at("name"), "site.css");
}

TEST(RouterTest, RequiresWholeSegmentsAndNonEmptyParameters) {
  Router router;
  router.Add(http::verb::get, "/assets/{name}", Answer("asset"));
  router.Add(http::verb::get, "/healthz", Answer("health"));
  EXPECT_EQ(router.Match(http::verb::get, "/assets/").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.Match(http::verb::get, "/assets").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.Match(http::verb::get, "/assets/a/b").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.Match(http::verb::get, "/healthz/").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.Match(http::verb::get, "/health").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.Match(http::verb::get, "/").kind, RouteMatch::Kind::kNotFound);
}

TEST(RouterTest, FirstRegisteredMatchWins) {
  Router router;
  router.Add(http::verb::get, "/assets/logo.svg", Answer("literal"));
  router.Add(http::verb::get, "/assets/{name}", Answer("param"));
  std::vector<Response> literal =
      Dispatch(router, MakeRequest(http::verb::get, "/assets/logo.svg"));
  ASSERT_EQ(literal.size(), 1u);
  EXPECT_EQ(Body(literal[0])["handler"], "literal");
  std::vector<Response> param = Dispatch(router, MakeRequest(http::verb::get, "/assets/a.css"));
  ASSERT_EQ(param.size(), 1u);
  EXPECT_EQ(Body(param[0])["handler"], "param");
}

TEST(RouterTest, OtherMethodGives405WithSortedAllow) {
  Router router;
  router.Add(http::verb::put, "/api/v1/surveys/{token}/draft", Answer("put"));
  router.Add(http::verb::get, "/api/v1/surveys/{token}/draft", Answer("get"));
  RouteMatch match = router.Match(http::verb::delete_, "/api/v1/surveys/x/draft");
  EXPECT_EQ(match.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, PUT");

  std::vector<Response> responses =
      Dispatch(router, MakeRequest(http::verb::post, "/api/v1/surveys/x/draft"));
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].result(), http::status::method_not_allowed);
  EXPECT_EQ(responses[0][http::field::allow], "GET, PUT");
  EXPECT_EQ(responses[0][http::field::content_type], "application/json");
  EXPECT_EQ(Body(responses[0])["code"], "method_not_allowed");
}

TEST(RouterTest, NoMatchGives404Json) {
  Router router;
  router.Add(http::verb::get, "/healthz", Answer("health"));
  std::vector<Response> responses = Dispatch(router, MakeRequest(http::verb::get, "/nope?x=1"));
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].result(), http::status::not_found);
  EXPECT_EQ(Body(responses[0])["code"], "not_found");
  EXPECT_FALSE(Body(responses[0]).contains("pointer"));
}

TEST(RouterTest, DispatchFillsPathQueryAndParams) {
  Router router;
  router.Add(http::verb::get, "/s/{token}", Answer("page"));
  RequestContext context;
  std::vector<Response> responses =
      Dispatch(router, MakeRequest(http::verb::get, "/s/abc?lang=en&x=1"), &context);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].result(), http::status::ok);
  EXPECT_EQ(context.path, "/s/abc");
  EXPECT_EQ(context.query, "lang=en&x=1");
  EXPECT_EQ(context.params.at("token"), "abc");
  EXPECT_EQ(context.remote_address, "192.0.2.1");
}

TEST(RouterTest, ThrowingHandlerGives500InternalJson) {
  Router router;
  router.Add(http::verb::get, "/throw",
             [](Request&, RequestContext&, Reply) { throw std::runtime_error("boom"); });
  std::vector<Response> responses = Dispatch(router, MakeRequest(http::verb::get, "/throw"));
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].result(), http::status::internal_server_error);
  EXPECT_EQ(Body(responses[0])["code"], "internal");
  EXPECT_EQ(Body(responses[0]).dump().find("boom"), std::string::npos);
}

TEST(RouterTest, ReplyIsDeliveredOnlyOnce) {
  Router router;
  router.Add(http::verb::get, "/twice", [](Request&, RequestContext&, Reply reply) {
    reply(JsonResponse(http::status::ok, {{"n", 1}}));
    reply(JsonResponse(http::status::ok, {{"n", 2}}));
    throw std::runtime_error("after replying");
  });
  std::vector<Response> responses = Dispatch(router, MakeRequest(http::verb::get, "/twice"));
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(Body(responses[0])["n"], 1);
}

TEST(RouterTest, RateLimitedHandlerGives429WithRetryAfter) {
  Router router;
  router.Add(http::verb::get, "/limited",
             WithRateLimit(std::make_shared<RateLimiter>(1, 0.5, 10), Answer("ok")));
  std::vector<Response> first = Dispatch(router, MakeRequest(http::verb::get, "/limited"));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].result(), http::status::ok);
  std::vector<Response> second = Dispatch(router, MakeRequest(http::verb::get, "/limited"));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].result(), http::status::too_many_requests);
  EXPECT_EQ(Body(second[0])["code"], "rate_limited");
  EXPECT_EQ(second[0][http::field::retry_after], "2");
}

}  // namespace
}  // namespace tessera::server
