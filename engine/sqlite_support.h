// Small helpers shared by the SQLite store's files: turning SQLite exceptions into Status
// values, dates and timestamps, random response ids and cached statement reuse.
#ifndef TESSERA_ENGINE_SQLITE_SUPPORT_H_
#define TESSERA_ENGINE_SQLITE_SUPPORT_H_

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "instruments/status.h"

namespace tessera::engine {

// Maps a SQLite failure to a code: unique/primary key -> kAlreadyExists, foreign key ->
// kNotFound, check/not null -> kInvalidArgument, busy/locked/I/O -> kIoError, corrupt ->
// kCorruption, anything else kInternal. `context` says what was being done.
Status StatusFromSqlite(const SQLite::Exception& error, std::string_view context);

// Runs `body` and turns any exception into a Status: the boundary of the Store API.
template <typename Body>
auto Guarded(std::string_view context, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& error) {
    return StatusFromSqlite(error, context);
  } catch (const nlohmann::json::exception& error) {
    return Status::Corruption(std::string(context) + ": stored JSON is invalid: " + error.what());
  } catch (const std::exception& error) {
    return Status::Internal(std::string(context) + ": " + error.what());
  }
}

// `value` as compact JSON text; kInvalidArgument naming `what` when it cannot be written
// (strings that are not valid UTF-8).
Result<std::string> ToJsonText(const nlohmann::json& value, std::string_view what);

// True for a real calendar date written "YYYY-MM-DD".
bool IsValidDate(std::string_view text);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowTimestamp();

// A uniformly random positive 63-bit id from libsodium's generator.
int64_t RandomPositiveId();

// Resets a cached statement when the scope ends, whatever happened while it ran.
class StatementReset {
 public:
  explicit StatementReset(SQLite::Statement& statement) : statement_(statement) {}
  ~StatementReset() { statement_.tryReset(); }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  SQLite::Statement& statement_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_SQLITE_SUPPORT_H_
