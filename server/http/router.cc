#include "server/http/router.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <set>
#include <utility>

namespace tessera::server {
namespace {

// "/a/{b}/c" -> {"a", "{b}", "c"}; "/" -> {""}.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Fills `params` when `path` fits `pattern`.
bool MatchSegments(const std::vector<std::string>& pattern,
                   const std::vector<std::string_view>& path,
                   std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (IsParam(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  if (params != nullptr) {
    params->clear();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (IsParam(pattern[i])) {
        (*params)[pattern[i].substr(1, pattern[i].size() - 2)] = std::string(path[i]);
      }
    }
  }
  return true;
}

}  // namespace

void Router::Add(http::verb method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (std::string_view segment : SplitPath(pattern)) segments.emplace_back(segment);
  routes_.push_back(Route{method, std::move(segments), std::move(handler)});
}

RouteMatch Router::Match(http::verb method, std::string_view path) const {
  const std::vector<std::string_view> segments = SplitPath(path);
  RouteMatch match;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (route.method == method) {
      if (MatchSegments(route.segments, segments, &match.params)) {
        match.kind = RouteMatch::Kind::kFound;
        match.handler = &route.handler;
        return match;
      }
    } else if (MatchSegments(route.segments, segments, nullptr)) {
      const auto name = http::to_string(route.method);
      allowed.insert(std::string(name.data(), name.size()));
    }
  }
  match.params.clear();
  if (allowed.empty()) return match;
  match.kind = RouteMatch::Kind::kMethodNotAllowed;
  for (const std::string& name : allowed) {
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += name;
  }
  return match;
}

void Router::Dispatch(Request& request, RequestContext& context, Reply reply) const {
  const std::string_view target(request.target().data(), request.target().size());
  const std::size_t question = target.find('?');
  context.path = std::string(target.substr(0, question));
  context.query =
      question == std::string_view::npos ? "" : std::string(target.substr(question + 1));

  const unsigned version = request.version();
  const bool keep_alive = request.keep_alive();
  RouteMatch match = Match(request.method(), context.path);
  if (match.kind == RouteMatch::Kind::kNotFound) {
    reply(JsonError(http::status::not_found, error_code::kNotFound, "no such resource", {}, version,
                    keep_alive));
    return;
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    Response response = JsonError(http::status::method_not_allowed, error_code::kMethodNotAllowed,
                                  "method not allowed for this resource", {}, version, keep_alive);
    response.set(http::field::allow, match.allow);
    reply(std::move(response));
    return;
  }

  context.params = std::move(match.params);
  auto replied = std::make_shared<std::atomic<bool>>(false);
  Reply once(
      [replied, reply](Response response) {
        if (replied->exchange(true)) return;
        reply(std::move(response));
      },
      [replied, reply](StreamedResponse response) {
        if (replied->exchange(true)) return;
        reply.Stream(std::move(response));
      });
  auto internal_error = [&] {
    if (replied->exchange(true)) return;
    reply(JsonError(http::status::internal_server_error, error_code::kInternal, "internal error",
                    {}, version, keep_alive));
  };
  // The boundary: a throwing handler costs its request a 500, never the server.
  try {
    (*match.handler)(request, context, once);
  } catch (const std::exception& error) {
    spdlog::error("http handler failed: {}", error.what());
    internal_error();
  } catch (...) {
    spdlog::error("http handler failed with a non-standard exception");
    internal_error();
  }
}

Handler WithRateLimit(std::shared_ptr<RateLimiter> limiter, Handler handler) {
  return [limiter = std::move(limiter), handler = std::move(handler)](
             Request& request, RequestContext& context, Reply reply) {
    const RateLimiter::Decision decision =
        limiter->Take(context.remote_address, RateLimiter::Clock::now());
    if (!decision.allowed) {
      reply(RateLimitedError(decision.retry_after, request.version(), request.keep_alive()));
      return;
    }
    handler(request, context, std::move(reply));
  };
}

}  // namespace tessera::server
