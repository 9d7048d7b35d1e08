// `tessera reliability` end to end through the real binary: its --json figures against R's
// psych::alpha (tests/data/scoring/reliability/), the readable table, and every error with its
// exit code.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using tessera::testing::RunTessera;

const std::string kFixtures = std::string(TESSERA_TEST_DATA) + "/scoring/reliability/";

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

void ExpectSame(const nlohmann::json& actual, const nlohmann::json& expected, double tolerance,
                const std::string& what) {
  if (expected.is_null()) {
    EXPECT_TRUE(actual.is_null()) << what << ": " << actual;
    return;
  }
  ASSERT_TRUE(actual.is_number()) << what << ": " << actual;
  EXPECT_NEAR(actual.get<double>(), expected.get<double>(), tolerance) << what;
}

class ReliabilityCliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tessera::testing::MakeTempDir("tessera-reliability"); }

  // Writes `text` to a file in the test's folder and returns its path.
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::string dir_;
};

TEST_F(ReliabilityCliTest, JsonMatchesPsychAlphaOnTheRealisticScale) {
  const nlohmann::json want = ReadJson(kFixtures + "engagement6.expected.json");
  auto run = RunTessera("reliability " + kFixtures +
                        "engagement6.csv --scale engagement=eng1,eng2,eng3,-eng4,eng5,eng6 "
                        "--min 1 --max 5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const nlohmann::json out = nlohmann::json::parse(run.out);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out["scales"].size(), 1u);
  const nlohmann::json& scale = out["scales"][0];
  EXPECT_EQ(scale.size(), 8u) << "name, raw_alpha, std_alpha, average_r, n_complete, feldt_ci, "
                                 "items, warnings";
  EXPECT_EQ(scale["name"], "engagement");
  ExpectSame(scale["raw_alpha"], want["total"]["raw_alpha"], 1e-6, "raw_alpha");
  ExpectSame(scale["std_alpha"], want["total"]["std_alpha"], 1e-6, "std_alpha");
  ExpectSame(scale["average_r"], want["total"]["average_r"], 1e-6, "average_r");
  EXPECT_EQ(scale["n_complete"], want["n_complete"]);
  ASSERT_EQ(scale["feldt_ci"].size(), 2u);
  ExpectSame(scale["feldt_ci"][0], want["feldt"]["lower"], 1e-6, "Feldt lower");
  ExpectSame(scale["feldt_ci"][1], want["feldt"]["upper"], 1e-6, "Feldt upper");
  ASSERT_EQ(scale["items"].size(), 6u);
  for (const auto& item : scale["items"]) {
    const std::string id = item["id"];
    SCOPED_TRACE(id);
    EXPECT_EQ(item.size(), 5u);
    const nlohmann::json& stats = want["item_stats"][id];
    ExpectSame(item["mean"], stats["mean"], 1e-9, "mean");
    ExpectSame(item["sd"], stats["sd"], 1e-9, "sd");
    ExpectSame(item["r_drop"], stats["r_drop"], 1e-6, "r_drop");
    ExpectSame(item["alpha_if_dropped"], want["alpha_drop"][id]["raw_alpha"], 1e-6,
               "alpha_if_dropped");
  }
  EXPECT_EQ(scale["warnings"], nlohmann::json::array());
}

TEST_F(ReliabilityCliTest, JsonGivesNullForAnItemWithoutVarianceAndListsWarnings) {
  const nlohmann::json want = ReadJson(kFixtures + "zero_variance.expected.json");
  auto run = RunTessera("reliability " + kFixtures +
                        "zero_variance.csv --scale z=z1,z2,z3,z4 --min 1 --max 5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json scale = nlohmann::json::parse(run.out)["scales"][0];
  ExpectSame(scale["raw_alpha"], want["total"]["raw_alpha"], 1e-6, "raw_alpha");
  const nlohmann::json& z3 = scale["items"][2];
  EXPECT_EQ(z3["id"], "z3");
  EXPECT_TRUE(z3["r_drop"].is_null());
  EXPECT_TRUE(z3["alpha_if_dropped"].is_null());
  EXPECT_EQ(z3["sd"], 0.0);
  ASSERT_GE(scale["warnings"].size(), 2u);
  EXPECT_EQ(scale["warnings"][0]["code"], "zero_variance");
  EXPECT_EQ(scale["warnings"][0]["item"], "z3");
  EXPECT_EQ(scale["warnings"][1]["code"], "low_alpha");
}

TEST_F(ReliabilityCliTest, TableShowsFiguresItemsAndWarningsForEachScale) {
  auto run = RunTessera("reliability " + kFixtures +
                        "negative_item.csv --scale wrong=n1,n2,n3,n4 --scale fixed=n1,n2,-n3,n4 "
                        "--min 1 --max 5");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string& out = run.out;
  const size_t wrong = out.find("wrong: 4 items, 150 respondents, 150 answered every item");
  const size_t fixed = out.find("fixed: 4 items, 150 respondents");
  ASSERT_NE(wrong, std::string::npos) << out;
  ASSERT_NE(fixed, std::string::npos) << out;
  EXPECT_LT(wrong, fixed);
  EXPECT_NE(out.find("Cronbach's alpha       -0.063  (95% CI"), std::string::npos) << out;
  EXPECT_NE(out.find("alpha if dropped"), std::string::npos);
  const std::string wrong_part = out.substr(wrong, fixed - wrong);
  EXPECT_NE(wrong_part.find("item n3 correlates negatively with the rest of the scale"),
            std::string::npos)
      << wrong_part;
  EXPECT_NE(wrong_part.find("a likely reverse-keying mistake"), std::string::npos);
  EXPECT_NE(wrong_part.find("alpha is -0.06, below 0.60"), std::string::npos);
  const std::string fixed_part = out.substr(fixed);
  EXPECT_EQ(fixed_part.find("warnings"), std::string::npos) << fixed_part;
  EXPECT_NE(fixed_part.find("  n3     -     150   3.20"), std::string::npos) << fixed_part;
}

TEST_F(ReliabilityCliTest, MissingCellsAsEmptyOrNaAndNegativeBounds) {
  const std::string csv = Write("bounds.csv",
                                "id,a,b,c\r\n"
                                "1,-2,-1,-2\r\n"
                                "2,0,NA,1\r\n"
                                "3,2,2, 1 \r\n"
                                "4,,1,2\r\n"
                                "5,1,0,0\r\n"
                                "\r\n");
  auto run = RunTessera("reliability " + csv + " --scale s=a,-b,c --min -2 --max 2 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json scale = nlohmann::json::parse(run.out)["scales"][0];
  EXPECT_EQ(scale["n_complete"], 3);
  // b reversed as -2 + 2 - x = -x: answers -1, 2, 1, 0 become 1, -2, -1, 0.
  EXPECT_DOUBLE_EQ(scale["items"][1]["mean"].get<double>(), -0.5);
  EXPECT_DOUBLE_EQ(scale["items"][0]["mean"].get<double>(), 0.25);
}

TEST_F(ReliabilityCliTest, HelpAndNoArguments) {
  auto help = RunTessera("reliability --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out.rfind("Usage: tessera reliability FILE.csv --scale", 0), 0u) << help.out;
  auto bare = RunTessera("reliability");
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("Usage: tessera reliability"), std::string::npos);
  auto top = RunTessera("--help");
  EXPECT_NE(top.out.find("reliability"), std::string::npos);
}

// Usage errors: the command line itself is wrong (exit 2), and the message says what.
TEST_F(ReliabilityCliTest, CommandLineMistakesExitTwo) {
  const std::string csv = kFixtures + "three_items.csv ";
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {csv + "--min 0 --max 4", "give at least one --scale"},
      {csv + "--scale s=x1 --min 0 --max 4",
       "scale s has one item; reliability needs at least two"},
      {csv + "--scale s=x1,x2 --min 4 --max 4", "--min (4) must be below --max (4)"},
      {csv + "--scale s=x1,x2 --min 5 --max 1", "--min (5) must be below --max (1)"},
      {csv + "--scale s=x1,x2 --max 4", "--min is required"},
      {csv + "--scale s=x1,x2 --min 0", "--max is required"},
      {csv + "--scale s=x1,x2 --min low --max 4", "--min must be a whole number"},
      {csv + "--scale x1,x2 --min 0 --max 4", "must look like NAME=ITEM,ITEM"},
      {csv + "--scale =x1,x2 --min 0 --max 4", "has no name"},
      {csv + "--scale s=x1,,x2 --min 0 --max 4", "scale s has an empty item name"},
      {csv + "--scale s=x1,-x1 --min 0 --max 4", "scale s lists item x1 twice"},
      {csv + "--scale s=x1,x2 --scale s=x2,x3 --min 0 --max 4", "two scales are named s"},
      {"--scale s=x1,x2 --min 0 --max 4", "give exactly one CSV file"},
      {csv + csv + "--scale s=x1,x2 --min 0 --max 4", "give exactly one CSV file"},
      {csv + "--scale s=x1,x2 --min 0 --max 4 --alpha", "unknown option --alpha"},
  };
  for (const Case& c : cases) {
    auto run = RunTessera("reliability " + c.args);
    EXPECT_EQ(run.exit_code, 2) << c.args << "\n" << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << c.args << "\n" << run.err;
    EXPECT_NE(run.err.find("Run `tessera reliability --help` for usage."), std::string::npos);
    EXPECT_EQ(run.out, "");
  }
}

// Problems with the file: exit 1, naming the file and where.
TEST_F(ReliabilityCliTest, UnknownColumnsAreNamed) {
  auto run = RunTessera("reliability " + kFixtures +
                        "three_items.csv --scale s=x1,x2,-q9 --scale t=x3,zz --min 0 --max 4");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no column named \"q9\" (scale s), \"zz\" (scale t)"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
}

TEST_F(ReliabilityCliTest, ValuesOutOfRangeOrNotNumbersGiveRowAndColumn) {
  const std::string csv = Write("bad.csv",
                                "a,b,c,note\n"
                                "1,2,3,fine\n"
                                "2,6,3,high\n"
                                "x,2,2.5,words\n"
                                "0,1,1,low\n");
  auto run = RunTessera("reliability " + csv + " --scale s=a,b,c --min 1 --max 5");
  EXPECT_EQ(run.exit_code, 1);
  const std::string& err = run.err;
  EXPECT_NE(err.find(csv + ": row 2 (line 3), column b: 6 is outside 1..5"), std::string::npos)
      << err;
  EXPECT_NE(err.find("row 3 (line 4), column a: \"x\" is not a whole number"), std::string::npos)
      << err;
  EXPECT_NE(err.find("row 3 (line 4), column c: \"2.5\" is not a whole number"), std::string::npos)
      << err;
  EXPECT_NE(err.find("row 4 (line 5), column a: 0 is outside 1..5"), std::string::npos) << err;
  EXPECT_NE(err.find("tessera reliability: nothing computed; fix the 4 problem(s) above"),
            std::string::npos)
      << err;
  EXPECT_EQ(run.out, "");
}

TEST_F(ReliabilityCliTest, ManyProblemsAreCappedInTheListing) {
  std::string text = "a,b\n";
  for (int i = 0; i < 25; ++i) text += "9,1\n";
  const std::string csv = Write("many.csv", text);
  auto run = RunTessera("reliability " + csv + " --scale s=a,b --min 1 --max 5");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("row 20 (line 21)"), std::string::npos);
  EXPECT_EQ(run.err.find("row 21 (line 22)"), std::string::npos);
  EXPECT_NE(run.err.find("... and 5 more"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("fix the 25 problem(s)"), std::string::npos);
}

TEST_F(ReliabilityCliTest, EmptyHeaderOnlyShortRowsAndBrokenFilesFail) {
  struct Case {
    std::string file;
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"empty.csv", "", "empty.csv is empty"},
      {"header.csv", "a,b\n", "header.csv has a header row but no respondents"},
      {"short.csv", "a,b,c\n1,2,3\n1,2\n", "row 2 (line 3) has 2 fields; the header has 3"},
      {"quote.csv", "a,b\n1,\"2\n", "a quoted field is never closed"},
      {"twice.csv", "a,b,a\n1,2,3\n", "column a appears more than once in the header"},
  };
  for (const Case& c : cases) {
    const std::string csv = Write(c.file, c.text);
    auto run = RunTessera("reliability " + csv + " --scale s=a,b --min 1 --max 5");
    EXPECT_EQ(run.exit_code, 1) << c.file << "\n" << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << c.file << "\n" << run.err;
    EXPECT_NE(run.err.find("tessera reliability: "), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "");
  }
  auto missing = RunTessera("reliability " + dir_ + "/nope.csv --scale s=a,b --min 1 --max 5");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("tessera reliability: cannot read " + dir_ + "/nope.csv"),
            std::string::npos)
      << missing.err;
}

TEST_F(ReliabilityCliTest, AllAnswersEqualGivesNullAlphaNotACrash) {
  const std::string csv = Write("flat.csv", "a,b,c\n3,3,3\n3,3,3\n3,,3\n");
  auto run = RunTessera("reliability " + csv + " --scale s=a,b,c --min 1 --max 5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json scale = nlohmann::json::parse(run.out)["scales"][0];
  EXPECT_TRUE(scale["raw_alpha"].is_null());
  EXPECT_TRUE(scale["feldt_ci"][0].is_null());
  EXPECT_TRUE(scale["feldt_ci"][1].is_null());
  bool undefined = false;
  for (const auto& warning : scale["warnings"]) undefined |= warning["code"] == "alpha_undefined";
  EXPECT_TRUE(undefined) << scale["warnings"];
  auto table = RunTessera("reliability " + csv + " --scale s=a,b,c --min 1 --max 5");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("Cronbach's alpha       NA"), std::string::npos) << table.out;
}

}  // namespace
}  // namespace tessera::server
