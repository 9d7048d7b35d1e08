// The ceilings and the audit of links on the command line, through the real binary: team
// headcounts (teams add --headcount, teams set), a campaign's audience size (its default from the
// headcounts, campaign set), imports that would go past them, what campaign show says about the
// shared link and flags, and who took which links out (the audit log).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/sqlite_store.h"
#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using tessera::testing::RunTessera;

class PaddingCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tessera::testing::MakeTempDir("tessera-padding-cli");
    db_ = " --db " + dir_ + "/t.db";
    ASSERT_EQ(Tessera("org create --name Riverside").exit_code, 0);
  }
  tessera::testing::Run Tessera(const std::string& args) { return RunTessera(args + db_); }

  std::unique_ptr<engine::Store> Store() {
    return std::move(engine::OpenSqliteStore(engine::SqliteOptions{dir_ + "/t.db"}).value());
  }

  nlohmann::json Create(const std::string& extra = "") {
    auto created = Tessera(
        "campaign create --org Riverside --instrument staff-attitudes@1.1.0 --title Wave --json" +
        extra);
    EXPECT_EQ(created.exit_code, 0) << created.err;
    return created.exit_code == 0 ? nlohmann::json::parse(created.out) : nlohmann::json();
  }

  std::string dir_;
  std::string db_;
};

TEST_F(PaddingCliTest, TeamsDeclareAndChangeTheirHeadcount) {
  auto added = Tessera("teams add --org Riverside youth 'Youth services' --headcount 2");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("(headcount 2)"), std::string::npos) << added.out;
  ASSERT_EQ(Tessera("teams add --org Riverside family 'Family support'").exit_code, 0);
  auto set = Tessera("teams set --org Riverside family --headcount 12");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(set.out, "team family headcount: 12\n");
  auto listed = nlohmann::json::parse(Tessera("teams list --org Riverside --json").out);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["slug"], "family");
  EXPECT_EQ(listed[0]["headcount"], 12);
  EXPECT_EQ(listed[1]["headcount"], 2);
  ASSERT_EQ(Tessera("teams set --org Riverside youth --headcount none").exit_code, 0);
  listed = nlohmann::json::parse(Tessera("teams list --org Riverside --json").out);
  EXPECT_TRUE(listed[1]["headcount"].is_null());

  EXPECT_EQ(Tessera("teams set --org Riverside youth --headcount 0").exit_code, 2);
  EXPECT_EQ(Tessera("teams set --org Riverside youth --headcount many").exit_code, 2);
  EXPECT_EQ(Tessera("teams set --org Riverside youth").exit_code, 2);
  auto unknown = Tessera("teams set --org Riverside nobody --headcount 3");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no team with slug 'nobody'"), std::string::npos) << unknown.err;
}

TEST_F(PaddingCliTest, AudienceSizeDefaultsToTheSumOfHeadcountsWhenEveryTeamHasOne) {
  ASSERT_EQ(Tessera("teams add --org Riverside youth Youth --headcount 2").exit_code, 0);
  ASSERT_EQ(Tessera("teams add --org Riverside family Family").exit_code, 0);
  EXPECT_TRUE(Create()["audience_size"].is_null()) << "one team has no headcount";
  ASSERT_EQ(Tessera("teams set --org Riverside family --headcount 30").exit_code, 0);
  auto text =
      Tessera("campaign create --org Riverside --instrument staff-attitudes@1.1.0 --title Wave2");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("audience size 32 (the sum of the teams' headcounts)"), std::string::npos)
      << text.out;
  EXPECT_EQ(Create(" --audience-size 50")["audience_size"], 50);
  const nlohmann::json none = Create(" --audience-size none");
  EXPECT_TRUE(none["audience_size"].is_null());
  EXPECT_EQ(Tessera("campaign create --org Riverside --instrument staff-attitudes@1.1.0 "
                    "--title Bad --audience-size 0")
                .exit_code,
            2);

  const std::string id = std::to_string(none["id"].get<int>());
  auto set = Tessera("campaign set " + id + " --audience-size 25");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(set.out, "campaign " + id + " audience size: 25\n");
  EXPECT_EQ(nlohmann::json::parse(Tessera("campaign show " + id + " --json").out)["audience_size"],
            25);
  ASSERT_EQ(Tessera("campaign close " + id).exit_code, 0);
  EXPECT_EQ(Tessera("campaign set " + id + " --audience-size 30").exit_code, 1)
      << "a closed campaign's audience size is fixed";
  auto audit = Store()->ListAudit(1);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->front().action, "campaign.close");
}

