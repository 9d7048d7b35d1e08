// Users, memberships and sign-in sessions in the SQLite store (schema version 5).
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/migrations.h"
#include "engine/sqlite_store.h"
#include "engine/store.h"
#include "tests/engine/store_test_support.h"

namespace tessera::engine {
namespace {

using testing::OpenStore;
using testing::TempDatabase;

const std::string kHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

std::string IdHash(char c) { return std::string(64, c); }

class UsersStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:");
    ASSERT_NE(store_, nullptr);
    riverside_ = store_->CreateOrganisation("Riverside")->id;
    harbour_ = store_->CreateOrganisation("Harbour Trust")->id;
  }

  int64_t AddUser(const std::string& email) {
    Result<User> user = store_->CreateUser(email, kHash);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    return user.ok() ? user->id : 0;
  }

  std::unique_ptr<Store> store_;
  int64_t riverside_ = 0;
  int64_t harbour_ = 0;
};

TEST_F(UsersStoreTest, UsersAreFoundByEmailIgnoringCase) {
  const int64_t id = AddUser("ada@example.org");
  Result<User> found = store_->FindUserByEmail("ADA@Example.ORG");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->email, "ada@example.org");
  EXPECT_EQ(found->password_hash, kHash);
  EXPECT_FALSE(found->created_at.empty());
  EXPECT_EQ(store_->FindUserByEmail("bob@example.org").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser(id)->email, "ada@example.org");
  EXPECT_EQ(store_->GetUser(id + 100).status().code(), StatusCode::kNotFound);
}

TEST_F(UsersStoreTest, EmailsAreUniqueIgnoringCase) {
  AddUser("ada@example.org");
  Result<User> again = store_->CreateUser("Ada@Example.org", kHash);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateUser("", kHash).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateUser("x@example.org", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
}

TEST_F(UsersStoreTest, EmailsWithControlCharactersAreRefused) {
  // The CLI checks the shape of an address; the store refuses control characters whoever calls.
  const Status status = store_->CreateUser("ada\xc2\x9b@example.org", kHash).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.pointer(), "/email");
  EXPECT_EQ(status.message(),
            "email contains a control character (U+009B), which cannot be stored");
  EXPECT_EQ(store_->FindUserByEmail("ada\xc2\x9b@example.org").status().code(),
            StatusCode::kNotFound);
}

TEST_F(UsersStoreTest, OneRolePerOrganisationAndRolesInSeveral) {
  const int64_t ada = AddUser("ada@example.org");
  const int64_t bob = AddUser("bob@example.org");
  ASSERT_TRUE(store_->SetMembership(ada, riverside_, "manager").ok());
  ASSERT_TRUE(store_->SetMembership(ada, harbour_, "evaluator").ok());
  ASSERT_TRUE(store_->SetMembership(bob, riverside_, "admin").ok());
  // Setting again replaces the role rather than adding a second one.
  ASSERT_TRUE(store_->SetMembership(ada, riverside_, "admin").ok());

  Result<std::vector<UserMembership>> ada_roles = store_->UserMemberships(ada);
  ASSERT_TRUE(ada_roles.ok());
  ASSERT_EQ(ada_roles->size(), 2u);
  EXPECT_EQ((*ada_roles)[0].organisation_name, "Harbour Trust");  // ordered by name
  EXPECT_EQ((*ada_roles)[0].role, "evaluator");
  EXPECT_EQ((*ada_roles)[1].organisation_id, riverside_);
  EXPECT_EQ((*ada_roles)[1].role, "admin");
  EXPECT_EQ((*ada_roles)[1].email, "ada@example.org");

  Result<std::vector<UserMembership>> riverside = store_->ListMemberships(riverside_);
  ASSERT_TRUE(riverside.ok());
  ASSERT_EQ(riverside->size(), 2u);
  EXPECT_EQ((*riverside)[0].email, "ada@example.org");
  EXPECT_EQ((*riverside)[1].email, "bob@example.org");
  EXPECT_EQ(store_->ListMemberships(std::nullopt)->size(), 3u);
  EXPECT_EQ(store_->ListMemberships(9999).status().code(), StatusCode::kNotFound);
}

