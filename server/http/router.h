// Router: maps a method and a path pattern such as "/api/v1/surveys/{token}/draft" to an
// asynchronous Handler. A path that matches only with another method gets 405 (with Allow);
// a path that matches nothing gets 404; both as JSON errors.
#ifndef TESSERA_SERVER_HTTP_ROUTER_H_
#define TESSERA_SERVER_HTTP_ROUTER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/message.h"
#include "server/http/rate_limiter.h"
#include "server/http/reply.h"

namespace tessera::server {

struct RequestContext {
  std::string remote_address;                 // for rate limiting only; never logged
  std::map<std::string, std::string> params;  // from "{name}" segments, as sent (not decoded)
  std::string path;                           // the target before '?'
  std::string query;                          // the target after '?', without the '?'
};

// Handles one request. It may call Reply (server/http/reply.h: `reply(response)` or
// `reply.Stream(streamed)`) before returning or later from another thread. A handler that throws
// gets a 500 internal JSON error (if it had not replied yet).
using Handler = std::function<void(Request&, RequestContext&, Reply)>;

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Handler* handler = nullptr;           // when kFound
  std::map<std::string, std::string> params;  // when kFound
  std::string allow;                          // when kMethodNotAllowed, e.g. "GET, PUT"
};

class Router {
 public:
  // Registers a handler; add every route before the server starts. The first registered route
  // that matches both method and path wins.
  void Add(http::verb method, std::string pattern, Handler handler);

  RouteMatch Match(http::verb method, std::string_view path) const;

  // Fills context.path, context.query and context.params from the request, then runs the
  // matching handler or replies with a 404/405 JSON error. Exceptions from the handler become a
  // 500 JSON error; only their message is logged.
  void Dispatch(Request& request, RequestContext& context, Reply reply) const;

 private:
  struct Route {
    http::verb method;
    std::vector<std::string> segments;  // "{name}" matches any one non-empty segment
    Handler handler;
  };

  std::vector<Route> routes_;
};

// Wraps a handler so each remote address may make only what `limiter` allows; refused requests
// get 429 rate_limited with Retry-After.
Handler WithRateLimit(std::shared_ptr<RateLimiter> limiter, Handler handler);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_ROUTER_H_
