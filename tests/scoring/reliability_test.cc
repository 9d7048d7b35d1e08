// Reliability against R's psych::alpha: every figure psych reports for six fixtures
// (tests/data/scoring/reliability/, expected values from make_expected.R), and the edge cases
// where alpha is undefined, which must give NaN and a warning rather than a crash.
#include "scoring/reliability.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "scoring/reliability_rows.h"

namespace tessera::scoring {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kCorrelationTolerance = 1e-6;  // alpha, correlations and what derives from them
constexpr double kMeanTolerance = 1e-9;         // item means and SDs

const std::string kFixtures = std::string(TESSERA_TEST_DATA) + "/scoring/reliability/";

using Rows = std::vector<std::vector<std::optional<int>>>;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> SplitCommas(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.push_back("");
  return fields;
}

// The fixture's columns `items` as rows (the fixtures are plain numbers; empty = missing).
Rows ReadItems(const std::string& csv, const std::vector<std::string>& items) {
  std::istringstream in(Slurp(csv));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SplitCommas(line);
  std::vector<size_t> columns;
  for (const auto& item : items) {
    auto it = std::find(header.begin(), header.end(), item);
    EXPECT_NE(it, header.end()) << item;
    columns.push_back(static_cast<size_t>(it - header.begin()));
  }
  Rows rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = SplitCommas(line);
    std::vector<std::optional<int>> row;
    for (size_t column : columns) {
      const std::string& cell = column < fields.size() ? fields[column] : std::string();
      if (cell.empty() || cell == "NA") {
        row.push_back(std::nullopt);
      } else {
        row.push_back(std::stoi(cell));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// NaN stands for R's NA (JSON null).
double Value(const nlohmann::json& json) { return json.is_null() ? kNaN : json.get<double>(); }

void ExpectNear(double actual, const nlohmann::json& expected, double tolerance,
                const std::string& what) {
  const double want = Value(expected);
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": expected NA, got " << actual;
  } else {
    EXPECT_NEAR(actual, want, tolerance) << what;
  }
}

struct Fixture {
  nlohmann::json expected;
  ItemKeying keying;
  std::vector<std::string> items;
  PairwiseMoments moments;
};

Fixture LoadFixture(const std::string& name) {
  Fixture f;
  f.expected = nlohmann::json::parse(Slurp(kFixtures + name + ".expected.json"));
  f.items = f.expected["items"].get<std::vector<std::string>>();
  const auto reverse = f.expected["reverse"].get<std::vector<std::string>>();
  f.keying.min = f.expected["min"].get<int>();
  f.keying.max = f.expected["max"].get<int>();
  for (const auto& item : f.items) {
    f.keying.reverse.push_back(std::find(reverse.begin(), reverse.end(), item) != reverse.end());
  }
  auto moments = MomentsFromRows(ReadItems(kFixtures + name + ".csv", f.items), f.keying);
  EXPECT_TRUE(moments.ok()) << moments.status().ToString();
  if (moments.ok()) f.moments = *moments;
  return f;
}

class PsychAlphaTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PsychAlphaTest, MatchesEveryFigurePsychReports) {
  const Fixture f = LoadFixture(GetParam());
  const nlohmann::json& want = f.expected;
  auto result = ComputeReliability(f.moments, f.items);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  EXPECT_EQ(result->n_rows, want["n_rows"].get<int64_t>());
  EXPECT_EQ(result->n_complete, want["n_complete"].get<int64_t>());
  EXPECT_EQ(result->items_used, want["nvar"].get<size_t>());

  const nlohmann::json& total = want["total"];
  const AlphaFigures& alpha = result->alpha;
  ExpectNear(alpha.raw_alpha, total["raw_alpha"], kCorrelationTolerance, "raw_alpha");
  ExpectNear(alpha.std_alpha, total["std_alpha"], kCorrelationTolerance, "std.alpha");
  ExpectNear(alpha.g6, total["g6"], kCorrelationTolerance, "G6(smc)");
  ExpectNear(alpha.average_r, total["average_r"], kCorrelationTolerance, "average_r");
  ExpectNear(alpha.signal_noise, total["s_n"], kCorrelationTolerance, "S/N");
  ExpectNear(alpha.alpha_se, total["ase"], kCorrelationTolerance, "ase");
  ExpectNear(alpha.median_r, total["median_r"], kCorrelationTolerance, "median_r");
  ExpectNear(alpha.var_r, total["var_r"], kCorrelationTolerance, "var.r");
  ExpectNear(result->feldt.lower, want["feldt"]["lower"], kCorrelationTolerance, "Feldt lower");
  ExpectNear(result->feldt.upper, want["feldt"]["upper"], kCorrelationTolerance, "Feldt upper");

  const bool complete = want["n_complete"] == want["n_rows"];
  const auto deleted = want["deleted"].get<std::vector<std::string>>();
  ASSERT_EQ(result->items.size(), f.items.size());
  for (size_t i = 0; i < f.items.size(); ++i) {
    const ItemReliability& item = result->items[i];
    const std::string& id = f.items[i];
    SCOPED_TRACE("item " + id);
    EXPECT_EQ(item.id, id);
    const nlohmann::json& plain = want["all_items"][id];
    EXPECT_EQ(item.n, plain["n"].get<int64_t>());
    ExpectNear(item.mean, plain["mean"], kMeanTolerance, "mean (all items)");
    ExpectNear(item.sd, plain["sd"], kMeanTolerance, "sd (all items)");
    const bool is_deleted = std::find(deleted.begin(), deleted.end(), id) != deleted.end();
    EXPECT_EQ(item.no_variance, is_deleted);
    if (is_deleted) {
      EXPECT_TRUE(std::isnan(item.r_drop));
      EXPECT_TRUE(std::isnan(item.if_dropped.raw_alpha));
      continue;
    }
    const nlohmann::json& stats = want["item_stats"][id];
    EXPECT_EQ(item.n, stats["n"].get<int64_t>());
    ExpectNear(item.mean, stats["mean"], kMeanTolerance, "mean");
    ExpectNear(item.sd, stats["sd"], kMeanTolerance, "sd");
    ExpectNear(item.std_r, stats["std_r"], kCorrelationTolerance, "std.r");
    ExpectNear(item.r_cor, stats["r_cor"], kCorrelationTolerance, "r.cor");
    ExpectNear(item.r_drop, stats["r_drop"], kCorrelationTolerance, "r.drop");
    // psych's raw.r correlates with the row means of the answered items, which needs the rows;
    // ours is the same correlation from the covariance matrix: identical for complete data.
    ExpectNear(item.raw_r, want["raw_r_from_cov"][id], kCorrelationTolerance, "raw.r (cov)");
    if (complete) ExpectNear(item.raw_r, stats["raw_r"], kCorrelationTolerance, "raw.r");

    const nlohmann::json& drop = want["alpha_drop"][id];
    const AlphaFigures& d = item.if_dropped;
    ExpectNear(d.raw_alpha, drop["raw_alpha"], kCorrelationTolerance, "drop raw_alpha");
    ExpectNear(d.std_alpha, drop["std_alpha"], kCorrelationTolerance, "drop std.alpha");
    ExpectNear(d.g6, drop["g6"], kCorrelationTolerance, "drop G6(smc)");
    ExpectNear(d.average_r, drop["average_r"], kCorrelationTolerance, "drop average_r");
    ExpectNear(d.signal_noise, drop["s_n"], kCorrelationTolerance, "drop S/N");
    ExpectNear(d.alpha_se, drop["alpha_se"], kCorrelationTolerance, "drop alpha se");
    ExpectNear(d.var_r, drop["var_r"], kCorrelationTolerance, "drop var.r");
    ExpectNear(d.median_r, drop["med_r"], kCorrelationTolerance, "drop med.r");
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PsychAlphaTest,
                         ::testing::Values("engagement6", "two_items", "three_items",
                                           "negative_item", "tiny", "zero_variance"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

bool HasWarning(const ReliabilityResult& result, ReliabilityWarningCode code,
                const std::string& item = "") {
  for (const auto& warning : result.warnings) {
    if (warning.code == code && warning.item == item) return true;
  }
  return false;
}

TEST(ReliabilityFixtureTest, RealisticScaleNeedsNoWarningAndKeepsBlankRespondents) {
  const Fixture f = LoadFixture("engagement6");
  auto result = ComputeReliability(f.moments, f.items);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->warnings.empty()) << ToJson(*result)["warnings"].dump();
  // Two respondents skipped every item; psych still counts them in n.obs for Feldt and ase.
  EXPECT_EQ(result->n_rows, 302);
  EXPECT_GT(result->alpha.raw_alpha, 0.75);
  EXPECT_LT(result->feldt.lower, result->alpha.raw_alpha);
  EXPECT_GT(result->feldt.upper, result->alpha.raw_alpha);
}

TEST(ReliabilityFixtureTest, ForgettingTheReverseKeyIsFlaggedOnThatItem) {
  Fixture f = LoadFixture("engagement6");
  ItemKeying unkeyed = f.keying;
  std::fill(unkeyed.reverse.begin(), unkeyed.reverse.end(), false);
  auto moments = MomentsFromRows(ReadItems(kFixtures + "engagement6.csv", f.items), unkeyed);
  ASSERT_TRUE(moments.ok());
  auto result = ComputeReliability(*moments, f.items);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kNegativeItemTotal, "eng4"));
  EXPECT_LT(result->items[3].r_drop, 0);
  EXPECT_LT(result->alpha.raw_alpha, ComputeReliability(f.moments, f.items)->alpha.raw_alpha);
  // Only eng4 is flagged.
  for (const auto& warning : result->warnings) {
    if (warning.code == ReliabilityWarningCode::kNegativeItemTotal) {
      EXPECT_EQ(warning.item, "eng4");
    }
  }
}

TEST(ReliabilityFixtureTest, NegativelyCorrelatedItemIsNamedAsAKeyingMistake) {
  const Fixture f = LoadFixture("negative_item");
  auto result = ComputeReliability(f.moments, f.items);
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(HasWarning(*result, ReliabilityWarningCode::kNegativeItemTotal, "n3"));
  EXPECT_FALSE(HasWarning(*result, ReliabilityWarningCode::kNegativeItemTotal, "n1"));
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kLowAlpha));
  for (const auto& warning : result->warnings) {
    if (warning.item == "n3") {
      EXPECT_NE(warning.message.find("n3"), std::string::npos) << warning.message;
      EXPECT_NE(warning.message.find("a likely reverse-keying mistake"), std::string::npos)
          << warning.message;
    }
  }
}

