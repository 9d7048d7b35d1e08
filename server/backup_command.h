// `tessera backup --db FILE --out FILE`: a copy of the database, safe while `tessera serve`
// runs, in one clean file (engine/sqlite_backup.h); never overwrites a file.
#ifndef TESSERA_SERVER_BACKUP_COMMAND_H_
#define TESSERA_SERVER_BACKUP_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunBackupCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_BACKUP_COMMAND_H_
