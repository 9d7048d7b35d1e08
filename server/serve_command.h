// `tessera serve`, and the server start shared with `tessera demo --serve`.
#ifndef TESSERA_SERVER_SERVE_COMMAND_H_
#define TESSERA_SERVER_SERVE_COMMAND_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "server/cli_context.h"
#include "server/command_line.h"

namespace tessera::server {

struct ServeSettings {
  std::string database = "tessera.db";
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 2;
  // At most this many connections at once (0: the server's default, min(4096, descriptor
  // limit - 128), HttpServerOptions::max_connections).
  std::size_t max_connections = 0;
  bool synchronous_full = false;
  // Respondent requests allowed per second per address (0: no limit). Off by default: links
  // are unguessable, and many respondents may share one address behind a proxy or NAT.
  int rate_limit = 0;
  bool secure_cookies = false;  // the session cookie gets Secure (behind TLS)
  std::function<void(unsigned short port)> on_listening;  // e.g. print the demo's links
};

// The options `tessera serve` takes (--db, --port, --address, --threads, --max-connections,
// --synchronous, --rate-limit, --secure-cookies); `tessera demo --serve` takes them too.
std::vector<OptionSpec> ServeOptionSpecs();
// Fills `settings` from those options; kInvalidArgument names the bad one.
Status ReadServeSettings(const CommandLine& line, ServeSettings* settings);

// Runs until SIGINT or SIGTERM; returns the exit code.
int RunServer(CliContext& context, const ServeSettings& settings);
int RunServeCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_SERVE_COMMAND_H_