TEST(ReliabilityFixtureTest, LowAlphaThresholdIsAnOption) {
  const Fixture f = LoadFixture("two_items");  // alpha 0.34
  auto defaults = ComputeReliability(f.moments, f.items);
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(HasWarning(*defaults, ReliabilityWarningCode::kLowAlpha));
  ReliabilityOptions lenient;
  lenient.low_alpha = 0.3;
  auto relaxed = ComputeReliability(f.moments, f.items, lenient);
  ASSERT_TRUE(relaxed.ok());
  EXPECT_FALSE(HasWarning(*relaxed, ReliabilityWarningCode::kLowAlpha));
}

TEST(ReliabilityFixtureTest, ZeroVarianceItemIsLeftOutWithAWarning) {
  const Fixture f = LoadFixture("zero_variance");
  auto result = ComputeReliability(f.moments, f.items);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kZeroVariance, "z3"));
  EXPECT_EQ(result->items_used, 3u);
  EXPECT_TRUE(std::isfinite(result->alpha.raw_alpha));
  EXPECT_DOUBLE_EQ(result->items[2].sd, 0.0);
  EXPECT_DOUBLE_EQ(result->items[2].mean, 3.0);
}

TEST(ReliabilityFixtureTest, MergedMomentsGiveIdenticalFigures) {
  const Fixture f = LoadFixture("engagement6");
  const Rows rows = ReadItems(kFixtures + "engagement6.csv", f.items);
  auto first = MomentsFromRows(Rows(rows.begin(), rows.begin() + 100), f.keying);
  auto second = MomentsFromRows(Rows(rows.begin() + 100, rows.end()), f.keying);
  ASSERT_TRUE(first.ok() && second.ok());
  PairwiseMoments merged = *second;
  merged.Merge(*first);
  EXPECT_EQ(merged, f.moments);
  EXPECT_EQ(ToJson(*ComputeReliability(merged, f.items)),
            ToJson(*ComputeReliability(f.moments, f.items)));
}

