// Padding a small group: a campaign's audience size and its teams' headcounts are ceilings that
// no batch, no race between batches and no import goes past; links minted from the shared link
// are counted apart; bursts are flagged without a response id.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engine/burst_watch.h"
#include "engine/link_usage.h"
#include "engine/migrations.h"
#include "engine/sqlite_store.h"
#include "store_test_support.h"

namespace tessera::engine {
namespace {

using testing::OpenStore;
using testing::TempDatabase;

// An instrument document with a team question (what the store reads to find it).
InstrumentVersion TeamInstrument() {
  return InstrumentVersion{instruments::InstrumentRef{"teamed", instruments::Version{1, 0, 0}},
                           "sha256:feedbeef",
                           R"({"id": "teamed", "version": "1.0.0", "sections": [
            {"id": "about", "items": [{"id": "role", "grouping": "role"},
                                      {"id": "unit", "grouping": "team"}]},
            {"id": "main", "items": [{"id": "Q1"}]}]})"};
}

struct Fixture {
  std::unique_ptr<Store> store;
  int64_t organisation_id = 0;
  int64_t campaign_id = 0;
};

// An organisation with teams youth (headcount 2), family (no headcount) and an open campaign
// with the given audience size on the team instrument.
void Build(Store& store, Fixture* fixture, std::optional<int64_t> audience_size) {
  auto organisation = store.CreateOrganisation("Riverside");
  ASSERT_TRUE(organisation.ok());
  fixture->organisation_id = organisation->id;
  ASSERT_TRUE(store.CreateTeam(organisation->id, "youth", "Youth services", 2).ok());
  ASSERT_TRUE(store.CreateTeam(organisation->id, "family", "Family support").ok());
  ASSERT_TRUE(store.SaveInstrumentVersion(TeamInstrument()).ok());
  NewCampaign request;
  request.organisation_id = organisation->id;
  request.instrument = TeamInstrument().ref;
  request.title = "Wave 1";
  request.audience_size = audience_size;
  auto campaign = store.CreateCampaign(request);
  ASSERT_TRUE(campaign.ok()) << campaign.status().ToString();
  EXPECT_EQ(campaign->audience_size, audience_size);
  fixture->campaign_id = campaign->id;
  ASSERT_TRUE(store.SetCampaignState(campaign->id, CampaignState::kOpen).ok());
}

Fixture Make(std::optional<int64_t> audience_size) {
  Fixture fixture;
  fixture.store = OpenStore(":memory:");
  if (fixture.store) Build(*fixture.store, &fixture, audience_size);
  return fixture;
}

Submission In(const std::string& token, const std::string& team, int answer = 4) {
  nlohmann::json groups = nlohmann::json::object();
  if (!team.empty()) groups["unit"] = team;
  nlohmann::json answers = groups;
  answers["Q1"] = answer;
  return Submission{token, answers, groups, "receipt-" + token, "2026-03-04"};
}

std::vector<std::string> Tokens(const std::string& prefix, int count) {
  std::vector<std::string> tokens;
  for (int i = 0; i < count; ++i) tokens.push_back(prefix + std::to_string(i));
  return tokens;
}

TEST(AudienceCeilingTest, OneBatchNeverGoesPastTheAudienceSize) {
  Fixture fixture = Make(3);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  const auto tokens = Tokens("p", 5);
  ASSERT_TRUE(store.AddLinks(fixture.campaign_id, LinkKind::kPersonal, tokens).ok());
  const int64_t kept = store.FindLink("p4")->id;
  const std::string sealed("\x01sealed draft", 13);  // the store keeps drafts as opaque bytes
  ASSERT_TRUE(store.SaveDraft(kept, sealed).ok());

  std::vector<Submission> batch;
  for (const auto& token : tokens) batch.push_back(In(token, "family"));
  std::vector<Status> results = store.SubmitBatch(batch);
  ASSERT_EQ(results.size(), 5u);
  // A batch is stored in a random order (docs/anonymity.md): any 3 get in, the other 2 are
  // refused.
  int stored = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) {
      ++stored;
      EXPECT_TRUE(store.FindLink(tokens[i])->used);
      continue;
    }
    EXPECT_EQ(results[i].code(), StatusCode::kResourceExhausted) << results[i].ToString();
    EXPECT_EQ(results[i].pointer(), "") << "the audience size names no question";
    // A refused one keeps its link and draft: nothing of it was stored.
    EXPECT_FALSE(store.FindLink(tokens[i])->used);
    if (tokens[i] == "p4") {
      auto draft = store.LoadDraft(kept);
      ASSERT_TRUE(draft.ok()) << draft.status().ToString();
      EXPECT_EQ(*draft, sealed);
    }
  }
  EXPECT_EQ(stored, 3);
  EXPECT_EQ(*store.CountResponses(fixture.campaign_id), 3);
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(*store.ReceiptExists("receipt-" + tokens[i]), results[i].ok()) << tokens[i];
  }

  // A later batch is refused too (a link refused above, still unused).
  std::string refused;
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) refused = tokens[i];
  }
  ASSERT_FALSE(refused.empty());
  EXPECT_EQ(store.SubmitBatch({In(refused, "family")})[0].code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(*store.CountResponses(fixture.campaign_id), 3);
}

