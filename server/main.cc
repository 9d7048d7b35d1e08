// The `tessera` command line: dispatches to each command; the last line of defence catches
// anything truly exceptional so the user sees a message rather than a crash.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "server/cli_context.h"
#include "server/instruments_command.h"

namespace {

constexpr char kUsage[] = R"(Usage: tessera COMMAND [ARGS] [--help]

Tessera: organisational self-assessment and evaluation with anonymous survey intake.

Commands:
  instruments   browse, validate, diff and publish the versioned instrument catalogue
  version       print Tessera's version

Run `tessera COMMAND --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  using tessera::server::CliContext;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return tessera::server::kExitUsage;
  }
  const std::string command = args[0];
  CliContext context{std::vector<std::string>(args.begin() + 1, args.end()), std::cout, std::cerr};
  try {
    if (command == "--help" || command == "help") {
      std::cout << kUsage;
      return tessera::server::kExitOk;
    }
    if (command == "version" || command == "--version") {
      std::cout << "tessera " << TESSERA_VERSION << "\n";
      return tessera::server::kExitOk;
    }
    if (command == "instruments") return tessera::server::RunInstrumentsCommand(context);
    std::cerr << "tessera: unknown command \"" << command
              << "\"\nRun `tessera --help` for usage.\n";
    return tessera::server::kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "tessera: internal error: " << error.what() << "\n";
    return tessera::server::kExitFailure;
  }
}
