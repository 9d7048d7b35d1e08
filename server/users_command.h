// `tessera users add|list|remove|passwd`: accounts and their roles per organisation.
#ifndef TESSERA_SERVER_USERS_COMMAND_H_
#define TESSERA_SERVER_USERS_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

// Passwords are read from standard input (one line; prompted twice without echo on a
// terminal), never from an argument.
int RunUsersCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_USERS_COMMAND_H_
