// `tessera demo`.
#ifndef TESSERA_SERVER_DEMO_COMMAND_H_
#define TESSERA_SERVER_DEMO_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunDemoCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_DEMO_COMMAND_H_
