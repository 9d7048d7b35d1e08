// Campaign results through the engine: release only after closing, figures that agree with an
// independent computation, and the routes a curious manager could take to learn one person's
// answers (small groups, complements, crossing two groupings, before/after, comments, waves),
// each shown to fail.
#include "engine/campaign_results.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <optional>
#include <set>

#include "engine/live_statistics.h"
#include "engine/submission_queue.h"
#include "results_test_support.h"
#include "scoring/respondent_scores.h"

namespace tessera::engine {
namespace {

using nlohmann::json;
using testing::People;
using testing::Person;
using testing::ResultsFixture;

constexpr char kStaff[] = "staff-attitudes@1.1.0";

std::string FixedNow() { return "2026-11-26T12:00:00Z"; }

class CampaignResultsTest : public ::testing::Test {
 protected:
  ResultsFixture fixture_;
  LiveStatistics live_{*fixture_.store};
  CampaignResults results_{*fixture_.store, live_, FixedNow};
};

const json* Cell(const json& report, const std::string& value) {
  for (const json& cell : report["breakdown"]["cells"]) {
    if (cell["value"] == value) return &cell;
  }
  return nullptr;
}

TEST_F(CampaignResultsTest, OpenCampaignShowsOnlyItsCountAndOnlyFromK) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(4, "youth", "frontline"), 1);
  json release = *results_.Release(id);
  EXPECT_TRUE(release["responses"].is_null());
  EXPECT_FALSE(release["results_released"].get<bool>());
  fixture_.Add(id, People(5, "care", "frontline"), 2);
  release = *results_.Release(id);
  EXPECT_EQ(release["responses"], 9);
  EXPECT_FALSE(release["results_released"].get<bool>());