TEST(ReliabilityFixtureTest, ItemOrderDoesNotChangeTheScale) {
  const Fixture f = LoadFixture("three_items");
  const Rows rows = ReadItems(kFixtures + "three_items.csv", {"x3", "x1", "x2"});
  auto moments = MomentsFromRows(rows, f.keying);
  ASSERT_TRUE(moments.ok());
  auto permuted = ComputeReliability(*moments, {"x3", "x1", "x2"});
  auto original = ComputeReliability(f.moments, f.items);
  ASSERT_TRUE(permuted.ok() && original.ok());
  EXPECT_NEAR(permuted->alpha.raw_alpha, original->alpha.raw_alpha, 1e-12);
  EXPECT_NEAR(permuted->alpha.g6, original->alpha.g6, 1e-12);
  EXPECT_NEAR(permuted->items[0].r_drop, original->items[2].r_drop, 1e-12);
  EXPECT_NEAR(permuted->items[0].if_dropped.raw_alpha, original->items[2].if_dropped.raw_alpha,
              1e-12);
}

// --- Edge cases built by hand -------------------------------------------------------------

Result<ReliabilityResult> FromRows(const Rows& rows, const std::vector<std::string>& ids) {
  ItemKeying keying{1, 5, std::vector<bool>(ids.size(), false)};
  auto moments = MomentsFromRows(rows, keying);
  if (!moments.ok()) return moments.status();
  return ComputeReliability(*moments, ids);
}

