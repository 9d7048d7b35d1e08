// Versioned schema migrations for the SQLite store. The schema version is PRAGMA user_version;
// script i (counting from zero) takes a database from version i to version i + 1.
#ifndef TESSERA_ENGINE_MIGRATIONS_H_
#define TESSERA_ENGINE_MIGRATIONS_H_

#include <span>
#include <string_view>

#include "instruments/status.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace tessera::engine {

// Every migration script, oldest first. Never edit a shipped script: append a new one.
std::span<const std::string_view> MigrationScripts();

// The first schema version that stores drafts sealed (the migration that deleted the drafts
// stored in clear before).
int SealedDraftsSchemaVersion();

// The version stored in the database (PRAGMA user_version).
Result<int> SchemaVersion(SQLite::Database& db);

// Runs every migration above the database's version up to `target_version`, each in its own
// IMMEDIATE transaction. A database newer than CurrentSchemaVersion() is refused with
// kFailedPrecondition; so is a target beyond the known scripts. Never throws.
Status MigrateSchema(SQLite::Database& db, int target_version);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_MIGRATIONS_H_
