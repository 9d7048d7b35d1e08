// `tessera reliability FILE.csv --scale NAME=ITEM,-ITEM,... --min V --max V [--json]`:
// Cronbach's alpha, its Feldt interval and item statistics of one or more scales in a CSV file,
// computed as R's psych::alpha does (scoring/reliability.h).
#ifndef TESSERA_SERVER_RELIABILITY_COMMAND_H_
#define TESSERA_SERVER_RELIABILITY_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunReliabilityCommand(CliContext& context);  // tessera reliability

}  // namespace tessera::server

#endif  // TESSERA_SERVER_RELIABILITY_COMMAND_H_
