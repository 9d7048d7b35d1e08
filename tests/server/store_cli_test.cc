// The store commands end to end through the real binary: organisations, teams, campaigns,
// links and imports, their --json output and exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using tessera::testing::RunTessera;

class StoreCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tessera::testing::MakeTempDir("tessera-cli");
    db_ = " --db " + dir_ + "/t.db";
  }
  tessera::testing::Run Tessera(const std::string& args) { return RunTessera(args + db_); }

  std::string dir_;
  std::string db_;
};

TEST_F(StoreCliTest, CampaignLifecycleWithLinksAndJsonListings) {
  ASSERT_EQ(Tessera("org create --name Riverside").exit_code, 0);
  ASSERT_EQ(Tessera("teams add --org Riverside youth 'Youth services'").exit_code, 0);
  auto created = Tessera(
      "campaign create --org Riverside --instrument staff-attitudes@1.1.0 --title 'Wave 2' "
      "--closes 2099-12-31 --json");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto campaign = nlohmann::json::parse(created.out);
  EXPECT_EQ(campaign["state"], "draft");
  EXPECT_EQ(campaign["anonymity_threshold"], 5);
  const std::string id = std::to_string(campaign["id"].get<int>());

  ASSERT_EQ(Tessera("campaign open " + id).exit_code, 0);
  auto listed = Tessera("campaign list --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto list = nlohmann::json::parse(listed.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], campaign["id"]);
  EXPECT_EQ(list[0]["instrument"], "staff-attitudes@1.1.0");
  EXPECT_EQ(list[0]["state"], "open");
  EXPECT_TRUE(list[0]["responses"].is_null()) << "a count below k is not shown";

  const std::string csv = dir_ + "/links.csv";
  auto links = Tessera("links create --campaign " + id + " --count 3 --csv " + csv +
                       " --base-url https://survey.example.org/");
  ASSERT_EQ(links.exit_code, 0) << links.err;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "link\r");
  const std::regex url(R"(^https://survey\.example\.org/s/[A-Za-z0-9_-]{43}\r$)");
  int count = 0;
  while (std::getline(in, line)) {
    EXPECT_TRUE(std::regex_match(line, url)) << line;
    ++count;
  }
  EXPECT_EQ(count, 3);
  auto again = Tessera("links create --campaign " + id + " --count 1 --csv " + csv);
  EXPECT_EQ(again.exit_code, 1) << "links are written once, to a new file";

  ASSERT_EQ(Tessera("campaign close " + id).exit_code, 0);
  auto reopen = Tessera("campaign open " + id);
  EXPECT_EQ(reopen.exit_code, 1);
  EXPECT_NE(reopen.err.find("tessera campaign: "), std::string::npos);
}

