// HttpServer: an HTTP/1.1 keep-alive server on Boost.Beast (modelled on Beast's advanced async
// server: a listener accepting connections and one session per connection on its own strand).
// Requests go to a Router; every response gets the standard security headers and one access
// log line. Connections are capped (HttpServerOptions::max_connections): at the cap the idle
// ones are closed to make room, oldest first, and otherwise the listener waits rather than spin;
// when accept fails for want of descriptors it closes the connection idle longest, or with none
// idle backs off (50 ms doubling to 1 s). Its own warnings are rate-limited (LogRateLimiter).
// Handlers may stream a body of any size (Reply::Stream, server/http/streamed_body.h). Beast
// stays out of this header.
#ifndef TESSERA_SERVER_HTTP_HTTP_SERVER_H_
#define TESSERA_SERVER_HTTP_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "instruments/status.h"
#include "server/http/access_log.h"
#include "server/http/http_server_options.h"

namespace tessera::server {

class Router;

class HttpServer {
 public:
  // `router` must outlive the server and must not change once Start() is called.
  HttpServer(HttpServerOptions options, Router& router);
  ~HttpServer();  // Stop()s

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Replaces RedactPathTokens as the access log's path redactor. Call before Start().
  void SetPathRedactor(PathRedactor redactor);

  // Binds, listens and starts the I/O threads; returns once connections are being accepted.
  Status Start();

  // The port listened on (the chosen one when options.port was 0); 0 before Start().
  unsigned short port() const;

  // Graceful shutdown: stops accepting, closes idle connections, lets requests already being
  // handled finish and be answered (with Connection: close), including replies that come later
  // from other threads and streamed responses in progress, for up to options.shutdown_grace
  // (10 s by default); then closes the connections still open (streams in progress end without
  // the terminating chunk and their producers' writes return false), stops and joins the I/O
  // threads and waits up to 5 s more for body producers to return (ones that do not are
  // detached and logged). A
  // request whose bytes are still arriving is dropped. Idempotent; do not call it from a
  // handler.
  void Stop();

  // The most chunks any streamed response ever had queued between its producer and its
  // connection (at most kStreamQueueChunks); for tests and monitoring.
  std::size_t MaxQueuedStreamChunks() const;

  // The connection cap in force (options.max_connections, or its default once Start()ed).
  std::size_t max_connections() const;
  // Connections open now, those of them waiting for a request, and accepts that failed so far;
  // for tests and monitoring.
  std::size_t ConnectionCount() const;
  std::size_t IdleConnectionCount() const;
  std::uint64_t AcceptFailures() const;

  // Blocks until SIGINT or SIGTERM arrives, then Stop()s.
  void WaitForSignal();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_HTTP_SERVER_H_