  // The attack: look at n = 9, let one more person answer, look again. Neither look is allowed.
  auto at_nine = results_.Scores(id);
  EXPECT_EQ(at_nine.status().code(), StatusCode::kFailedPrecondition);
  fixture_.Add(id, People(1, "youth", "frontline", 2), 3);
  EXPECT_EQ(results_.Scores(id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(results_.Scores(id, "team").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(results_.Reliability(id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(results_.Comments(id).status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(CampaignResultsTest, ClosedCampaignBelowKShowsNothing) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(4, "youth", "frontline"), 1);
  fixture_.Close(id);
  EXPECT_EQ(results_.Scores(id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(results_.Release(id)->at("responses").is_null());
}

TEST_F(CampaignResultsTest, ImportsAfterClosingAreRefused) {
  // The attack: read the results, import one response, read them again.
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(12, "youth", "frontline"), 1);
  fixture_.Close(id);
  ASSERT_TRUE(results_.Scores(id).ok());
  const std::vector<ImportedResponse> one = {
      ImportedResponse{{{"DIV-01", 1}}, json::object(), "2026-03-05"}};
  EXPECT_EQ(fixture_.store->ImportResponses(id, one).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(results_.Scores(id)->at("respondents"), 12);
}

TEST_F(CampaignResultsTest, DimensionMeansAgreeWithScoringEachRespondentDirectly) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people = People(9, "youth", "frontline", 1);
  for (const Person& p : People(8, "care", "supervisor_manager", -1)) people.push_back(p);
  fixture_.Add(id, people, 42);
  fixture_.Close(id);
  auto report = results_.Scores(id);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["respondents"], 17);
  EXPECT_EQ((*report)["provenance"]["computed_at"], FixedNow());

  // Independently: every stored response scored on its own, then averaged.
  const auto& instrument = testing::ShippedInstrument(kStaff);
  std::map<std::string, std::pair<double, int>> sums;
  ASSERT_TRUE(fixture_.store
                  ->ForEachResponse(id,
                                    [&](const StoredResponse& response) {
                                      for (const auto& score :
                                           scoring::ScoreRespondent(instrument, response.answers)) {
                                        if (!score.score) continue;
                                        sums[score.dimension].first += *score.score;
                                        sums[score.dimension].second += 1;
                                      }
                                      return true;
                                    })
                  .ok());
  ASSERT_EQ((*report)["dimensions"].size(), instrument.dimensions.size());
  for (const json& dimension : (*report)["dimensions"]) {
    const auto& [sum, n] = sums[dimension["dimension"].get<std::string>()];
    EXPECT_EQ(dimension["n"], n);
    EXPECT_NEAR(dimension["mean"].get<double>(), sum / n, 1e-9) << dimension["dimension"];
  }
  EXPECT_EQ((*report)["recommendations"]["dimensions"].size(), instrument.dimensions.size());
}

TEST_F(CampaignResultsTest, ASmallTeamAndItsComplementAreWithheld) {
  // Teams of 12, 8 and 3: the 3 are withheld, and so is the team of 8, or the total minus the
  // 12 would describe the 3 by subtraction.
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people = People(12, "youth", "frontline");
  for (const Person& p : People(8, "care", "frontline")) people.push_back(p);
  for (const Person& p : People(3, "admin", "frontline", 2)) people.push_back(p);
  fixture_.Add(id, people, 5);
  fixture_.Close(id);
  auto report = results_.Scores(id, "team");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const json* youth = Cell(*report, "youth");
  const json* care = Cell(*report, "care");
  const json* admin = Cell(*report, "admin");
  ASSERT_TRUE(youth && care && admin);
  EXPECT_TRUE((*youth)["shown"].get<bool>());
  EXPECT_FALSE((*admin)["shown"].get<bool>());
  EXPECT_EQ((*admin)["decision"], "below_threshold");
  EXPECT_FALSE((*care)["shown"].get<bool>());
  EXPECT_EQ((*care)["decision"], "complementary");
  for (const json* hidden : {care, admin}) {
    EXPECT_FALSE(hidden->contains("respondents"));
    EXPECT_FALSE(hidden->contains("dimensions"));
  }
  // Nothing in the whole report describes the admin team: no cell of 3 and no gap naming it.
  EXPECT_EQ(report->dump().find("Team admin\",\"n\""), std::string::npos);
  for (const json& gap : (*report)["breakdown"]["gaps"]) {
    for (const json& group : gap["groups"]) EXPECT_NE(group["group"], "Team admin");
  }
}

TEST_F(CampaignResultsTest, CrossingTwoGroupingsCannotSingleSomeoneOut) {
  // Team youth is five managers and one frontline worker; every manager is in youth. Shown
  // side by side, "youth" minus "managers" would be that one frontline worker.
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people = People(5, "youth", "supervisor_manager");
  people.push_back(Person{"youth", "frontline", -2});
  for (const Person& p : People(10, "care", "frontline")) people.push_back(p);
  for (const Person& p : People(9, "advice", "frontline")) people.push_back(p);
  fixture_.Add(id, people, 9);
  fixture_.Close(id);
  auto by_team = results_.Scores(id, "team");
  auto by_role = results_.Scores(id, "role");
  ASSERT_TRUE(by_team.ok() && by_role.ok());
  const json* youth = Cell(*by_team, "youth");
  const json* managers = Cell(*by_role, "supervisor_manager");
  ASSERT_TRUE(youth && managers);
  EXPECT_FALSE((*youth)["shown"].get<bool>() && (*managers)["shown"].get<bool>());
  // The plan is fixed: asking in the other order gives the same cells.
  auto again = results_.Scores(id, "role");
  EXPECT_EQ((*again)["breakdown"]["cells"], (*by_role)["breakdown"]["cells"]);
}

TEST_F(CampaignResultsTest, UnknownGroupingIsAnErrorNamingTheChoices) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(6, "youth", "frontline"), 1);
  fixture_.Close(id);
  auto report = results_.Scores(id, "shoe-size");
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("team"), std::string::npos);
  EXPECT_EQ(results_.Scores(999).status().code(), StatusCode::kNotFound);
}

TEST_F(CampaignResultsTest, CommentsNeedKCommentsAndFollowTheTextNotTheOrder) {
  const int64_t few = fixture_.NewCampaign(kStaff, "few");
  fixture_.Add(few, People(10, "youth", "frontline"), 1, {"one", "two", "three", "four"});
  fixture_.Close(few);
  auto withheld = results_.Comments(few);
  ASSERT_TRUE(withheld.ok()) << withheld.status().ToString();
  EXPECT_TRUE((*withheld)["questions"][0]["comments"].is_null());

  const std::vector<std::string> texts = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
  const std::vector<std::string> reversed(texts.rbegin(), texts.rend());
  const int64_t a = fixture_.NewCampaign(kStaff, "a");
  fixture_.Add(a, People(10, "youth", "frontline"), 1, texts);
  fixture_.Close(a);
  const int64_t b = fixture_.NewCampaign(kStaff, "b");
  fixture_.Add(b, People(10, "youth", "frontline"), 1, reversed);
  fixture_.Close(b);
  const json shown_a = (*results_.Comments(a))["questions"][0]["comments"];
  const json shown_b = (*results_.Comments(b))["questions"][0]["comments"];
  ASSERT_EQ(shown_a.size(), texts.size());
  EXPECT_EQ(std::set<std::string>(shown_a.begin(), shown_a.end()),
            std::set<std::string>(texts.begin(), texts.end()));
  // Campaigns differ only in their key; within one the order depends only on the texts.
  EXPECT_EQ((*results_.Comments(a))["questions"][0]["comments"], shown_a);
  EXPECT_NE(shown_a, json(texts));
  (void)shown_b;
}

TEST_F(CampaignResultsTest, CommentPagesAddUpToTheWholeList) {
  std::vector<std::string> texts;
  for (int i = 0; i < 123; ++i) texts.push_back("comment number " + std::to_string(i));
  const int64_t id = fixture_.NewCampaign(kStaff, "many comments");
  fixture_.Add(id, People(130, "youth", "frontline"), 1, texts);
  fixture_.Close(id);
  const json whole = (*results_.Comments(id, "", CommentPage{0, CommentPage::kMaxLimit}));
  const json& all = whole["questions"][0]["comments"];
  ASSERT_EQ(all.size(), texts.size());
  EXPECT_EQ(whole["questions"][0]["total"], 123);
  EXPECT_EQ(whole["page"], json({{"offset", 0}, {"limit", CommentPage::kMaxLimit}}));

  auto first = results_.Comments(id);  // the default page
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)["questions"][0]["comments"].size(),
            static_cast<size_t>(CommentPage::kDefaultLimit));
  json joined = json::array();
  for (int64_t offset = 0; offset < 130; offset += 10) {
    auto page = results_.Comments(id, "", CommentPage{offset, 10});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ((*page)["questions"][0]["total"], 123);
    for (const json& text : (*page)["questions"][0]["comments"]) joined.push_back(text);
  }
  EXPECT_EQ(joined, all);
  auto past = results_.Comments(id, "", CommentPage{1000, 10});
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE((*past)["questions"][0]["comments"].empty());
  EXPECT_EQ((*past)["questions"][0]["total"], 123);

