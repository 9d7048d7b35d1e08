// The `tessera` command line: dispatches to each command; the last line of defence catches
// anything truly exceptional so the user sees a message rather than a crash.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "server/backup_command.h"
#include "server/cli_context.h"
#include "server/demo_command.h"
#include "server/export_command.h"
#include "server/instruments_command.h"
#include "server/reliability_command.h"
#include "server/score_command.h"
#include "server/serve_command.h"
#include "server/store_commands.h"
#include "server/users_command.h"

namespace {

constexpr char kUsage[] = R"(Usage: tessera COMMAND [ARGS] [--help]

Tessera: organisational self-assessment and evaluation with anonymous survey intake.

Commands:
  instruments   browse, validate, diff and publish the versioned instrument catalogue
  org           create and list organisations
  teams         add and list an organisation's teams
  campaign      create, open, close and list survey campaigns
  links         create personal or open survey links
  import        import paper or external responses from CSV
  score         a closed campaign's scores, levels, next steps, breakdowns and wave comparison;
                or a CSV file of responses scored without a database
  export        a closed campaign's responses, scores, summaries, codebook or comments as CSV
  reliability   Cronbach's alpha and item statistics of scales in a CSV file (as psych::alpha)
  serve         run the HTTP server (survey pages and JSON API)
  demo          build the demo organisation and print survey links (--serve to start)
  users         add, list and remove accounts and their roles; set passwords
  backup        copy the database, safely while the server runs, to one clean new file
  version       print Tessera's version

Commands that use the database take --db PATH (default: $TESSERA_DB, else ./tessera.db).

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
    if (command == "org") return tessera::server::RunOrgCommand(context);
    if (command == "teams") return tessera::server::RunTeamsCommand(context);
    if (command == "campaign") return tessera::server::RunCampaignCommand(context);
    if (command == "links") return tessera::server::RunLinksCommand(context);
    if (command == "import") return tessera::server::RunImportCommand(context);
    if (command == "score") return tessera::server::RunScoreCommand(context);
    if (command == "export") return tessera::server::RunExportCommand(context);
    if (command == "reliability") return tessera::server::RunReliabilityCommand(context);
    if (command == "serve") return tessera::server::RunServeCommand(context);
    if (command == "demo") return tessera::server::RunDemoCommand(context);
    if (command == "users") return tessera::server::RunUsersCommand(context);
    if (command == "backup") return tessera::server::RunBackupCommand(context);
    std::cerr << "tessera: unknown command \"" << command
              << "\"\nRun `tessera --help` for usage.\n";
    return tessera::server::kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "tessera: internal error: " << error.what() << "\n";
    return tessera::server::kExitFailure;
  }
}