TEST_F(UsersStoreTest, MembershipsAreChecked) {
  const int64_t ada = AddUser("ada@example.org");
  EXPECT_EQ(store_->SetMembership(ada, riverside_, "owner").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->SetMembership(ada, riverside_, "Admin").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->SetMembership(ada, 9999, "admin").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->SetMembership(ada + 50, riverside_, "admin").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->RemoveMembership(ada, riverside_).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->SetMembership(ada, riverside_, "manager").ok());
  EXPECT_TRUE(store_->RemoveMembership(ada, riverside_).ok());
  EXPECT_TRUE(store_->UserMemberships(ada)->empty());
}

TEST_F(UsersStoreTest, SessionsAreFoundWithTheirUserAndRoles) {
  const int64_t ada = AddUser("ada@example.org");
  ASSERT_TRUE(store_->SetMembership(ada, riverside_, "manager").ok());
  ASSERT_TRUE(store_->SetMembership(ada, harbour_, "admin").ok());
  ASSERT_TRUE(store_->CreateSession({IdHash('a'), ada, "csrf-a", 1000, 1000}).ok());

  Result<SessionWithUser> found = store_->FindSession(IdHash('a'));
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->session.user_id, ada);
  EXPECT_EQ(found->session.csrf_token, "csrf-a");
  EXPECT_EQ(found->session.created_at, 1000);
  EXPECT_EQ(found->session.last_seen_at, 1000);
  EXPECT_EQ(found->email, "ada@example.org");
  ASSERT_EQ(found->memberships.size(), 2u);
  EXPECT_EQ(found->memberships[0].organisation_name, "Harbour Trust");
  EXPECT_EQ(found->memberships[0].role, "admin");
  EXPECT_EQ(found->memberships[1].role, "manager");
  EXPECT_EQ(store_->FindSession(IdHash('b')).status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(store_->TouchSession(IdHash('a'), 1500).ok());
  ASSERT_TRUE(store_->TouchSession(IdHash('a'), 1200).ok());  // never moves backwards
  EXPECT_EQ(store_->FindSession(IdHash('a'))->session.last_seen_at, 1500);
  EXPECT_EQ(store_->TouchSession(IdHash('b'), 1500).code(), StatusCode::kNotFound);
}

TEST_F(UsersStoreTest, AUserWithoutRolesStillHasASession) {
  const int64_t ada = AddUser("ada@example.org");
  ASSERT_TRUE(store_->CreateSession({IdHash('a'), ada, "csrf", 1, 1}).ok());
  Result<SessionWithUser> found = store_->FindSession(IdHash('a'));
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->memberships.empty());
}

