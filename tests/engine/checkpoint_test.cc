// A writer that never checkpoints leaves the WAL to another connection's Checkpoint(), which
// also empties the WAL file when nothing needs it, and deleted rows leave no bytes behind.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/sqlite_store.h"
#include "tests/engine/sqlite_file_reader.h"
#include "tests/engine/store_test_support.h"

namespace tessera::engine {
namespace {

TEST(CheckpointTest, AnotherConnectionMovesTheWriterWalIntoTheDatabase) {
  testing::TempDatabase database;
  SqliteOptions writer_options{database.path()};
  writer_options.auto_checkpoint = false;
  auto writer = OpenSqliteStore(writer_options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  auto maintenance = OpenSqliteStore({database.path()});
  ASSERT_TRUE(maintenance.ok());
  auto organisation = (*writer)->CreateOrganisation("Riverside");
  ASSERT_TRUE(organisation.ok());
  // Far more pages than SQLite's default auto-checkpoint of 1000 would allow to pile up.
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE((*writer)
                    ->AppendAudit("test", "bulk", "organisation:1",
                                  {{"i", i}, {"padding", std::string(2000, 'x')}})
                    .ok());
  }
  const auto wal = database.path() + "-wal";
  const auto grown = std::filesystem::file_size(wal);
  EXPECT_GT(grown, 1000u * 4096u) << "the writer checkpointed by itself";
  ASSERT_TRUE((*maintenance)->Checkpoint().ok());
  EXPECT_EQ(std::filesystem::file_size(wal), grown) << "commits came since the last round";
  // A round later with nothing committed in between, and no reader or writer busy, the
  // checkpoint also empties the WAL file: the frames of past commits are gone from the disk,
  // not only superseded.
  ASSERT_TRUE((*maintenance)->Checkpoint().ok());
  EXPECT_EQ(std::filesystem::file_size(wal), 0u);
  ASSERT_TRUE((*writer)->AppendAudit("test", "after", "organisation:1", {}).ok());
  auto entries = (*maintenance)->ListAudit(1);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->front().action, "after");
  EXPECT_LT(std::filesystem::file_size(wal), 10u * 4096u) << "only the last commit";
}

// A reader in the middle of a read keeps the WAL from being emptied; the checkpoint does not
// wait for it. When the writer then starts the WAL again from its beginning, the file is cut
// after that first commit (journal_size_limit), so the earlier frames do not linger past it.
TEST(CheckpointTest, ABusyReaderDelaysTruncationAndTheRestartedWalDropsOldFrames) {
  testing::TempDatabase database;
  SqliteOptions writer_options{database.path()};
  writer_options.auto_checkpoint = false;
  auto writer = OpenSqliteStore(writer_options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  auto maintenance = OpenSqliteStore({database.path()});
  ASSERT_TRUE(maintenance.ok());
  ASSERT_TRUE((*writer)->CreateOrganisation("Riverside").ok());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE((*writer)
                    ->AppendAudit("test", "bulk", "organisation:1",
                                  {{"i", i}, {"padding", std::string(2000, 'x')}})
                    .ok());
  }
  const auto wal = database.path() + "-wal";
  const auto grown = std::filesystem::file_size(wal);
  {
    SQLite::Database reader(database.path(), SQLite::OPEN_READONLY);
    SQLite::Statement read(reader, "SELECT id FROM audit_log");
    ASSERT_TRUE(read.executeStep());  // holds a read transaction on the WAL until reset
    ASSERT_TRUE((*maintenance)->Checkpoint().ok());
    ASSERT_TRUE((*maintenance)->Checkpoint().ok());
    EXPECT_EQ(std::filesystem::file_size(wal), grown) << "the reader still needs the WAL";
  }
  ASSERT_TRUE((*writer)->AppendAudit("test", "after", "organisation:1", {}).ok());
  EXPECT_LT(std::filesystem::file_size(wal), 10u * 4096u) << "frames past the restart remain";
}

// Deleted rows are overwritten with zeros (secure_delete = ON): a copy of the file taken after
// a row was deleted does not hold it, neither in its b-tree page nor in the overflow pages its
// deletion freed (which secure_delete = FAST would leave as they were).
TEST(CheckpointTest, ADeletedRowLeavesNoBytesInTheFile) {
  testing::TempDatabase database;
  const std::string secret =
      "csrf-that-must-not-remain-" + std::string(6000, 'x') + "-and-its-overflow-end";
  {
    std::unique_ptr<Store> store = testing::OpenStore(database.path());
    ASSERT_NE(store, nullptr);
    auto user = store->CreateUser("ana@example.org", "argon2id-hash");
    ASSERT_TRUE(user.ok());
    ASSERT_TRUE(store->CreateSession({std::string(64, 'a'), user->id, secret, 1, 1}).ok());
    ASSERT_TRUE(store->CreateSession({std::string(64, 'b'), user->id, "kept", 1, 1}).ok());
    ASSERT_TRUE(store->DeleteSession(std::string(64, 'a')).ok());
  }  // closing copies the WAL into the file
  const std::string file = testing::ReadWholeFile(database.path());
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(file.find("csrf-that-must-not-remain-"), std::string::npos);
  EXPECT_EQ(file.find("-and-its-overflow-end"), std::string::npos);
  EXPECT_NE(file.find("kept"), std::string::npos);
}

TEST(CheckpointTest, InMemoryStoreCheckpointIsANoOp) {
  auto store = OpenSqliteStore({":memory:"});
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Checkpoint().ok());
}

}  // namespace
}  // namespace tessera::engine