TEST_F(StoreCliTest, RefusesDraftInstrumentsLowThresholdsAndUnknownOrganisations) {
  ASSERT_EQ(Tessera("org create --name Riverside").exit_code, 0);
  auto low = Tessera(
      "campaign create --org Riverside --instrument staff-attitudes@1.1.0 --title T "
      "--threshold 2");
  EXPECT_EQ(low.exit_code, 1);
  auto unknown =
      Tessera("campaign create --org Nowhere --instrument staff-attitudes@1.1.0 --title T");
  EXPECT_EQ(unknown.exit_code, 1);
  auto missing = Tessera("campaign create --org Riverside --instrument nope@1.0.0 --title T");
  EXPECT_EQ(missing.exit_code, 1);
  auto usage = Tessera("campaign create --org Riverside");
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(StoreCliTest, ImportIsAllOrNothingAndNamesRowAndColumn) {
  ASSERT_EQ(Tessera("org create --name Riverside").exit_code, 0);
  ASSERT_EQ(Tessera("campaign create --org Riverside --instrument staff-attitudes@1.1.0 "
                    "--title Paper")
                .exit_code,
            0);
  const std::string bad = dir_ + "/bad.csv";
  std::ofstream(bad) << "DIV-01,DIV-02\n4,5\n7,2\n";
  auto refused = Tessera("import responses --campaign 1 " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("row 2, column DIV-01: "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("nothing imported"), std::string::npos);
  const std::string good = dir_ + "/good.csv";
  std::ofstream(good) << "DIV-01,DIV-02\n4,5\n1,2\n";
  auto imported = Tessera("import responses --campaign 1 " + good);
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported 2 response(s)"), std::string::npos);
}

// Issue 12, part 7: a name with a terminal escape sequence was stored and printed raw by
// `org list`, `teams list` and `campaign list`.
TEST_F(StoreCliTest, NamesWithControlCharactersAreRefused) {
  auto organisation = Tessera("org create --name \"$(printf 'Evil\\033]0;owned\\007')\"");
  EXPECT_NE(organisation.exit_code, 0);
  EXPECT_NE(organisation.err.find(
                "organisation name contains a control character (U+001B), which cannot be stored"),
            std::string::npos)
      << organisation.err;
  EXPECT_EQ(organisation.err.find('\x1b'), std::string::npos);
  ASSERT_EQ(Tessera("org create --name Riverside").exit_code, 0);
  auto team = Tessera("teams add --org Riverside youth \"$(printf 'Youth\\001')\"");
  EXPECT_NE(team.exit_code, 0);
  EXPECT_NE(team.err.find("team name contains a control character (U+0001)"), std::string::npos)
      << team.err;
  auto campaign = Tessera(
      "campaign create --org Riverside --instrument staff-attitudes@1.1.0 "
      "--title \"$(printf 'Wave\\033[2J')\"");
  EXPECT_NE(campaign.exit_code, 0);
  EXPECT_NE(campaign.err.find("title contains a control character (U+001B)"), std::string::npos)
      << campaign.err;
  auto listed = Tessera("org list");
  EXPECT_EQ(listed.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(Tessera("teams list --org Riverside").out.find("Youth"), std::string::npos);
}

TEST_F(StoreCliTest, DemoBuildsOnceAndPrintsWorkingLinks) {
  auto first = Tessera("demo");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("Built the demo organisation"), std::string::npos);
  EXPECT_TRUE(
      std::regex_search(first.out, std::regex(R"(http://127\.0\.0\.1:8080/s/[A-Za-z0-9_-]{43})")))
      << first.out;
  auto second = Tessera("demo");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("already in"), std::string::npos);
  auto campaigns = nlohmann::json::parse(Tessera("campaign list --json").out);
  EXPECT_EQ(campaigns.size(), 6u);
}

TEST_F(StoreCliTest, ServeAndDemoShareTheServerOptions) {
  for (const char* command : {"serve", "demo"}) {
    auto limit = Tessera(std::string(command) + " --rate-limit lots");
    EXPECT_EQ(limit.exit_code, 2) << command;
    EXPECT_NE(limit.err.find("--rate-limit must be a whole number"), std::string::npos)
        << command << ": " << limit.err;
    auto port = Tessera(std::string(command) + " --port 70000");
    EXPECT_EQ(port.exit_code, 2);
    EXPECT_NE(port.err.find("--port must be a number from 0 to 65535"), std::string::npos);
    auto mode = Tessera(std::string(command) + " --synchronous sometimes");
    EXPECT_EQ(mode.exit_code, 2);
    EXPECT_NE(mode.err.find("--synchronous must be normal or full"), std::string::npos);
  }
}

TEST_F(StoreCliTest, ServeAndDemoTakeMaxConnections) {
  for (const char* command : {"serve", "demo"}) {
    for (const char* value : {"0", "many", "2000000"}) {
      auto bad = Tessera(std::string(command) + " --max-connections " + value);
      EXPECT_EQ(bad.exit_code, 2) << command << " " << value;
      EXPECT_NE(bad.err.find("--max-connections must be a number from 1 to 1000000"),
                std::string::npos)
          << command << ": " << bad.err;
    }
  }
  auto help = RunTessera("serve --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--max-connections N"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace tessera::server