TEST(AudienceCeilingTest, TeamHeadcountRefusesBeyondItAndNamesTheTeamQuestion) {
  Fixture fixture = Make(std::nullopt);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  const auto tokens = Tokens("t", 7);
  ASSERT_TRUE(store.AddLinks(fixture.campaign_id, LinkKind::kPersonal, tokens).ok());
  std::vector<Status> results =
      store.SubmitBatch({In("t0", "youth"), In("t1", "family"), In("t2", "youth"),
                         In("t3", "youth"), In("t4", "pnts"), In("t5", ""), In("t6", "youth")});
  ASSERT_EQ(results.size(), 7u);
  EXPECT_TRUE(results[1].ok()) << "a team without a headcount takes any number";
  EXPECT_TRUE(results[4].ok()) << "\"prefer not to say\" is no team";
  EXPECT_TRUE(results[5].ok());
  // Youth's headcount is 2: of its four, in a batch stored in a random order, any two get in.
  int youth_stored = 0;
  for (size_t i : {0u, 2u, 3u, 6u}) {
    if (results[i].ok()) {
      ++youth_stored;
      continue;
    }
    EXPECT_EQ(results[i].code(), StatusCode::kResourceExhausted) << results[i].ToString();
    EXPECT_EQ(results[i].pointer(), "/answers/unit");
    EXPECT_FALSE(store.FindLink("t" + std::to_string(i))->used);
  }
  EXPECT_EQ(youth_stored, 2);
  EXPECT_EQ(*store.CountResponses(fixture.campaign_id), 5);
}

TEST(AudienceCeilingTest, AHeadcountDeclaredLaterCountsTheResponsesAlreadyIn) {
  Fixture fixture = Make(std::nullopt);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  ASSERT_TRUE(store.AddLinks(fixture.campaign_id, LinkKind::kPersonal, Tokens("f", 4)).ok());
  ASSERT_TRUE(store.SubmitBatch({In("f0", "family")})[0].ok());
  ASSERT_TRUE(store.SubmitBatch({In("f1", "family")})[0].ok());
  auto team = store.SetTeamHeadcount(fixture.organisation_id, "family", 3);
  ASSERT_TRUE(team.ok()) << team.status().ToString();
  EXPECT_EQ(team->headcount, 3);
  EXPECT_TRUE(store.SubmitBatch({In("f2", "family")})[0].ok());
  EXPECT_EQ(store.SubmitBatch({In("f3", "family")})[0].code(), StatusCode::kResourceExhausted);
  // Clearing it lifts the ceiling.
  ASSERT_TRUE(store.SetTeamHeadcount(fixture.organisation_id, "family", std::nullopt).ok());
  EXPECT_TRUE(store.SubmitBatch({In("f3", "family")})[0].ok());
  auto teams = store.ListTeams(fixture.organisation_id);
  ASSERT_TRUE(teams.ok());
  EXPECT_EQ((*teams)[0].slug, "family");
  EXPECT_EQ((*teams)[0].headcount, std::nullopt);
  EXPECT_EQ((*teams)[1].headcount, 2);
}

