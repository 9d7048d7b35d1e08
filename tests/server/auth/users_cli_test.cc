// `tessera users` and the demo's accounts, through the real binary. Passwords go in on
// standard input only.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "engine/sqlite_store.h"
#include "server/auth/password_hash.h"

namespace tessera::server {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class UsersCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tessera-users-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = dir_ + "/t.db";
    ASSERT_EQ(Run("org create --name Riverside").exit_code, 0);
    ASSERT_EQ(Run("org create --name 'Harbour Trust'").exit_code, 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `tessera ARGS --db DB` (unless ARGS name a database) with `input` on standard input.
  CliRun Run(const std::string& args, const std::string& input = "") {
    std::ofstream(dir_ + "/stdin", std::ios::binary) << input;
    const std::string db = args.find("--db ") == std::string::npos ? " --db " + db_ : "";
    const std::string command = std::string(TESSERA_BINARY) + " " + args + db + " <" + dir_ +
                                "/stdin >" + dir_ + "/out 2>" + dir_ + "/err";
    const int status = std::system(command.c_str());
    return CliRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(dir_ + "/out"),
                  Slurp(dir_ + "/err")};
  }

  std::unique_ptr<engine::Store> Store() {
    auto store = engine::OpenSqliteStore({db_});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::string dir_;
  std::string db_;
};

constexpr char kPassword[] = "a long enough secret 42";

TEST_F(UsersCliTest, AddReadsThePasswordFromStandardInput) {
  CliRun added = Run("users add --org Riverside --role manager Ada@Example.org",
                     std::string(kPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("Added ada@example.org: manager in Riverside"), std::string::npos)
      << added.out;
  EXPECT_EQ(added.out.find(kPassword), std::string::npos);

  auto store = Store();
  ASSERT_NE(store, nullptr);
  Result<engine::User> user = store->FindUserByEmail("ada@example.org");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(user->password_hash, kPassword));
  ASSERT_EQ(store->UserMemberships(user->id)->size(), 1u);
  EXPECT_EQ(store->UserMemberships(user->id)->front().role, "manager");

  // The audit log records the action, by the command line, without the password.
  Result<std::vector<engine::AuditEntry>> audit = store->ListAudit(10);
  ASSERT_TRUE(audit.ok());
  bool user_add = false;
  for (const engine::AuditEntry& entry : *audit) {
    EXPECT_EQ(entry.actor.rfind("cli", 0), 0u) << entry.actor;
    EXPECT_EQ(entry.details.dump().find(kPassword), std::string::npos);
    if (entry.action == "user.add") user_add = true;
  }
  EXPECT_TRUE(user_add);
  store.reset();
  // Nowhere in the database file is the password itself.
  EXPECT_EQ((Slurp(db_) + Slurp(db_ + "-wal")).find(kPassword), std::string::npos);
}

TEST_F(UsersCliTest, ShortOrMissingPasswordsAreRefused) {
  CliRun short_one = Run("users add --org Riverside --role admin ada@example.org", "eleven char\n");
  EXPECT_EQ(short_one.exit_code, 1);
  EXPECT_NE(short_one.err.find("at least 12 characters"), std::string::npos) << short_one.err;
  CliRun none = Run("users add --org Riverside --role admin ada@example.org", "");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("standard input"), std::string::npos) << none.err;
  CliRun listed = Run("users list --json");
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(listed.out), nlohmann::json::array());
}