  // By group: each group's list is paged the same way.
  auto by_team = results_.Comments(id, "team", CommentPage{120, 10});
  ASSERT_TRUE(by_team.ok()) << by_team.status().ToString();
  int shown_groups = 0;
  for (const json& group : (*by_team)["questions"][0]["by"]["groups"]) {
    if (!group["comments"].is_array()) continue;
    ++shown_groups;
    EXPECT_EQ(group["comments"].size(), 3u) << group.dump();
    EXPECT_EQ(group["total"], 123);
  }
  EXPECT_EQ(shown_groups, 1);  // everyone is in one team

  for (const CommentPage& bad :
       {CommentPage{-1, 10}, CommentPage{0, 0}, CommentPage{0, CommentPage::kMaxLimit + 1}}) {
    auto refused = results_.Comments(id, "", bad);
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(refused.status().pointer(), bad.offset < 0 ? "/offset" : "/limit");
  }
}

TEST_F(CampaignResultsTest, WavesCompareOnlyReleasedCampaignsOfOneInstrument) {
  const int64_t first = fixture_.NewCampaign("staff-attitudes@1.0.0", "wave 1");
  fixture_.Add(first, People(20, "youth", "frontline", -1), 1);
  fixture_.Close(first);
  const int64_t second = fixture_.NewCampaign(kStaff, "wave 2");
  fixture_.Add(second, People(20, "youth", "frontline", 1), 2);
  // Still open: no comparison, or its difference would be the later wave's results.
  EXPECT_EQ(results_.Compare(first, second).status().code(), StatusCode::kFailedPrecondition);
  fixture_.Close(second);
  auto report = results_.Compare(first, second);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ((*report)["retired_items"], json({"RSK-03"}));
  EXPECT_EQ((*report)["new_items"], json({"SUP-05"}));
  int compared = 0;
  for (const json& d : (*report)["dimensions"]) {
    if (!d["comparable"].get<bool>()) continue;
    ++compared;
    EXPECT_GT(d["difference"].get<double>(), 0.5) << d["dimension"];  // wave 2 leans higher
  }
  EXPECT_EQ(compared, 9);
  EXPECT_EQ(results_.Compare(second, first).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(results_.Compare(first, first).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CampaignResultsTest, AComparisonIsBuiltOncePerPairOfSnapshots) {
  int builds = 0;  // Compare asks for the time only when it builds a report
  CampaignResults results(*fixture_.store, live_, [&builds] {
    ++builds;
    return FixedNow();
  });
  const int64_t first = fixture_.NewCampaign("staff-attitudes@1.0.0", "wave 1");
  fixture_.Add(first, People(20, "youth", "frontline", -1), 1);
  fixture_.Close(first);
  const int64_t second = fixture_.NewCampaign(kStaff, "wave 2");
  fixture_.Add(second, People(20, "youth", "frontline", 1), 2);
  fixture_.Close(second);
  auto once = results.Compare(first, second);
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  const int after_first = builds;
  EXPECT_GT(after_first, 0);
  auto again = results.Compare(first, second);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *once);
  EXPECT_EQ(builds, after_first);  // from the cache
  // A team added after both closed is no category of theirs: nothing changes, nothing is built.
  ASSERT_TRUE(fixture_.store->CreateTeam(fixture_.organisation_id, "outreach", "Outreach").ok());
  auto after_team = results.Compare(first, second);
  ASSERT_TRUE(after_team.ok());
  EXPECT_EQ(builds, after_first);
  EXPECT_EQ(*after_team, *once);
}

TEST_F(CampaignResultsTest, ReliabilityCoversEveryScaleWithTwoOrMoreItems) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people;
  for (int lean = -2; lean <= 2; ++lean) {
    for (const Person& p : People(6, "youth", "frontline", lean)) people.push_back(p);
  }
  fixture_.Add(id, people, 3);
  fixture_.Close(id);
  auto report = results_.Reliability(id);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ((*report)["scales"].size(), 9u);
  for (const json& scale : (*report)["scales"]) {
    EXPECT_GT(scale["raw_alpha"].get<double>(), 0.6) << scale["dimension"];
    EXPECT_EQ(scale["n_rows"], 30);
  }
}

