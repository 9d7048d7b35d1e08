// `tessera score` end to end through the real binary: on the demo database (closed campaigns
// scored, open ones refused, breakdowns with withheld cells, reliability, errors) and on a CSV
// file scored without a database.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_tessera.h"

namespace tessera::testing {
namespace {

using nlohmann::json;

class ScoreCommandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("tessera-score"));
    const tessera::testing::Run demo = RunTessera("demo --db " + *dir_ + "/demo.db");
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static tessera::testing::Run Score(const std::string& args) {
    return RunTessera("score --db " + *dir_ + "/demo.db " + args);
  }
  static json Json(const tessera::testing::Run& run) {
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out);
  }
  static std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = *dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  static std::string* dir_;
};

std::string* ScoreCommandTest::dir_ = nullptr;

// Demo campaigns: 1 staff attitudes 1.0.0 (closed), 2 staff attitudes 1.1.0 (closed),
// 3 capability self-assessment (closed), 4 partner feedback (closed), 5 charter check (open),
// 6 staff attitudes 1.1.0, wave 3 (open).
TEST_F(ScoreCommandTest, CapabilityTableHasEveryDomainWithLevelAndNextSteps) {
  const tessera::testing::Run text = Score("--campaign 3");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* expected : {"Attitudes", "Resources", "95% CI", "Next steps, weakest first",
                               "anonymity threshold k = 5"}) {
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected;
  }
  const json report = Json(Score("--campaign 3 --json"));
  ASSERT_EQ(report["dimensions"].size(), 7u);
  for (const json& domain : report["dimensions"]) {
    EXPECT_TRUE(domain["mean"].is_number());
    EXPECT_TRUE(domain["band"]["name"].is_string());
    EXPECT_LE(domain["ci"]["lower"].get<double>(), domain["mean"].get<double>());
    EXPECT_GE(domain["n"].get<int>(), 5);
  }
  // Weakest first.
  const json& steps = report["recommendations"]["dimensions"];
  for (size_t i = 1; i < steps.size(); ++i) {
    if (steps[i]["mean"].is_null()) continue;
    EXPECT_LE(steps[i - 1]["mean"].get<double>(), steps[i]["mean"].get<double>());
  }
  EXPECT_EQ(report["provenance"]["instrument"], "partnership-capability@1.0.0");
}

TEST_F(ScoreCommandTest, BreakdownNeverShowsACellUnderK) {
  for (const char* by : {"team", "role", "tenure", "minority-ethnic", "first-language"}) {
    const json report = Json(Score(std::string("--campaign 1 --json --by ") + by));
    int shown = 0;
    for (const json& cell : report["breakdown"]["cells"]) {
      if (!cell["shown"].get<bool>()) {
        EXPECT_FALSE(cell.contains("respondents")) << by;
        EXPECT_FALSE(cell.contains("dimensions")) << by;
        continue;
      }
      ++shown;
      EXPECT_GE(cell["respondents"].get<int>(), 5) << by;
    }
    EXPECT_GT(shown, 0) << by;
  }
  // The demo's administration team is smaller than k.
  const json teams = Json(Score("--campaign 1 --json --by team"));
  for (const json& cell : teams["breakdown"]["cells"]) {
    if (cell["value"] == "admin") {
      EXPECT_FALSE(cell["shown"].get<bool>());
    }
  }
}

TEST_F(ScoreCommandTest, RaterGroupsShowGapsAndAgreement) {
  const json report = Json(Score("--campaign 3 --json --by rater"));
  EXPECT_EQ(report["breakdown"]["gaps"].size(), 7u);
  ASSERT_TRUE(report["breakdown"].contains("agreement"));
  EXPECT_FALSE(report["breakdown"]["agreement"].empty());
}

TEST_F(ScoreCommandTest, OpenCampaignIsRefusedWithTheReason) {
  const tessera::testing::Run run = Score("--campaign 6");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("when the campaign closes"), std::string::npos) << run.err;
  EXPECT_EQ(Score("--campaign 6 --compare 2").exit_code, 1);
}

TEST_F(ScoreCommandTest, WavesAcrossInstrumentVersions) {
  const json report = Json(Score("--campaign 2 --compare 1 --json"));
  EXPECT_EQ(report["earlier"]["instrument"], "staff-attitudes@1.0.0");
  EXPECT_EQ(report["later"]["instrument"], "staff-attitudes@1.1.0");
  EXPECT_EQ(report["retired_items"], json({"RSK-03"}));
  EXPECT_EQ(report["new_items"], json({"SUP-05"}));
  int compared = 0;
  for (const json& d : report["dimensions"]) {
    if (!d["comparable"].get<bool>()) continue;
    ++compared;
    EXPECT_TRUE(d["ci"]["lower"].is_number()) << d["dimension"];
    EXPECT_LE(d["ci"]["lower"].get<double>(), d["difference"].get<double>());
    EXPECT_GE(d["ci"]["upper"].get<double>(), d["difference"].get<double>());
  }
  EXPECT_EQ(compared, 9);
  const tessera::testing::Run text = Score("--campaign 2 --compare 1");
  EXPECT_NE(text.out.find("Retired items"), std::string::npos) << text.out;
  // The later wave must be named with --campaign.
  EXPECT_EQ(Score("--campaign 1 --compare 2").exit_code, 1);
}

