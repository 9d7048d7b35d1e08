// The embedded default store: one SQLite file through SQLiteCpp, WAL mode, foreign keys on,
// a busy timeout, and versioned migrations that run on open.
#ifndef TESSERA_ENGINE_SQLITE_STORE_H_
#define TESSERA_ENGINE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "engine/store.h"

namespace tessera::engine {

struct SqliteOptions {
  std::string path;  // ":memory:" for tests
  // NORMAL survives a process crash in WAL mode; FULL also survives power loss.
  bool synchronous_full = false;
  int busy_timeout_ms = 5000;
  // When false this connection never checkpoints the WAL itself: a writer that commits in
  // groups leaves that to another connection's Checkpoint(), so commits stay short.
  bool auto_checkpoint = true;
};

// The schema version this build writes. An older database is upgraded on open; a newer one
// is refused with kFailedPrecondition and a message naming both versions.
int CurrentSchemaVersion();

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_SQLITE_STORE_H_