// Live statistics: submissions through the queue update what is held without a new scan, and
// a write from another connection (another process) is noticed and scanned again.
// The comments of one question, as a set, in one group of a breakdown (empty when withheld).
std::set<std::string> GroupComments(const json& report, const std::string& value) {
  std::set<std::string> texts;
  for (const json& group : report["questions"][0]["by"]["groups"]) {
    if (group["value"] != value || !group["comments"].is_array()) continue;
    for (const json& text : group["comments"]) texts.insert(text.get<std::string>());
  }
  return texts;
}

TEST_F(CampaignResultsTest, TeamAddedAfterClosingChangesNothingItsResultsReveal) {
  // Teams youth (12), care (10) and admin (2, withheld, with care withheld as its complement);
  // everyone comments. The plan was cached by respondent count alone: a team added after closing
  // shifted its decisions onto other cells (care shown, so the whole list minus the shown teams'
  // lists gave admin's two comments) and the team breakdown failed ("decisions do not match").
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people = People(12, "youth", "frontline");
  for (const Person& p : People(10, "care", "frontline")) people.push_back(p);
  for (const Person& p : People(2, "admin", "frontline")) people.push_back(p);
  std::vector<std::string> comments;
  for (size_t i = 0; i < people.size(); ++i) comments.push_back("comment " + std::to_string(i));
  fixture_.Add(id, people, 17, comments);
  fixture_.Close(id);
  auto scores = results_.Scores(id, "team");
  auto listed = results_.Comments(id, "team", CommentPage{0, CommentPage::kMaxLimit});
  ASSERT_TRUE(scores.ok() && listed.ok()) << scores.status().ToString();
  EXPECT_FALSE((*Cell(*scores, "care"))["shown"].get<bool>());

  // A team whose slug sorts first, so every category after it would shift by one.
  ASSERT_TRUE(fixture_.store->CreateTeam(fixture_.organisation_id, "aaa", "Added later").ok());
  auto scores_after = results_.Scores(id, "team");
  ASSERT_TRUE(scores_after.ok()) << scores_after.status().ToString();
  auto listed_after = results_.Comments(id, "team", CommentPage{0, CommentPage::kMaxLimit});
  ASSERT_TRUE(listed_after.ok()) << listed_after.status().ToString();
  EXPECT_EQ(*scores_after, *scores);
  EXPECT_EQ(*listed_after, *listed);
  EXPECT_EQ(Cell(*scores_after, "aaa"), nullptr);  // not a category of this campaign
  // The differencing the shifted plan allowed: all comments minus the shown teams' lists.
  std::set<std::string> rest;
  for (const json& text : (*listed_after)["questions"][0]["comments"]) {
    rest.insert(text.get<std::string>());
  }
  for (const char* team : {"youth", "care", "admin"}) {
    for (const std::string& text : GroupComments(*listed_after, team)) rest.erase(text);
  }
  EXPECT_TRUE(rest.empty() || rest.size() >= 5) << rest.size() << " comments singled out";
  // The plan the exports use is the same, and fits the campaign's categories.
  auto disclosed = results_.DisclosurePlan(id);
  ASSERT_TRUE(disclosed.ok());
  EXPECT_TRUE(disclosed->plan->figures.Fits(*disclosed->snapshot->layout));
  EXPECT_EQ(disclosed->snapshot->teams.size(), 4u);  // youth, care, admin, advice: as at closing
}

