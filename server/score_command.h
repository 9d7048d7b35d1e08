// `tessera score`: a closed campaign's domain and scale results, breakdowns, wave comparisons
// and reliability from the store, or a CSV file of responses scored without a database.
#ifndef TESSERA_SERVER_SCORE_COMMAND_H_
#define TESSERA_SERVER_SCORE_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunScoreCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_SCORE_COMMAND_H_