TEST(ReliabilityEdgeTest, FewerThanTwoItemsIsAnError) {
  auto one = FromRows({{1}, {2}, {3}}, {"only"});
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(one.status().message().find("at least two items"), std::string::npos);
  auto none = ComputeReliability(PairwiseMoments(0), {});
  EXPECT_FALSE(none.ok());
}

TEST(ReliabilityEdgeTest, IdsMustMatchTheVariables) {
  PairwiseMoments moments(3);
  auto result = ComputeReliability(moments, {"a", "b"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

TEST(ReliabilityEdgeTest, AllAnswersEqualGiveNanAlphaAndClearWarnings) {
  auto result = FromRows({{3, 3, 3}, {3, 3, 3}, {3, 3, std::nullopt}, {3, 3, 3}}, {"a", "b", "c"});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(std::isnan(result->alpha.raw_alpha));
  EXPECT_TRUE(std::isnan(result->alpha.std_alpha));
  EXPECT_TRUE(std::isnan(result->feldt.lower));
  EXPECT_EQ(result->items_used, 0u);
  for (const char* id : {"a", "b", "c"}) {
    EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kZeroVariance, id)) << id;
  }
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kAlphaUndefined));
  EXPECT_FALSE(HasWarning(*result, ReliabilityWarningCode::kLowAlpha));
  const nlohmann::json json = ToJson(*result);
  EXPECT_TRUE(json["raw_alpha"].is_null());
  EXPECT_TRUE(json["feldt_ci"][0].is_null());
  EXPECT_TRUE(json["items"][0]["r_drop"].is_null());
  EXPECT_EQ(json["items"][0]["mean"], 3.0);
  EXPECT_EQ(json["warnings"][0]["code"], "zero_variance");
  EXPECT_EQ(json["warnings"][0]["item"], "a");
  EXPECT_NO_THROW((void)json.dump());
}

TEST(ReliabilityEdgeTest, OneItemWithVarianceLeftIsUndefined) {
  auto result = FromRows({{1, 4}, {2, 4}, {5, 4}}, {"a", "b"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->items_used, 1u);
  EXPECT_TRUE(std::isnan(result->alpha.raw_alpha));
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kZeroVariance, "b"));
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kAlphaUndefined));
  EXPECT_NEAR(result->items[0].sd, std::sqrt(13.0 / 3), 1e-12);
}

TEST(ReliabilityEdgeTest, NoRespondentsOrOneRespondent) {
  auto empty = ComputeReliability(PairwiseMoments(3), {"a", "b", "c"});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->n_rows, 0);
  EXPECT_TRUE(std::isnan(empty->alpha.raw_alpha));
  EXPECT_TRUE(std::isnan(empty->items[0].mean));
  auto one = FromRows({{1, 2, 3}}, {"a", "b", "c"});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->n_complete, 1);
  EXPECT_TRUE(std::isnan(one->alpha.raw_alpha));
  EXPECT_DOUBLE_EQ(one->items[2].mean, 3.0);
}