TEST_F(CampaignResultsTest, CommentListsOfTwoBreakdownsCannotBeDifferenced) {
  // Team youth: 6 frontline and 2 managers; care: 5 frontline and 6 managers. Every list is
  // large, but youth's list minus frontline's is the comments of youth's two managers.
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people = People(6, "youth", "frontline");
  for (const Person& p : People(2, "youth", "supervisor_manager")) people.push_back(p);
  for (const Person& p : People(5, "care", "frontline")) people.push_back(p);
  for (const Person& p : People(6, "care", "supervisor_manager")) people.push_back(p);
  std::vector<std::string> comments;
  for (size_t i = 0; i < people.size(); ++i) comments.push_back("said " + std::to_string(i));
  fixture_.Add(id, people, 23, comments);
  fixture_.Close(id);
  const CommentPage all{0, CommentPage::kMaxLimit};
  auto by_team = results_.Comments(id, "team", all);
  auto by_role = results_.Comments(id, "role", all);
  ASSERT_TRUE(by_team.ok() && by_role.ok());
  const std::set<std::string> youth = GroupComments(*by_team, "youth");
  const std::set<std::string> frontline = GroupComments(*by_role, "frontline");
  std::set<std::string> difference;
  for (const std::string& text : youth) {
    if (frontline.count(text) == 0) difference.insert(text);
  }
  EXPECT_TRUE(difference.empty() || difference.size() >= 5)
      << difference.size() << " comments of youth's managers singled out";
  // The teams come first in the plan: youth's list is shown, the role lists are not.
  EXPECT_FALSE(youth.empty());
  EXPECT_TRUE(frontline.empty());
}

TEST_F(CampaignResultsTest, ZeroCellsOfTwoBreakdownsDoNotGiveAnswersAway) {
  // Team youth: 8 frontline and 2 managers who answered DIV-01 with 5; nobody else did (the
  // lean of -2 keeps everyone else at 1 or 2). Youth's distribution (two 5s) and frontline's
  // (no 5) would together say both youth managers answered 5.
  const int64_t id = fixture_.NewCampaign(kStaff);
  std::vector<Person> people = People(8, "youth", "frontline", -2);
  for (const Person& p : People(6, "care", "frontline", -2)) people.push_back(p);
  for (const Person& p : People(5, "care", "supervisor_manager", -2)) people.push_back(p);
  fixture_.Add(id, people, 29);
  std::vector<ImportedResponse> managers;
  for (int i = 0; i < 2; ++i) {
    json answers = {{"DIV-01", 5}, {"team", "youth"}, {"role", "supervisor_manager"}};
    managers.push_back(ImportedResponse{
        answers, {{"team", "youth"}, {"role", "supervisor_manager"}}, "2026-03-04"});
  }
  ASSERT_TRUE(fixture_.store->ImportResponses(id, managers).ok());
  fixture_.Close(id);
  auto by_team = results_.Scores(id, "team");
  auto by_role = results_.Scores(id, "role");
  ASSERT_TRUE(by_team.ok() && by_role.ok()) << by_team.status().ToString();
  auto fives = [](const json* cell) -> std::optional<int64_t> {
    if (cell == nullptr || !(*cell)["shown"].get<bool>()) return std::nullopt;
    for (const json& dimension : (*cell)["dimensions"]) {
      if (!dimension.contains("items")) continue;
      for (const json& item : dimension["items"]) {
        if (item["item"] != "DIV-01" || item.contains("suppressed")) continue;
        for (const json& value : item["values"]) {
          if (value["value"] == 5) return value["count"].get<int64_t>();
        }
      }
    }
    return std::nullopt;
  };
  const auto youth = fives(Cell(*by_team, "youth"));
  const auto frontline = fives(Cell(*by_role, "frontline"));
  // Both tables shown would tell it: youth's 5s all outside frontline, i.e. its 2 managers.
  EXPECT_FALSE(youth && frontline && *youth == 2 && *frontline == 0);
  EXPECT_TRUE(youth.has_value() || frontline.has_value());  // one of them is still shown
}

