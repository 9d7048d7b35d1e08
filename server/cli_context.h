// What every `tessera` subcommand receives: its arguments and where to write.
#ifndef TESSERA_SERVER_CLI_CONTEXT_H_
#define TESSERA_SERVER_CLI_CONTEXT_H_

#include <ostream>
#include <string>
#include <vector>

#include "instruments/status.h"

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

// Prints "tessera COMMAND: message" and returns kExitFailure.
int CliFail(CliContext& context, const std::string& command, const Status& status);
// Prints the problem and how to get help; returns kExitUsage.
int CliUsage(CliContext& context, const std::string& command, const std::string& message);
// For "tessera COMMAND" with no subcommand or with --help: prints `usage` (to stderr when no
// subcommand was given) and returns the exit code; returns -1 when a subcommand was given.
int CliHelpIfAsked(CliContext& context, const char* usage);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_CLI_CONTEXT_H_
