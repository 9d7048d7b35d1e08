// Settings for HttpServer: where to listen, how many threads, and the request limits.
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
  // How long a connection may take to send one whole request (and to receive a response), and
  // how long an idle keep-alive connection stays open.
  std::chrono::seconds read_timeout{30};
  std::size_t header_limit = 8 * 1024;  // start line plus fields; larger gets 431
  std::size_t body_limit = 64 * 1024;   // larger gets 413, answered before the body is read
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_HTTP_SERVER_OPTIONS_H_
