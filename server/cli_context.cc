#include "server/cli_context.h"

namespace tessera::server {

int CliFail(CliContext& context, const std::string& command, const Status& status) {
  context.err << "tessera " << command << ": " << status.message() << "\n";
  return kExitFailure;
}

int CliUsage(CliContext& context, const std::string& command, const std::string& message) {
  context.err << "tessera " << command << ": " << message << "\nRun `tessera " << command
              << " --help` for usage.\n";
  return kExitUsage;
}

int CliHelpIfAsked(CliContext& context, const char* usage) {
  if (context.args.empty()) {
    context.err << usage;
    return kExitUsage;
  }
  if (context.args[0] == "--help" || context.args[0] == "help") {
    context.out << usage;
    return kExitOk;
  }
  return -1;
}

}  // namespace tessera::server
