#include "engine/sqlite_backup.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/sqlite_support.h"

namespace tessera::engine {
namespace {

constexpr int kBusyTimeoutMs = 5000;

Status SyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) return Status::IoError("cannot sync " + path + ": " + std::strerror(error));
  return Status::Ok();
}

// Creates `path` empty, failing if anything exists there (VACUUM INTO accepts an empty file).
Status CreateExclusive(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists(path + " already exists; a backup never overwrites a file");
    }
    return Status::IoError("cannot create " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
  return Status::Ok();
}

Result<BackupSummary> Summarise(const std::string& out) {
  return Guarded("check the backup " + out, [&]() -> Result<BackupSummary> {
    SQLite::Database copy(out, SQLite::OPEN_READONLY);
    const std::string check = copy.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok")
      return Status::Corruption("the backup " + out + " fails its check: " + check);
    BackupSummary summary;
    summary.path = out;
    summary.bytes = std::filesystem::file_size(out);
    summary.schema_version = copy.execAndGet("PRAGMA user_version").getInt();
    summary.campaigns = copy.execAndGet("SELECT count(*) FROM campaigns").getInt64();
    summary.responses = copy.execAndGet("SELECT count(*) FROM responses").getInt64();
    summary.free_pages = copy.execAndGet("PRAGMA freelist_count").getInt64();
    return summary;
  });
}

}  // namespace

Result<BackupSummary> BackupDatabase(const std::string& database, const std::string& out) {
  if (database.empty()) return Status::InvalidArgument("the database path is empty", "/db");
  if (out.empty()) return Status::InvalidArgument("the backup path is empty", "/out");
  std::error_code error;
  if (!std::filesystem::is_regular_file(database, error)) {
    return Status::NotFound("no database at " + database);
  }
  // Checked before anything is created, so a wrong --db leaves no empty file behind.
  Status tessera = Guarded("open " + database, [&]() -> Status {
    SQLite::Database source(database, SQLite::OPEN_READWRITE, kBusyTimeoutMs);
    const bool has_campaigns =
        source.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'campaigns'").getInt() ==
        1;
    if (source.execAndGet("PRAGMA user_version").getInt() <= 0 || !has_campaigns) {
      return Status::InvalidArgument(database + " is not a Tessera database");
    }
    return Status::Ok();
  });
  if (!tessera.ok()) return tessera;
  if (Status created = CreateExclusive(out); !created.ok()) return created;
  auto remove_copy = [&out] {
    std::error_code ignored;
    std::filesystem::remove(out, ignored);
    std::filesystem::remove(out + "-journal", ignored);
  };
  Status copied = Guarded("back up " + database, [&]() -> Status {
    SQLite::Database source(database, SQLite::OPEN_READWRITE, kBusyTimeoutMs);
    SQLite::Statement vacuum(source, "VACUUM INTO ?");
    vacuum.bind(1, out);
    vacuum.exec();
    return Status::Ok();
  });
  if (copied.ok()) copied = SyncPath(out, O_RDONLY);
  if (copied.ok()) {
    const std::filesystem::path parent = std::filesystem::absolute(out).parent_path();
    copied = SyncPath(parent.string(), O_RDONLY | O_DIRECTORY);
  }
  Result<BackupSummary> summary =
      copied.ok() ? Summarise(out) : Result<BackupSummary>(std::move(copied));
  if (!summary.ok()) remove_copy();
  return summary;
}

}  // namespace tessera::engine