TEST_F(PaddingCliTest, ImportsCannotGoPastTheCeilings) {
  ASSERT_EQ(Tessera("teams add --org Riverside youth Youth --headcount 2").exit_code, 0);
  const std::string id = std::to_string(Create(" --audience-size 3")["id"].get<int>());
  const std::string youth = dir_ + "/youth.csv";
  std::ofstream(youth) << "team,DIV-01\nyouth,4\nyouth,5\nyouth,3\n";
  auto refused = Tessera("import responses --campaign " + id + " " + youth);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("team 'youth' has a headcount of 2"), std::string::npos)
      << refused.err;
  const std::string many = dir_ + "/many.csv";
  std::ofstream(many) << "DIV-01\n1\n2\n3\n4\n";
  auto over = Tessera("import responses --campaign " + id + " " + many);
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_NE(over.err.find("audience size of 3"), std::string::npos) << over.err;
  auto store = Store();
  EXPECT_EQ(*store->CountResponses(std::stoll(id)), 0) << "nothing was imported";
}

TEST_F(PaddingCliTest, LinksCreateRecordsWhoTookWhichLinksWhere) {
  const std::string id = std::to_string(Create()["id"].get<int>());
  const std::string csv = dir_ + "/staff-links.csv";
  ASSERT_EQ(Tessera("links create --campaign " + id + " --count 4 --csv " + csv).exit_code, 0);
  ASSERT_EQ(Tessera("links create --campaign " + id + " --count 2").exit_code, 0);
  ASSERT_EQ(Tessera("links create --campaign " + id + " --open").exit_code, 0);
  auto audit = Store()->ListAudit(3);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  const engine::AuditEntry& open = (*audit)[0];
  const engine::AuditEntry& printed = (*audit)[1];
  const engine::AuditEntry& file = (*audit)[2];
  EXPECT_EQ(file.action, "links.create");
  EXPECT_EQ(file.actor.rfind("cli:", 0), 0u) << file.actor;
  EXPECT_EQ(file.subject, "campaign:" + id);
  EXPECT_EQ(file.details["count"], 4);
  for (const engine::AuditEntry* entry : {&file, &printed, &open}) {
    for (const char* key : {"first_link_id", "last_link_id", "written_to"}) {
      ASSERT_TRUE(entry->details.contains(key)) << entry->details.dump();
    }
  }
  EXPECT_EQ(
      file.details["last_link_id"].get<int64_t>() - file.details["first_link_id"].get<int64_t>(),
      3);
  EXPECT_EQ(file.details["written_to"], std::filesystem::absolute(csv).lexically_normal().string());
  EXPECT_FALSE(file.at.empty());
  EXPECT_EQ(printed.details["count"], 2);
  EXPECT_EQ(printed.details["first_link_id"].get<int64_t>(),
            file.details["last_link_id"].get<int64_t>() + 1);
  EXPECT_EQ(printed.details["written_to"], "standard output");
  EXPECT_EQ(open.action, "links.create_open");
  EXPECT_EQ(open.details["count"], 1);
}

TEST_F(PaddingCliTest, CampaignShowSaysWhatCameThroughTheSharedLinkAndListsFlags) {
  const int64_t id = Create()["id"].get<int64_t>();
  ASSERT_EQ(Tessera("campaign open " + std::to_string(id)).exit_code, 0);
  {
    auto store = Store();
    ASSERT_TRUE(
        store->AddLinks(id, engine::LinkKind::kPersonal, {"p0", "p1", "p2", "p3", "p4"}).ok());
    std::vector<engine::Submission> batch;
    for (int i = 0; i < 5; ++i) {
      const std::string token = "p" + std::to_string(i);
      batch.push_back({token,
                       {{"DIV-01", i % 5 + 1}},
                       nlohmann::json::object(),
                       "r" + token,
                       "2026-03-04",
                       id});
    }
    for (int i = 0; i < 2; ++i) {
      const std::string token = "m" + std::to_string(i);
      ASSERT_TRUE(store->AddMintedLink(id, token).ok());
      batch.push_back(
          {token, {{"DIV-01", 2}}, nlohmann::json::object(), "r" + token, "2026-03-04", id});
    }
    for (const Status& status : store->SubmitBatch(batch)) ASSERT_TRUE(status.ok());
    ASSERT_TRUE(store->RecordBurstFlag({id, "team", "youth", "2026-03-04", 3}).ok());
  }
  auto shown = Tessera("campaign show " + std::to_string(id));
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("responses: 7"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("through the shared link: not shown: it or the rest would be fewer "
                           "than 5"),
            std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("flag: 2026-03-04, team = youth: at least 3, fewer than 5"),
            std::string::npos)
      << shown.out;
  auto json = nlohmann::json::parse(Tessera("campaign show " + std::to_string(id) + " --json").out);
  EXPECT_TRUE(json["shared_link_responses"].is_null());
  ASSERT_EQ(json["burst_flags"].size(), 1u);
  EXPECT_TRUE(json["burst_flags"][0]["responses"].is_null());
}

}  // namespace
}  // namespace tessera::server
