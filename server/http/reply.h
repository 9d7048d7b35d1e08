// Reply: how a handler answers its request, either with a whole Response (`reply(response)`)
// or with a streamed one (`reply.Stream(streamed)`). Small and copyable.
#ifndef TESSERA_SERVER_HTTP_REPLY_H_
#define TESSERA_SERVER_HTTP_REPLY_H_

#include <concepts>
#include <functional>
#include <type_traits>
#include <utility>

#include "server/http/message.h"
#include "server/http/streamed_body.h"

namespace tessera::server {

// Call it exactly once, either way (later calls are ignored by the router), from any thread;
// it posts back to the connection's strand. Until it is called, the Request and RequestContext
// passed to the handler stay valid.
class Reply {
 public:
  using RespondFunction = std::function<void(Response)>;
  using StreamFunction = std::function<void(StreamedResponse)>;

  Reply() = default;

  // Any callable taking a Response (a test's lambda, an adapter). Stream() on such a Reply runs
  // the producer at once on the calling thread and answers with the whole body collected into
  // one Response (or a 500 internal JSON error if the producer fails): for tests and adapters,
  // not for large bodies.
  template <typename F>
  requires(!std::same_as<std::remove_cvref_t<F>, Reply> &&
           std::invocable<std::remove_cvref_t<F>&, Response>)
      Reply(F&& respond)  // NOLINT(google-explicit-constructor): keeps `Reply r = lambda;` working
      : respond_(std::forward<F>(respond)) {}

  // What a connection hands its handler: `respond` sends a Response, `stream` a streamed one.
  Reply(RespondFunction respond, StreamFunction stream)
      : respond_(std::move(respond)), stream_(std::move(stream)) {}

  // Sends `response`. Does nothing on an empty Reply.
  void operator()(Response response) const;

  // Sends `response.head` followed by the body written by `response.producer` on a worker
  // thread (see streamed_body.h). Does nothing on an empty Reply.
  void Stream(StreamedResponse response) const;

  explicit operator bool() const { return static_cast<bool>(respond_); }

 private:
  RespondFunction respond_;
  StreamFunction stream_;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_REPLY_H_
