// `tessera instruments list|show|validate|diff|publish`.
#ifndef TESSERA_SERVER_INSTRUMENTS_COMMAND_H_
#define TESSERA_SERVER_INSTRUMENTS_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunInstrumentsCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_INSTRUMENTS_COMMAND_H_