TEST_F(UsersCliTest, UsageErrorsExitWithTwoAndDataErrorsWithOne) {
  const std::string input = std::string(kPassword) + "\n";
  EXPECT_EQ(Run("users add --org Riverside --role boss ada@example.org", input).exit_code, 2);
  EXPECT_EQ(Run("users add --role admin ada@example.org", input).exit_code, 2);
  EXPECT_EQ(Run("users add --org Riverside --role admin", input).exit_code, 2);
  EXPECT_EQ(Run("users add --org Riverside --role admin not-an-email", input).exit_code, 2);
  // There is no way to pass a password as an argument.
  CliRun argument =
      Run("users add --org Riverside --role admin --password hunter2hunter2 ada@example.org");
  EXPECT_EQ(argument.exit_code, 2);
  EXPECT_EQ(Run("users frobnicate").exit_code, 2);
  EXPECT_EQ(Run("users add --org Nowhere --role admin ada@example.org", input).exit_code, 1);
  EXPECT_EQ(Run("users remove nobody@example.org").exit_code, 1);
  EXPECT_EQ(Run("users passwd nobody@example.org", input).exit_code, 1);
  CliRun help = Run("users --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("tessera users"), std::string::npos);
}

TEST_F(UsersCliTest, RolesInSeveralOrganisationsListAndRemove) {
  const std::string input = std::string(kPassword) + "\n";
  ASSERT_EQ(Run("users add --org Riverside --role manager ada@example.org", input).exit_code, 0);
  ASSERT_EQ(Run("users add --org Riverside --role admin bob@example.org", input).exit_code, 0);
  // An existing account gets a second role without a password being read.
  CliRun second = Run("users add --org 'Harbour Trust' --role evaluator ada@example.org");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("password is unchanged"), std::string::npos);
  // Adding again changes the role in that organisation.
  ASSERT_EQ(Run("users add --org 1 --role admin ada@example.org").exit_code, 0);

  nlohmann::json all = nlohmann::json::parse(Run("users list --json").out);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["email"], "ada@example.org");
  EXPECT_EQ(all[0]["memberships"],
            (nlohmann::json::array(
                {{{"organisation_id", 2}, {"organisation", "Harbour Trust"}, {"role", "evaluator"}},
                 {{"organisation_id", 1}, {"organisation", "Riverside"}, {"role", "admin"}}})));
  nlohmann::json harbour =
      nlohmann::json::parse(Run("users list --org 'Harbour Trust' --json").out);
  ASSERT_EQ(harbour.size(), 1u);
  EXPECT_EQ(harbour[0]["memberships"].size(), 1u);
  CliRun text = Run("users list");
  EXPECT_NE(text.out.find("ada@example.org\n  evaluator in Harbour Trust (organisation 2)\n"),
            std::string::npos)
      << text.out;

  ASSERT_EQ(Run("users remove ada@example.org --org Riverside").exit_code, 0);
  EXPECT_EQ(Run("users remove ada@example.org --org Riverside").exit_code, 1);
  all = nlohmann::json::parse(Run("users list --json").out);
  EXPECT_EQ(all[0]["memberships"].size(), 1u);
  CliRun removed = Run("users remove bob@example.org");
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  all = nlohmann::json::parse(Run("users list --json").out);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["email"], "ada@example.org");
}

TEST_F(UsersCliTest, PasswdSetsANewPasswordAndEndsSessions) {
  ASSERT_EQ(
      Run("users add --org Riverside --role manager ada@example.org", std::string(kPassword) + "\n")
          .exit_code,
      0);
  {
    auto store = Store();
    ASSERT_NE(store, nullptr);
    const int64_t ada = store->FindUserByEmail("ada@example.org")->id;
    ASSERT_TRUE(store->CreateSession({std::string(64, 'e'), ada, "csrf", 1, 1}).ok());
  }
  EXPECT_EQ(Run("users passwd ada@example.org", "too short\n").exit_code, 1);
  CliRun changed = Run("users passwd ada@example.org", "another good password\r\n");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  auto store = Store();
  ASSERT_NE(store, nullptr);
  Result<engine::User> user = store->FindUserByEmail("ada@example.org");
  EXPECT_TRUE(VerifyPassword(user->password_hash, "another good password"));
  EXPECT_FALSE(VerifyPassword(user->password_hash, kPassword));
  EXPECT_EQ(store->FindSession(std::string(64, 'e')).status().code(), StatusCode::kNotFound);
  bool logged = false;
  Result<std::vector<engine::AuditEntry>> audit = store->ListAudit(20);
  ASSERT_TRUE(audit.ok());
  for (const auto& entry : *audit) logged |= entry.action == "user.password";
  EXPECT_TRUE(logged);
}

TEST_F(UsersCliTest, DemoCreatesOneAccountPerRoleAndRemembersThePasswords) {
  const std::string demo_db = dir_ + "/demo.db";
  CliRun first = Run("demo --db " + demo_db);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // The existing survey link lines are still printed.
  EXPECT_TRUE(
      std::regex_search(first.out, std::regex(R"(http://127\.0\.0\.1:8080/s/[A-Za-z0-9_-]{43})")));
  std::map<std::string, std::string> passwords;
  const std::regex line(
      R"(Sign in at http://127\.0\.0\.1:8080/login as (\w+)@demo\.example \((\w+)\), password: (\S+))");
  for (auto it = std::sregex_iterator(first.out.begin(), first.out.end(), line);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[1], (*it)[2]);
    passwords[(*it)[1]] = (*it)[3];
  }
  ASSERT_EQ(passwords.size(), 3u) << first.out;

  struct stat info {};
  ASSERT_EQ(::stat((demo_db + ".accounts.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  CliRun second = Run("demo --db " + demo_db);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  for (const auto& [role, password] : passwords) {
    EXPECT_NE(second.out.find(role + "@demo.example (" + role + "), password: " + password),
              std::string::npos)
        << second.out;
  }
  auto store = engine::OpenSqliteStore({demo_db});
  ASSERT_TRUE(store.ok());
  for (const auto& [role, password] : passwords) {
    Result<engine::User> user = (*store)->FindUserByEmail(role + "@demo.example");
    ASSERT_TRUE(user.ok()) << role;
    EXPECT_TRUE(VerifyPassword(user->password_hash, password)) << role;
    auto memberships = (*store)->UserMemberships(user->id);
    ASSERT_EQ(memberships->size(), 1u);
    EXPECT_EQ(memberships->front().role, role);
  }
  EXPECT_EQ((*store)->ListUsers()->size(), 3u);
}

}  // namespace
}  // namespace tessera::server
