// What every `tessera` subcommand receives: its arguments and where to write.
#ifndef TESSERA_SERVER_CLI_CONTEXT_H_
#define TESSERA_SERVER_CLI_CONTEXT_H_

#include <ostream>
#include <string>
#include <vector>

namespace tessera::server {

struct CliContext {
  std::vector<std::string> args;  // after the command words
  std::ostream& out;
  std::ostream& err;
};

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and found a problem
inline constexpr int kExitUsage = 2;    // the command line itself is wrong

}  // namespace tessera::server

#endif  // TESSERA_SERVER_CLI_CONTEXT_H_
