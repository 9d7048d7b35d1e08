#include "engine/migrations.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "engine/sqlite_store.h"
#include "store_test_support.h"
#include "tests/engine/sqlite_file_reader.h"

namespace tessera::engine {
namespace {

using testing::OpenStore;
using testing::TempDatabase;

// Every schema object, in a stable order.
std::vector<std::string> SchemaOf(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(
      db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name");
  std::vector<std::string> rows;
  while (query.executeStep()) {
    rows.push_back(query.getColumn(0).getString() + "|" + query.getColumn(1).getString() + "|" +
                   query.getColumn(2).getString() + "|" + query.getColumn(3).getString());
  }
  return rows;
}

int UserVersionOf(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA user_version").getInt();
}

TEST(MigrationTest, ScriptsMatchCurrentVersion) {
  EXPECT_EQ(static_cast<int>(MigrationScripts().size()), CurrentSchemaVersion());
  EXPECT_GE(CurrentSchemaVersion(), 2);
}

TEST(MigrationTest, FreshAndStepwiseDatabasesAreIdentical) {
  TempDatabase fresh;
  TempDatabase stepwise;
  ASSERT_NE(OpenStore(fresh.path()), nullptr);

  // Take the second database up one version at a time, closing it in between, with data
  // written at the first version.
  for (int version = 1; version < CurrentSchemaVersion(); ++version) {
    SQLite::Database db(stepwise.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_TRUE(MigrateSchema(db, version).ok());
    Result<int> stored = SchemaVersion(db);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(*stored, version);
    if (version == 1) {
      db.exec("INSERT INTO organisations (name, created_at) VALUES ('Old Org', '2025-01-01')");
    }
  }
  std::unique_ptr<Store> store = OpenStore(stepwise.path());
  ASSERT_NE(store, nullptr);
  Result<Organisation> old = store->FindOrganisationByName("old org");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->name, "Old Org");
  store.reset();

  EXPECT_EQ(UserVersionOf(fresh.path()), CurrentSchemaVersion());
  EXPECT_EQ(UserVersionOf(stepwise.path()), CurrentSchemaVersion());
  const std::vector<std::string> fresh_schema = SchemaOf(fresh.path());
  EXPECT_FALSE(fresh_schema.empty());
  EXPECT_EQ(fresh_schema, SchemaOf(stepwise.path()));
}

TEST(MigrationTest, NewerDatabaseIsRefused) {
  TempDatabase temp;
  ASSERT_NE(OpenStore(temp.path()), nullptr);
  const int newer = CurrentSchemaVersion() + 4;
  {
    SQLite::Database db(temp.path(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(SqliteOptions{temp.path()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.status().message(),
            "database schema version " + std::to_string(newer) + " is newer than this Tessera (" +
                std::to_string(CurrentSchemaVersion()) + "); upgrade Tessera");
  EXPECT_EQ(UserVersionOf(temp.path()), newer);  // left untouched
}

TEST(MigrationTest, ReopeningIsANoOp) {
  TempDatabase temp;
  {
    std::unique_ptr<Store> store = OpenStore(temp.path());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CreateOrganisation("Harbour Trust").ok());
  }
  const std::vector<std::string> before = SchemaOf(temp.path());
  {
    std::unique_ptr<Store> store = OpenStore(temp.path());
    ASSERT_NE(store, nullptr);
    Result<std::vector<Organisation>> organisations = store->ListOrganisations();
    ASSERT_TRUE(organisations.ok());
    EXPECT_EQ(organisations->size(), 1u);
  }
  EXPECT_EQ(SchemaOf(temp.path()), before);
  EXPECT_EQ(UserVersionOf(temp.path()), CurrentSchemaVersion());
}

TEST(MigrationTest, FileStoreUsesWal) {
  TempDatabase temp;
  ASSERT_NE(OpenStore(temp.path()), nullptr);
  SQLite::Database db(temp.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(MigrationTest, MemoryStoreOpens) {
  std::unique_ptr<Store> store = OpenStore(":memory:");
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->CreateOrganisation("In Memory").ok());
}

TEST(MigrationTest, MigrateSchemaRejectsUnknownTarget) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  Status status = MigrateSchema(db, CurrentSchemaVersion() + 1);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
}

TEST(MigrationTest, GarbageFileIsAnErrorNotAnException) {
  TempDatabase temp;
  {
    std::ofstream out(temp.path(), std::ios::binary);
    out << std::string(4096, 'x');
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(SqliteOptions{temp.path()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kCorruption) << store.status().ToString();
}

TEST(MigrationTest, EmptyPathIsRejected) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(SqliteOptions{});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera::engine

namespace tessera::engine {
namespace {

// Version 4 adds each campaign's response count; an older database gets the real counts.
TEST(MigrationTest, ResponseCountsAreFilledInFromStoredResponses) {
  TempDatabase file;
  {
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_TRUE(MigrateSchema(db, 3).ok());
    db.exec(
        "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Org', '2025-01-01');"
        "INSERT INTO instrument_versions VALUES ('demo', '1.0.0', 'h', '{}');"
        "INSERT INTO campaigns (id, organisation_id, instrument_id, instrument_version, title, "
        "  anonymity_threshold, created_at) VALUES "
        "  (7, 1, 'demo', '1.0.0', 'A', 5, 'x'), (8, 1, 'demo', '1.0.0', 'B', 5, 'x'),"
        "  (9, 1, 'demo', '1.0.0', 'C', 5, 'x');"
        "INSERT INTO responses (id, campaign_id, answers, \"groups\", submitted_on) VALUES "
        "  (11, 7, '{}', '{}', '2025-02-01'), (12, 7, '{}', '{}', '2025-02-01'),"
        "  (13, 7, '{}', '{}', '2025-02-01'), (14, 8, '{}', '{}', '2025-02-01');");
  }
  std::unique_ptr<Store> store = OpenStore(file.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->CountResponses(7), 3);
  EXPECT_EQ(*store->CountResponses(8), 1);
  EXPECT_EQ(*store->CountResponses(9), 0);
  EXPECT_EQ(store->CountResponses(10).status().code(), StatusCode::kNotFound);
}

// Drafts stored in clear before SealedDraftsSchemaVersion() cannot be sealed without their
// tokens, which were never stored: the upgrade deletes them, and neither they nor the drafts
// deleted earlier remain anywhere in the file, even when they were deleted with secure_delete
// off (SQLite's own default; Debian builds it with secure_delete on).
TEST(MigrationTest, DraftsStoredInClearAreDeletedAndLeaveNoTrace) {
  TempDatabase file;
  const std::string clear = "draft-in-clear-";
  {
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA secure_delete = OFF");
    ASSERT_TRUE(MigrateSchema(db, SealedDraftsSchemaVersion() - 1).ok());
    db.exec(
        "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Org', '2025-01-01');"
        "INSERT INTO instrument_versions VALUES ('demo', '1.0.0', 'h', '{}');"
        "INSERT INTO campaigns (id, organisation_id, instrument_id, instrument_version, title, "
        "  anonymity_threshold, state, created_at) VALUES (1, 1, 'demo', '1.0.0', 'A', 5, "
        "  'open', 'x');"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
        "  INSERT INTO links (id, campaign_id, kind, token_hash, used) "
        "  SELECT i, 1, 'personal', 'hash-' || i, 0 FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
        "  INSERT INTO drafts (link_id, answers) SELECT i, json_object('FREE-01', "
        "  'draft-in-clear-' || i || hex(zeroblob(150))) FROM n;");
    // As submissions did before: drafts deleted one by one, some pages freed.
    for (int link = 2; link <= 300; link += 2) {
      db.exec("DELETE FROM drafts WHERE link_id = " + std::to_string(link));
    }
    db.exec("DELETE FROM drafts WHERE link_id > 200");
  }
  ASSERT_NE(testing::ReadWholeFile(file.path()).find(clear), std::string::npos)
      << "the old database holds drafts in clear";
  {
    std::unique_ptr<Store> store = OpenStore(file.path());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->LoadDraft(1), "");
    EXPECT_TRUE(store->FindLink("hash-1").ok());
  }
  EXPECT_EQ(testing::ReadWholeFile(file.path()).find(clear), std::string::npos);
  EXPECT_EQ(testing::ReadWholeFile(file.path() + "-wal").find(clear), std::string::npos);
  SQLite::Database db(file.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM drafts").getInt(), 0);
}

}  // namespace
}  // namespace tessera::engine
