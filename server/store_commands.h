// Commands that manage the store: organisations and teams, campaigns, links and imports.
#ifndef TESSERA_SERVER_STORE_COMMANDS_H_
#define TESSERA_SERVER_STORE_COMMANDS_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunOrgCommand(CliContext& context);       // tessera org create|list
int RunTeamsCommand(CliContext& context);     // tessera teams add|list
int RunCampaignCommand(CliContext& context);  // tessera campaign create|open|close|list|show
int RunLinksCommand(CliContext& context);     // tessera links create
int RunImportCommand(CliContext& context);    // tessera import responses

}  // namespace tessera::server

#endif  // TESSERA_SERVER_STORE_COMMANDS_H_
