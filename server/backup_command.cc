// tessera backup --out FILE [--db PATH]
#include "server/backup_command.h"

#include "engine/sqlite_backup.h"
#include "server/cli_store.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera backup --out FILE [--db PATH]

Copies the database to FILE, a new file, while the server may go on running: one consistent
snapshot of the database and its write-ahead log, written by SQLite's VACUUM INTO as a single
compact file with no write-ahead log, no free pages and nothing left over from deleted rows
(such as drafts of submitted surveys). This is the way to copy a live database: copying the
file (and its -wal) by hand can catch it half written, and keeps whatever the free space and
the write-ahead log still hold. The copy holds every answer: it is created readable by its
owner only; keep it as safe as the database itself. An existing FILE is never overwritten.

Options:
  --out FILE    the new file to write
  --db PATH     database file (default: $TESSERA_DB, else ./tessera.db)
  --help        show this help
)";

}  // namespace

int RunBackupCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  auto line = CommandLine::Parse(context.args, {DbOption(), {"out", true}});
  if (!line.ok()) return CliUsage(context, "backup", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (!line->positional().empty()) {
    return CliUsage(context, "backup", "unexpected argument \"" + line->positional()[0] + "\"");
  }
  auto out = line->Value("out");
  if (!out || out->empty()) return CliUsage(context, "backup", "give --out FILE");
  const std::string database = DatabasePath(*line);
  auto summary = engine::BackupDatabase(database, *out);
  if (!summary.ok()) return CliFail(context, "backup", summary.status());
  context.out << "wrote " << summary->path << ": " << summary->bytes << " bytes, schema version "
              << summary->schema_version << ", " << summary->campaigns << " campaigns, "
              << summary->responses << " responses, " << summary->free_pages
              << " free pages, no write-ahead log (copied from " << database << ")\n";
  return kExitOk;
}

}  // namespace tessera::server
