// Settings for HttpServer: where to listen, how many threads, the connection cap, the request
// limits, streamed responses and the shutdown grace.
#ifndef TESSERA_SERVER_HTTP_HTTP_SERVER_OPTIONS_H_
#define TESSERA_SERVER_HTTP_HTTP_SERVER_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <string>

namespace tessera::server {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port; HttpServer::port() tells which.
  int threads = 2;             // I/O threads running the sessions and the handlers.
  // At most this many connections are open at once (0: DefaultMaxConnections() of the soft
  // descriptor limit at Start(), i.e. min(4096, limit - 128); server/http/descriptor_limit.h).
  // At the cap, a new connection waiting to be accepted makes the server close the connection
  // idle longest (one waiting for its next, or first, request); when none is idle, the server
  // stops accepting until a connection closes, and new ones wait in the listen backlog.
  std::size_t max_connections = 0;
  // How long a connection may take to send one whole request (and to receive a response), and
  // how long an idle keep-alive connection stays open.
  std::chrono::seconds read_timeout{30};
  std::size_t header_limit = 8 * 1024;  // start line plus fields; larger gets 431
  std::size_t body_limit = 64 * 1024;   // larger gets 413, answered before the body is read
  // Streamed responses (Reply::Stream): at most this many body producers run at once, each on
  // its own thread; a stream beyond that gets 503 busy with Retry-After.
  int max_streams = 4;
  // How long Stop() lets requests being handled and streamed responses in progress finish
  // before it cuts them.
  std::chrono::seconds shutdown_grace{10};
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_HTTP_SERVER_OPTIONS_H_
