#include "engine/sqlite_backup.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/sqlite_store.h"
#include "tests/engine/sqlite_file_reader.h"
#include "tests/engine/store_test_support.h"

namespace tessera::engine {
namespace {

using testing::TempDatabase;

// A second temporary path, removed on both ends.
class TempPath {
 public:
  TempPath() : path_(database_.path() + ".backup") { std::filesystem::remove(path_); }
  ~TempPath() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  TempDatabase database_;
  std::string path_;
};

// Submits batches of one response until stopped; returns how many were stored.
int SubmitUntil(Store& store, const std::vector<std::string>& links, std::atomic<bool>& stop) {
  int stored = 0;
  for (const std::string& link : links) {
    if (stop.load()) break;
    std::vector<Status> results = store.SubmitBatch({testing::MakeSubmission(link, "r-" + link)});
    if (results[0].ok()) ++stored;
  }
  return stored;
}

TEST(SqliteBackupTest, CopiesALiveDatabaseInOneConsistentCleanFile) {
  TempDatabase database;
  TempPath out;
  SqliteOptions options{database.path()};
  options.auto_checkpoint = false;  // the WAL holds every commit: the copy must include them
  std::unique_ptr<Store> writer = std::move(OpenSqliteStore(options).value());
  const testing::Seeded seeded = testing::Seed(*writer);
  std::vector<std::string> links;
  for (int i = 0; i < 3000; ++i) links.push_back("link-" + std::to_string(i));
  ASSERT_TRUE(writer->AddLinks(seeded.campaign_id, LinkKind::kPersonal, links).ok());
  ASSERT_TRUE(writer->SaveDraft(writer->FindLink("link-2999")->id, "sealed draft").ok());
  std::vector<std::string> first(links.begin(), links.begin() + 200);
  std::atomic<bool> stop{false};
  ASSERT_EQ(SubmitUntil(*writer, first, stop), 200);

  // Submissions go on while the backup runs.
  std::vector<std::string> rest(links.begin() + 200, links.end() - 1);
  int during = 0;
  std::thread submitter([&] { during = SubmitUntil(*writer, rest, stop); });
  Result<BackupSummary> summary = BackupDatabase(database.path(), out.path());
  stop = true;
  submitter.join();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();

  EXPECT_EQ(summary->path, out.path());
  EXPECT_EQ(summary->bytes, std::filesystem::file_size(out.path()));
  EXPECT_EQ(summary->schema_version, CurrentSchemaVersion());
  EXPECT_EQ(summary->campaigns, 1);
  EXPECT_GE(summary->responses, 200);
  EXPECT_LE(summary->responses, 200 + during);
  EXPECT_EQ(summary->free_pages, 0);
  EXPECT_FALSE(std::filesystem::exists(out.path() + "-wal"));
  struct stat status {};
  ASSERT_EQ(::stat(out.path().c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u) << "the copy holds every answer";

  // One snapshot: the count kept with every commit agrees with the rows copied, and so does
  // the number of links marked used.
  SQLite::Database copy(out.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(copy.execAndGet("SELECT response_count FROM campaigns").getInt64(), summary->responses);
  EXPECT_EQ(copy.execAndGet("SELECT count(*) FROM links WHERE used = 1").getInt64(),
            summary->responses);
  EXPECT_EQ(copy.execAndGet("SELECT count(*) FROM drafts").getInt(), 1);
  EXPECT_EQ(copy.execAndGet("PRAGMA journal_mode").getString(), "delete");
  EXPECT_EQ(copy.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

// Two databases holding the same rows, written in opposite orders (rows in one page keep the
// order they were written in), back up to the same bytes: a copy keeps nothing of that order.
TEST(SqliteBackupTest, ACopyDoesNotDependOnTheOrderRowsWereWritten) {
  std::vector<std::string> copies;
  for (bool reverse : {false, true}) {
    TempDatabase database;
    {
      std::unique_ptr<Store> store = testing::OpenStore(database.path());
      ASSERT_NE(store, nullptr);
      testing::Seed(*store);
    }
    {
      SQLite::Database db(database.path(), SQLite::OPEN_READWRITE);
      db.exec(
          "UPDATE organisations SET created_at = 'then'; UPDATE campaigns SET created_at = 'then'");
      for (int i = 0; i < 300; ++i) {
        const int id = reverse ? 300 - i : i + 1;
        db.exec(
            "INSERT INTO responses (id, campaign_id, answers, \"groups\", submitted_on) "
            "VALUES (" +
            std::to_string(id * 7919) + ", 1, '{\"Q1\": " + std::to_string(id % 5) +
            "}', '{}', '2026-03-04')");
      }
    }
    const TempPath out;
    ASSERT_TRUE(BackupDatabase(database.path(), out.path()).ok());
    copies.push_back(testing::ReadWholeFile(out.path()));
    // Without the backup, the file itself does keep the order.
    copies.push_back(testing::ReadWholeFile(database.path()));
  }
  ASSERT_GT(copies[0].size(), 100u);
  EXPECT_EQ(copies[0].substr(100), copies[2].substr(100));
  EXPECT_NE(copies[1].substr(100), copies[3].substr(100));
}

TEST(SqliteBackupTest, NeverOverwritesAFile) {
  TempDatabase database;
  ASSERT_NE(testing::OpenStore(database.path()), nullptr);
  TempPath out;
  for (const std::string content : {"", "precious"}) {
    {
      std::ofstream file(out.path());
      file << content;
    }
    Result<BackupSummary> summary = BackupDatabase(database.path(), out.path());
    EXPECT_EQ(summary.status().code(), StatusCode::kAlreadyExists);
    EXPECT_NE(summary.status().message().find("never overwrites"), std::string::npos);
    EXPECT_EQ(testing::ReadWholeFile(out.path()), content);
  }
  EXPECT_EQ(BackupDatabase(database.path(), database.path()).status().code(),
            StatusCode::kAlreadyExists);
}

TEST(SqliteBackupTest, RefusesWhatIsNotATesseraDatabaseAndLeavesNoFile) {
  TempPath out;
  TempDatabase missing;
  EXPECT_EQ(BackupDatabase(missing.path(), out.path()).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(missing.path())) << "a wrong path creates nothing";
  TempDatabase other;
  {
    SQLite::Database db(other.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes (text TEXT)");
  }
  EXPECT_EQ(BackupDatabase(other.path(), out.path()).status().code(), StatusCode::kInvalidArgument);
  TempDatabase garbage;
  {
    std::ofstream file(garbage.path());
    file << std::string(4096, 'x');
  }
  EXPECT_FALSE(BackupDatabase(garbage.path(), out.path()).ok());
  EXPECT_FALSE(std::filesystem::exists(out.path()));
  EXPECT_EQ(BackupDatabase("", out.path()).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera::engine