TEST(LiveStatisticsTest, CommitsUpdateInPlaceAndOutsideWritesRescan) {
  ResultsFixture fixture;
  const int64_t id = fixture.NewCampaign(kStaff);
  fixture.Add(id, People(5, "youth", "frontline"), 1);
  std::vector<std::string> hashes;
  for (int i = 0; i < 20; ++i) hashes.push_back("token-" + std::to_string(i));
  ASSERT_TRUE(fixture.store->AddLinks(id, LinkKind::kPersonal, hashes).ok());

  auto writer = testing::OpenStore(fixture.file.path());
  LiveStatistics live(*fixture.store);
  ASSERT_EQ(live.Get(id)->statistics.respondents(), 5);
  EXPECT_EQ(live.scans(), 1u);
  {
    SubmissionQueue queue(*writer, 8, &live);
    std::mt19937 random(4);
    const auto& instrument = testing::ShippedInstrument(kStaff);
    std::atomic<int> done{0};
    for (int i = 0; i < 20; ++i) {
      const Person person{i % 2 ? "care" : "youth", "frontline", i % 3 - 1};
      Submission submission{hashes[static_cast<size_t>(i)],
                            testing::StaffAnswers(instrument, person, random),
                            testing::GroupsOf(person),
                            "receipt-" + std::to_string(i),
                            "2026-03-04",
                            id};
      queue.Enqueue(std::move(submission), [&](const Status& status) {
        EXPECT_TRUE(status.ok()) << status.ToString();
        ++done;
      });
    }
    queue.Stop();
    EXPECT_EQ(done.load(), 20);
  }
  auto held = live.Get(id);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->statistics.respondents(), 25);
  EXPECT_EQ(live.scans(), 1u);  // no rescan

  // A fresh scan of the same responses gives exactly the same statistics.
  LiveStatistics fresh(*writer);
  auto recomputed = fresh.Get(id);
  ASSERT_TRUE(recomputed.ok());
  EXPECT_EQ(recomputed->statistics.overall(), held->statistics.overall());
  for (size_t g = 0; g < held->layout->groupings().size(); ++g) {
    ASSERT_EQ(recomputed->statistics.cells(g).size(), held->statistics.cells(g).size());
    for (size_t c = 0; c < held->statistics.cells(g).size(); ++c) {
      EXPECT_EQ(recomputed->statistics.cells(g)[c], held->statistics.cells(g)[c]);
    }
  }
  EXPECT_EQ(recomputed->atoms.atoms().size(), held->atoms.atoms().size());
  EXPECT_EQ(recomputed->atoms.respondents(), held->atoms.respondents());

  // Another connection imports: the count no longer matches, so the campaign is scanned again.
  std::vector<ImportedResponse> rows(
      3, ImportedResponse{{{"DIV-01", 4}}, json::object(), "2026-03-05"});
  ASSERT_TRUE(writer->ImportResponses(id, rows).ok());
  EXPECT_EQ(live.Get(id)->statistics.respondents(), 28);
  EXPECT_EQ(live.scans(), 2u);
}

}  // namespace
}  // namespace tessera::engine