TEST_F(UsersStoreTest, SessionsAreCheckedAndDeleted) {
  const int64_t ada = AddUser("ada@example.org");
  const int64_t bob = AddUser("bob@example.org");
  EXPECT_EQ(store_->CreateSession({"short", ada, "csrf", 1, 1}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateSession({IdHash('a'), ada, "", 1, 1}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateSession({IdHash('a'), bob + 10, "csrf", 1, 1}).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store_->CreateSession({IdHash('a'), ada, "csrf", 1, 1}).ok());
  EXPECT_EQ(store_->CreateSession({IdHash('a'), ada, "csrf", 1, 1}).code(),
            StatusCode::kAlreadyExists);
  ASSERT_TRUE(store_->CreateSession({IdHash('b'), ada, "csrf", 1, 1}).ok());
  ASSERT_TRUE(store_->CreateSession({IdHash('c'), bob, "csrf", 1, 1}).ok());

  ASSERT_TRUE(store_->DeleteSession(IdHash('a')).ok());
  EXPECT_EQ(store_->FindSession(IdHash('a')).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->DeleteSession(IdHash('a')).ok());  // already gone: fine

  ASSERT_TRUE(store_->DeleteUserSessions(ada).ok());
  EXPECT_FALSE(store_->FindSession(IdHash('b')).ok());
  EXPECT_TRUE(store_->FindSession(IdHash('c')).ok());  // another user's session stays
}

TEST_F(UsersStoreTest, PurgeDeletesIdleAndOldSessions) {
  const int64_t ada = AddUser("ada@example.org");
  ASSERT_TRUE(store_->CreateSession({IdHash('a'), ada, "c", 100, 900}).ok());  // too old
  ASSERT_TRUE(store_->CreateSession({IdHash('b'), ada, "c", 500, 500}).ok());  // idle
  ASSERT_TRUE(store_->CreateSession({IdHash('c'), ada, "c", 500, 950}).ok());  // current
  Result<int64_t> purged = store_->PurgeSessions(/*idle_before=*/800, /*created_before=*/200);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(*purged, 2);
  EXPECT_FALSE(store_->FindSession(IdHash('a')).ok());
  EXPECT_FALSE(store_->FindSession(IdHash('b')).ok());
  EXPECT_TRUE(store_->FindSession(IdHash('c')).ok());
}

TEST_F(UsersStoreTest, DeletingAUserDeletesRolesAndSessions) {
  const int64_t ada = AddUser("ada@example.org");
  const int64_t bob = AddUser("bob@example.org");
  ASSERT_TRUE(store_->SetMembership(ada, riverside_, "admin").ok());
  ASSERT_TRUE(store_->SetMembership(bob, riverside_, "manager").ok());
  ASSERT_TRUE(store_->CreateSession({IdHash('a'), ada, "csrf", 1, 1}).ok());
  ASSERT_TRUE(store_->DeleteUser(ada).ok());
  EXPECT_EQ(store_->GetUser(ada).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(store_->FindSession(IdHash('a')).ok());
  ASSERT_EQ(store_->ListMemberships(riverside_)->size(), 1u);
  EXPECT_EQ(store_->ListMemberships(riverside_)->front().email, "bob@example.org");
  EXPECT_EQ(store_->DeleteUser(ada).code(), StatusCode::kNotFound);
  // The email can be used again.
  EXPECT_TRUE(store_->CreateUser("ada@example.org", kHash).ok());
}

TEST_F(UsersStoreTest, PasswordHashesAreReplaced) {
  const int64_t ada = AddUser("ada@example.org");
  ASSERT_TRUE(store_->SetPasswordHash(ada, "$argon2id$new").ok());
  EXPECT_EQ(store_->GetUser(ada)->password_hash, "$argon2id$new");
  EXPECT_EQ(store_->SetPasswordHash(ada, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->SetPasswordHash(ada + 9, "x").code(), StatusCode::kNotFound);
}

// A database written by schema version 4 gains the account tables and keeps its data.
TEST(UsersMigrationTest, Version4DatabaseUpgrades) {
  ASSERT_GE(CurrentSchemaVersion(), 5);
  TempDatabase file;
  {
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_TRUE(MigrateSchema(db, 4).ok());
    db.exec("INSERT INTO organisations (id, name, created_at) VALUES (3, 'Old Org', '2025-01-01')");
    EXPECT_FALSE(db.tableExists("users"));
  }
  {
    std::unique_ptr<Store> store = OpenStore(file.path());
    ASSERT_NE(store, nullptr);
    Result<User> user = store->CreateUser("ada@example.org", kHash);
    ASSERT_TRUE(user.ok()) << user.status().ToString();
    ASSERT_TRUE(store->SetMembership(user->id, 3, "evaluator").ok());
    ASSERT_TRUE(store->CreateSession({IdHash('f'), user->id, "csrf", 5, 5}).ok());
  }
  SQLite::Database db(file.path(), SQLite::OPEN_READONLY);
  EXPECT_GE(db.execAndGet("PRAGMA user_version").getInt(), 5);
  for (const char* table : {"users", "memberships", "sessions"}) {
    EXPECT_TRUE(db.tableExists(table)) << table;
  }
  EXPECT_EQ(db.execAndGet("SELECT name FROM organisations WHERE id = 3").getString(), "Old Org");
  EXPECT_EQ(db.execAndGet("SELECT role FROM memberships").getString(), "evaluator");
  // Only the hash of a session id is a column; nothing else could hold the id itself.
  EXPECT_EQ(
      db.execAndGet("SELECT group_concat(name) FROM pragma_table_info('sessions')").getString(),
      "id_hash,user_id,csrf_token,created_at,last_seen_at");
}

// The schema itself refuses what the store's checks refuse, for writers that bypass them.
TEST(UsersMigrationTest, SchemaRefusesUnknownRoles) {
  TempDatabase file;
  ASSERT_NE(OpenStore(file.path()), nullptr);
  SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("INSERT INTO organisations (id, name, created_at) VALUES (1, 'O', 'x')");
  db.exec("INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@b', 'h', 'x')");
  EXPECT_THROW(db.exec("INSERT INTO memberships VALUES (1, 1, 'owner')"), SQLite::Exception);
  EXPECT_THROW(db.exec("INSERT INTO users (email, password_hash, created_at) "
                       "VALUES ('A@B', 'h', 'x')"),
               SQLite::Exception);
}

}  // namespace
}  // namespace tessera::engine
