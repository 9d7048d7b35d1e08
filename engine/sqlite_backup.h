// A copy of a live database in one clean file: SQLite's VACUUM INTO reads one consistent
// snapshot (the database file and its write-ahead log as of one moment; writers carry on) and
// writes it as a new, compact database. The copy has no write-ahead log, no free pages and no
// unused space left over from deleted rows, and every b-tree is rebuilt in key order, so it
// keeps nothing of the order or the moment in which rows were written.
#ifndef TESSERA_ENGINE_SQLITE_BACKUP_H_
#define TESSERA_ENGINE_SQLITE_BACKUP_H_

#include <cstdint>
#include <string>

#include "instruments/status.h"

namespace tessera::engine {

// What a backup wrote, read back from the copy.
struct BackupSummary {
  std::string path;
  uintmax_t bytes = 0;
  int schema_version = 0;
  int64_t campaigns = 0;
  int64_t responses = 0;
  int64_t free_pages = 0;  // always 0 for a copy made by VACUUM INTO
};

// Copies the Tessera database at `database` to the new file `out` (created with mode 0600:
// it holds every answer). Never overwrites: kAlreadyExists when `out` exists, even empty.
// kNotFound when `database` does not exist, kInvalidArgument when it is not a Tessera
// database. The copy is synced to disk and checked (PRAGMA quick_check) before this returns;
// on any failure the partial copy is removed.
Result<BackupSummary> BackupDatabase(const std::string& database, const std::string& out);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_SQLITE_BACKUP_H_