TEST(ReliabilityEdgeTest, ItemsNeverAnsweredTogetherMakeAlphaUndefined) {
  const std::optional<int> na;
  auto result = FromRows({{1, na, 2}, {2, na, 3}, {4, na, 4}, {na, 1, 2}, {na, 3, 5}, {na, 5, 4}},
                         {"a", "b", "c"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->n_complete, 0);
  EXPECT_TRUE(std::isnan(result->alpha.raw_alpha));
  EXPECT_TRUE(std::isnan(result->feldt.upper));
  ASSERT_TRUE(HasWarning(*result, ReliabilityWarningCode::kAlphaUndefined));
  bool named = false;
  for (const auto& warning : result->warnings) {
    named |= warning.message.find("items a and b") != std::string::npos;
  }
  EXPECT_TRUE(named) << ToJson(*result)["warnings"].dump();
  EXPECT_NO_THROW((void)ToJson(*result).dump());
}

TEST(ReliabilityEdgeTest, IdenticalItemsGiveAlphaOneWithoutDividingByZero) {
  auto result = FromRows({{1, 1, 1}, {2, 2, 2}, {4, 4, 4}, {5, 5, 5}}, {"a", "b", "c"});
  ASSERT_TRUE(result.ok());
  EXPECT_NEAR(result->alpha.raw_alpha, 1.0, 1e-12);
  EXPECT_NEAR(result->alpha.std_alpha, 1.0, 1e-12);
  EXPECT_NEAR(result->alpha.average_r, 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(result->alpha.signal_noise));  // r / (1 - r) with r = 1
  EXPECT_NEAR(result->feldt.lower, 1.0, 1e-12);
  EXPECT_TRUE(result->warnings.empty());
}

TEST(ReliabilityEdgeTest, TotalWithoutVarianceIsUndefinedAndBothItemsFlagged) {
  // b = 6 - a: the sum a + b is 6 for everyone.
  auto result = FromRows({{1, 5}, {2, 4}, {4, 2}, {5, 1}}, {"a", "b"});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(std::isnan(result->alpha.raw_alpha));
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kAlphaUndefined));
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kNegativeItemTotal, "a"));
  EXPECT_TRUE(HasWarning(*result, ReliabilityWarningCode::kNegativeItemTotal, "b"));
  EXPECT_NEAR(result->items[0].r_drop, -1.0, 1e-12);
}

TEST(ReliabilityEdgeTest, FeldtIntervalMatchesPsychAlphaCi) {
  // psych::alpha.ci(0.8, 100, 5), (0.5, 10, 2) and (0.7, 50, 3, p.val = 0.1).
  ConfidenceInterval a = FeldtInterval(0.8, 100, 5);
  EXPECT_NEAR(a.lower, 0.73055820417933937, 1e-9);
  EXPECT_NEAR(a.upper, 0.85588674866599301, 1e-9);
  ConfidenceInterval b = FeldtInterval(0.5, 10, 2);
  EXPECT_NEAR(b.lower, -1.01299707914148884, 1e-9);
  EXPECT_NEAR(b.upper, 0.87580707265277247, 1e-9);
  ConfidenceInterval c = FeldtInterval(0.7, 50, 3, 0.90);
  EXPECT_NEAR(c.lower, 0.55511690295158811, 1e-9);
  EXPECT_NEAR(c.upper, 0.80415367826739859, 1e-9);
  EXPECT_TRUE(std::isnan(FeldtInterval(0.8, 1, 5).lower));
  EXPECT_TRUE(std::isnan(FeldtInterval(0.8, 100, 1).upper));
  EXPECT_TRUE(std::isnan(FeldtInterval(kNaN, 100, 5).lower));
  EXPECT_TRUE(std::isnan(FeldtInterval(0.8, 100, 5, 1.0).lower));
}

TEST(ReliabilityRowsTest, ReverseKeyingRecodesMinPlusMaxMinusX) {
  ItemKeying keying{0, 4, {false, true}};
  auto moments = MomentsFromRows({{0, 0}, {4, 1}, {std::nullopt, 4}}, keying);
  ASSERT_TRUE(moments.ok());
  EXPECT_EQ(moments->n(0), 2);
  EXPECT_EQ(moments->n(1), 3);
  EXPECT_EQ(moments->At(1, 1).sum_x, 4 + 3 + 0);
  EXPECT_EQ(moments->rows(), 3);
  EXPECT_EQ(moments->complete(), 2);
}

TEST(ReliabilityRowsTest, RejectsValuesOutsideTheRangeAndBadShapes) {
  ItemKeying keying{1, 5, {false, false}};
  auto high = MomentsFromRows({{1, 2}, {3, 6}}, keying);
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.status().message(), "row 2: item 2: 6 is outside 1..5");
  EXPECT_FALSE(MomentsFromRows({{0, 2}}, keying).ok());
  EXPECT_FALSE(MomentsFromRows({{1, 2, 3}}, keying).ok());
  EXPECT_FALSE(MomentsFromRows({{1, 2}}, ItemKeying{5, 5, {false, false}}).ok());
  PairwiseMoments moments(2);
  const std::vector<std::optional<int>> bad{1, 9};
  EXPECT_FALSE(AddItemRow(bad, keying, &moments).ok());
  EXPECT_EQ(moments.rows(), 0) << "a rejected row adds nothing";
}

}  // namespace
}  // namespace tessera::scoring