TEST_F(ScoreCommandTest, CommentsAreWithheldBelowK) {
  // The demo's respondents wrote no comments: both free-text questions are listed, withheld.
  const json report = Json(Score("--campaign 1 --comments --json"));
  ASSERT_EQ(report["questions"].size(), 2u);
  for (const json& question : report["questions"]) {
    EXPECT_TRUE(question["comments"].is_null());
    EXPECT_NE(question["reason"].get<std::string>().find("fewer than 5"), std::string::npos);
  }
  const json by_team = Json(Score("--campaign 1 --comments --by team --json"));
  for (const json& group : by_team["questions"][0]["by"]["groups"]) {
    EXPECT_TRUE(group["comments"].is_null()) << group["value"];
  }
  EXPECT_NE(Score("--campaign 1 --comments").out.find("withheld"), std::string::npos);
  EXPECT_EQ(Score("--campaign 1 --comments --reliability").exit_code, 2);
  EXPECT_EQ(Score("--campaign 6 --comments").exit_code, 1);  // open
}

TEST_F(ScoreCommandTest, ReliabilityPerScale) {
  const json report = Json(Score("--campaign 1 --reliability --json"));
  ASSERT_EQ(report["scales"].size(), 9u);
  for (const json& scale : report["scales"]) {
    EXPECT_TRUE(scale["raw_alpha"].is_number()) << scale["dimension"];
    EXPECT_EQ(scale["feldt_ci"].size(), 2u);
  }
  EXPECT_NE(Score("--campaign 1 --reliability").out.find("alpha if dropped"), std::string::npos);
}

TEST_F(ScoreCommandTest, MistakesAreClearAndExitNonZero) {
  EXPECT_EQ(Score("").exit_code, 2);
  EXPECT_EQ(Score("--campaign 1 --bogus").exit_code, 2);
  EXPECT_EQ(Score("--campaign 1 --compare 3 --by team").exit_code, 2);
  const tessera::testing::Run unknown = Score("--campaign 99");
  EXPECT_EQ(unknown.exit_code, 1);
  const tessera::testing::Run grouping = Score("--campaign 1 --by shoe-size");
  EXPECT_EQ(grouping.exit_code, 1);
  EXPECT_NE(grouping.err.find("grouping questions"), std::string::npos) << grouping.err;
  const tessera::testing::Run different = Score("--campaign 3 --compare 1");
  EXPECT_EQ(different.exit_code, 1);
  EXPECT_NE(different.err.find("different instruments"), std::string::npos) << different.err;
  EXPECT_EQ(RunTessera("score --help").exit_code, 0);
}

TEST_F(ScoreCommandTest, CsvFileIsScoredWithoutADatabase) {
  // Three respondents of staff-attitudes 1.1.0's first scale; "dk" and NA are missing.
  const std::string path = WriteFile("mine.csv",
                                     "DIV-01,DIV-02,DIV-03,DIV-04,team\n"
                                     "5,4,NA,4,north\n"
                                     "2,dk,3,,south\n"
                                     "4,4,4,4,north\n");
  const tessera::testing::Run run =
      RunTessera("score --instrument staff-attitudes@1.1.0 " + path + " --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json report = json::parse(run.out);
  EXPECT_TRUE(report["threshold"].is_null());
  const json& first = report["dimensions"][0];
  EXPECT_EQ(first["n"], 3);
  // Respondent scores: (5 + 4 + x) with DIV-02/03 keying from the instrument; compare with the
  // per-item means the report gives: every item mean lies within the scale.
  for (const json& item : first["items"]) {
    if (item["mean"].is_null()) continue;
    EXPECT_GE(item["mean"].get<double>(), 1.0);
    EXPECT_LE(item["mean"].get<double>(), 5.0);
  }
  const tessera::testing::Run by_team =
      RunTessera("score --instrument staff-attitudes@1.1.0 " + path + " --by team --json");
  ASSERT_EQ(by_team.exit_code, 0) << by_team.err;
  const json cells = json::parse(by_team.out)["breakdown"]["cells"];
  EXPECT_EQ(cells[0]["value"], "north");
  EXPECT_EQ(cells[0]["respondents"], 2);
}

TEST_F(ScoreCommandTest, CsvProblemsNameRowAndColumn) {
  const std::string bad = WriteFile("bad.csv", "DIV-01,SHOE\n9,1\n");
  const tessera::testing::Run run = RunTessera("score --instrument staff-attitudes@1.1.0 " + bad);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("SHOE"), std::string::npos) << run.err;
  const std::string value = WriteFile("value.csv", "DIV-01\n9\n");
  const tessera::testing::Run out_of_range =
      RunTessera("score --instrument staff-attitudes@1.1.0 " + value);
  EXPECT_EQ(out_of_range.exit_code, 1);
  EXPECT_NE(out_of_range.err.find("row 1, column DIV-01"), std::string::npos) << out_of_range.err;
  const std::string empty = WriteFile("empty.csv", "");
  EXPECT_EQ(RunTessera("score --instrument staff-attitudes@1.1.0 " + empty).exit_code, 1);
  EXPECT_EQ(RunTessera("score --instrument nope@1.0.0 " + value).exit_code, 1);
  EXPECT_EQ(RunTessera("score --instrument staff-attitudes " + value).exit_code, 2);
}

}  // namespace
}  // namespace tessera::testing