TEST(AudienceCeilingTest, ImportsObeyTheSameCeilingsAllOrNothing) {
  Fixture fixture = Make(4);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  auto row = [](const std::string& team) {
    nlohmann::json groups = nlohmann::json::object();
    if (!team.empty()) groups["unit"] = team;
    return ImportedResponse{{{"Q1", 3}}, groups, "2026-03-01"};
  };
  // Three youth rows: the team has a headcount of 2.
  Status youth = store.ImportResponses(fixture.campaign_id,
                                       {row("family"), row("youth"), row("youth"), row("youth")});
  EXPECT_EQ(youth.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(youth.message().find("headcount of 2"), std::string::npos) << youth.message();
  EXPECT_NE(youth.message().find("nothing was imported"), std::string::npos);
  EXPECT_EQ(*store.CountResponses(fixture.campaign_id), 0);

  ASSERT_TRUE(store.ImportResponses(fixture.campaign_id, {row("family"), row("youth")}).ok());
  Status over = store.ImportResponses(fixture.campaign_id, {row(""), row(""), row("")});
  EXPECT_EQ(over.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(over.message().find("audience size of 4 and already 2 responses"), std::string::npos)
      << over.message();
  EXPECT_EQ(*store.CountResponses(fixture.campaign_id), 2);
  EXPECT_TRUE(store.ImportResponses(fixture.campaign_id, {row(""), row("youth")}).ok());
  EXPECT_EQ(*store.CountResponses(fixture.campaign_id), 4);
  // Submissions count the imported ones.
  ASSERT_TRUE(store.AddLinks(fixture.campaign_id, LinkKind::kPersonal, {"late"}).ok());
  EXPECT_EQ(store.SubmitBatch({In("late", "")})[0].code(), StatusCode::kResourceExhausted);
}

TEST(AudienceCeilingTest, ConcurrentBatchesOnTwoConnectionsNeverGoPastIt) {
  TempDatabase temp;
  std::unique_ptr<Store> first = OpenStore(temp.path());
  std::unique_ptr<Store> second = OpenStore(temp.path());
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  Fixture fixture;
  Build(*first, &fixture, 25);
  const auto tokens = Tokens("c", 200);
  ASSERT_TRUE(first->AddLinks(fixture.campaign_id, LinkKind::kPersonal, tokens).ok());
  std::atomic<int> stored{0};
  std::atomic<int> refused{0};
  auto run = [&](Store* store, size_t from) {
    for (size_t start = from; start < tokens.size(); start += 20) {
      std::vector<Submission> batch;
      for (size_t i = start; i < start + 10; ++i) batch.push_back(In(tokens[i], "family"));
      for (const Status& status : store->SubmitBatch(batch)) {
        if (status.ok()) {
          ++stored;
        } else if (status.code() == StatusCode::kResourceExhausted) {
          ++refused;
        } else {
          ADD_FAILURE() << status.ToString();
        }
      }
    }
  };
  std::thread a(run, first.get(), 0);
  std::thread b(run, second.get(), 10);
  a.join();
  b.join();
  EXPECT_EQ(stored.load(), 25);
  EXPECT_EQ(refused.load(), 175);
  EXPECT_EQ(*first->CountResponses(fixture.campaign_id), 25);
  SQLite::Database db(temp.path(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM responses").getInt(), 25);
}

TEST(AudienceCeilingTest, AudienceSizeIsSetAndValidatedAndFixedOnceClosed) {
  Fixture fixture = Make(std::nullopt);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  auto set = store.SetAudienceSize(fixture.campaign_id, 40);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->audience_size, 40);
  EXPECT_EQ(store.GetCampaign(fixture.campaign_id)->audience_size, 40);
  EXPECT_EQ(store.SetAudienceSize(fixture.campaign_id, 0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store.SetTeamHeadcount(fixture.organisation_id, "youth", -1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store.SetTeamHeadcount(fixture.organisation_id, "nobody", 3).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store.CreateTeam(fixture.organisation_id, "admin", "Admin", 0).status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(store.SetCampaignState(fixture.campaign_id, CampaignState::kClosed).ok());
  EXPECT_EQ(store.SetAudienceSize(fixture.campaign_id, 50).status().code(),
            StatusCode::kFailedPrecondition);
  NewCampaign bad;
  bad.organisation_id = fixture.organisation_id;
  bad.instrument = TeamInstrument().ref;
  bad.title = "Bad";
  bad.audience_size = 0;
  EXPECT_EQ(store.CreateCampaign(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST(SharedLinkCountTest, MintedLinksAreCountedApartAndStopWhenTheCampaignIsFull) {
  Fixture fixture = Make(4);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  ASSERT_TRUE(store.AddLinks(fixture.campaign_id, LinkKind::kPersonal, {"p0", "p1"}).ok());
  ASSERT_TRUE(store.AddLinks(fixture.campaign_id, LinkKind::kOpen, {"open"}).ok());
  for (const char* minted : {"m0", "m1", "m2"}) {
    ASSERT_TRUE(store.AddMintedLink(fixture.campaign_id, minted).ok());
  }
  EXPECT_EQ(store.FindLink("m0")->kind, LinkKind::kPersonal);
  for (const Status& status :
       store.SubmitBatch({In("p0", "family"), In("m0", "family"), In("m1", "family")})) {
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  auto usage = store.GetLinkUsage(fixture.campaign_id);
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(usage->created, 2);
  EXPECT_EQ(usage->minted, 3);
  EXPECT_EQ(usage->minted_used, 2);
  EXPECT_EQ(usage->responses, 3);
  ASSERT_TRUE(store.SubmitBatch({In("m2", "family")})[0].ok());
  // Full: no more links are minted.
  EXPECT_EQ(store.AddMintedLink(fixture.campaign_id, "m3").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(store.FindLink("m3").status().code(), StatusCode::kNotFound);
}

TEST(SharedLinkCountTest, ShownOnlyWhenItAndTheRestAreZeroOrAtLeastK) {
  auto shown = [](int64_t responses, int64_t shared) {
    LinkUsage usage;
    usage.responses = responses;
    usage.minted_used = shared;
    return ShownSharedLinkResponses(usage, 5);
  };
  EXPECT_EQ(shown(4, 0), std::nullopt) << "the total itself is below k";
  EXPECT_EQ(shown(12, 0), 0);
  EXPECT_EQ(shown(12, 12), 12);
  EXPECT_EQ(shown(12, 5), 5);
  EXPECT_EQ(shown(12, 7), 7);
  EXPECT_EQ(shown(12, 2), std::nullopt) << "two people who used the poster";
  EXPECT_EQ(shown(12, 9), std::nullopt) << "the other three";
  EXPECT_EQ(shown(5, 5), 5);
  EXPECT_EQ(shown(5, 6), std::nullopt) << "inconsistent counts are never shown";
}

TEST(LinkAuditTest, AddLinksWithIdsNamesTheConsecutiveIds) {
  Fixture fixture = Make(std::nullopt);
  ASSERT_NE(fixture.store, nullptr);
  Store& store = *fixture.store;
  auto first = store.AddLinksWithIds(fixture.campaign_id, LinkKind::kPersonal, {"a", "b", "c"});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->count, 3);
  EXPECT_EQ(first->last - first->first, 2);
  EXPECT_EQ(store.FindLink("a")->id, first->first);
  EXPECT_EQ(store.FindLink("c")->id, first->last);
  auto second = store.AddLinksWithIds(fixture.campaign_id, LinkKind::kOpen, {"d"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->first, first->last + 1);
  EXPECT_EQ(second->count, 1);
  EXPECT_EQ(
      store.AddLinksWithIds(fixture.campaign_id, LinkKind::kPersonal, {"e", "a"}).status().code(),
      StatusCode::kAlreadyExists);
  EXPECT_EQ(store.FindLink("e").status().code(), StatusCode::kNotFound) << "all or nothing";
}

TEST(BurstFlagStoreTest, KeepsTheLargestCountPerGroupAndDayAndNoResponseId) {
  TempDatabase temp;
  std::unique_ptr<Store> store = OpenStore(temp.path());
  ASSERT_NE(store, nullptr);
  Fixture fixture;
  Build(*store, &fixture, std::nullopt);
  const int64_t id = fixture.campaign_id;
  ASSERT_TRUE(store->RecordBurstFlag({id, "unit", "youth", "2026-03-04", 3}).ok());
  ASSERT_TRUE(store->RecordBurstFlag({id, "unit", "youth", "2026-03-04", 5}).ok());
  ASSERT_TRUE(store->RecordBurstFlag({id, "unit", "youth", "2026-03-04", 4}).ok());
  ASSERT_TRUE(store->RecordBurstFlag({id, "", "", "2026-03-05", 3}).ok());
  EXPECT_EQ(store->RecordBurstFlag({id, "unit", "youth", "4 March", 3}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->RecordBurstFlag({id + 7, "unit", "youth", "2026-03-04", 3}).code(),
            StatusCode::kNotFound);
  auto flags = store->ListBurstFlags(id);
  ASSERT_TRUE(flags.ok());
  ASSERT_EQ(flags->size(), 2u);
  EXPECT_EQ((*flags)[0].day, "2026-03-05");
  EXPECT_EQ((*flags)[0].grouping, "");
  EXPECT_EQ((*flags)[1].group, "youth");
  EXPECT_EQ((*flags)[1].responses, 5);
  SQLite::Database db(temp.path(), SQLite::OPEN_READONLY);
  SQLite::Statement columns(db, "SELECT name FROM pragma_table_info('burst_flags') ORDER BY cid");
  std::vector<std::string> names;
  while (columns.executeStep()) names.push_back(columns.getColumn(0).getString());
  EXPECT_EQ(names, (std::vector<std::string>{"campaign_id", "grouping", "group_value", "day",
                                             "responses"}));
}

TEST(BurstFlagStoreTest, BurstWatchRecordsFlagsInTheBackgroundAndDrainsWhenDestroyed) {
  Fixture fixture = Make(std::nullopt);
  ASSERT_NE(fixture.store, nullptr);
  const nlohmann::json answers = {{"Q1", 4}, {"Q2", 5}, {"unit", "youth"}};
  {
    BurstWatch watch(*fixture.store, BurstOptions{});
    for (int i = 0; i < 3; ++i) {
      watch.Add(fixture.campaign_id, {{"unit", "youth"}}, AnswerFingerprint::Of(answers),
                "2026-03-04");
    }
    watch.Wait();
    auto flags = fixture.store->ListBurstFlags(fixture.campaign_id);
    ASSERT_TRUE(flags.ok());
    ASSERT_EQ(flags->size(), 1u);
    EXPECT_EQ(flags->front().responses, 3);
    watch.Add(fixture.campaign_id, {{"unit", "youth"}}, AnswerFingerprint::Of(answers),
              "2026-03-04");
  }  // destroyed with one response queued: it is checked first
  auto flags = fixture.store->ListBurstFlags(fixture.campaign_id);
  ASSERT_TRUE(flags.ok());
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ(flags->front().responses, 4);
}

// The migration that adds the ceilings counts the responses already stored per team, so a
// headcount declared after an upgrade holds.
TEST(AudienceCeilingTest, UpgradedDatabaseCountsStoredResponsesPerTeam) {
  TempDatabase temp;
  const auto scripts = MigrationScripts();
  const auto mine = std::find_if(scripts.begin(), scripts.end(), [](std::string_view script) {
    return script.find("CREATE TABLE team_responses") != std::string_view::npos;
  });
  ASSERT_NE(mine, scripts.end());
  const int before = static_cast<int>(mine - scripts.begin());  // the version before it
  {
    SQLite::Database db(temp.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_TRUE(MigrateSchema(db, before).ok());
    const InstrumentVersion instrument = TeamInstrument();
    db.exec("INSERT INTO organisations (id, name, created_at) VALUES (1, 'Old', '2025-01-01')");
    db.exec(
        "INSERT INTO teams (organisation_id, slug, name) VALUES (1, 'youth', 'Y'), "
        "(1, 'family', 'F')");
    SQLite::Statement version(
        db, "INSERT INTO instrument_versions (id, version, hash, document) VALUES (?, ?, ?, ?)");
    version.bind(1, instrument.ref.id);
    version.bind(2, instrument.ref.version.ToString());
    version.bind(3, instrument.hash);
    version.bind(4, instrument.document);
    version.exec();
    db.exec(
        "INSERT INTO campaigns (id, organisation_id, instrument_id, instrument_version, title, "
        "anonymity_threshold, state, created_at) "
        "VALUES (1, 1, 'teamed', '1.0.0', 'Old wave', 5, 'open', '2025-01-02')");
    int id = 1;
    for (const char* groups :
         {R"({"unit":"youth"})", R"({"unit":"youth","role":"family"})", R"({"unit":"family"})",
          R"({"role":"youth"})", R"({"unit":"pnts"})"}) {
      db.exec(
          "INSERT INTO responses (id, campaign_id, answers, \"groups\", submitted_on) VALUES (" +
          std::to_string(id++) + ", 1, '{}', '" + groups + "', '2025-01-03')");
    }
  }
  std::unique_ptr<Store> store = OpenStore(temp.path());
  ASSERT_NE(store, nullptr);
  {
    SQLite::Database db(temp.path(), SQLite::OPEN_READONLY);
    SQLite::Statement counts(db,
                             "SELECT team_slug, responses FROM team_responses ORDER BY team_slug");
    std::vector<std::pair<std::string, int>> rows;
    while (counts.executeStep()) {
      rows.emplace_back(counts.getColumn(0).getString(), counts.getColumn(1).getInt());
    }
    EXPECT_EQ(rows, (std::vector<std::pair<std::string, int>>{{"family", 1}, {"youth", 2}}));
  }
  ASSERT_TRUE(store->SetTeamHeadcount(1, "youth", 2).ok());
  ASSERT_TRUE(store->AddLinks(1, LinkKind::kPersonal, {"new"}).ok());
  EXPECT_EQ(store->SubmitBatch({In("new", "youth")})[0].code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace tessera::engine
