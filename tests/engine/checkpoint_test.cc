// A writer that never checkpoints leaves the WAL to another connection's Checkpoint().
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/sqlite_store.h"
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
  // After a checkpoint the next write starts the WAL again from its beginning.
  ASSERT_TRUE((*writer)->AppendAudit("test", "after", "organisation:1", {}).ok());
  auto entries = (*maintenance)->ListAudit(1);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->front().action, "after");
  EXPECT_EQ(std::filesystem::file_size(wal), grown) << "the WAL file is reused, not grown";
}

TEST(CheckpointTest, InMemoryStoreCheckpointIsANoOp) {
  auto store = OpenSqliteStore({":memory:"});
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Checkpoint().ok());
}

}  // namespace
}  // namespace tessera::engine
