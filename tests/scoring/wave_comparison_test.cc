#include "scoring/wave_comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

ins::ScoringModel Range(double min, double max) {
  ins::ScoringModel scoring;
  scoring.range_min = min;
  scoring.range_max = max;
  return scoring;
}

using testing::MomentsOf;  // of a list of scores; the overload below takes a JSON array

ScoreMoments MomentsOf(const nlohmann::json& values) {
  ScoreMoments moments;
  for (const auto& value : values) moments.Add(value.get<double>());
  return moments;
}

// Relative tolerance 1e-6 (absolute near zero), as agreed for intervals and test statistics.
void ExpectClose(double actual, const nlohmann::json& expected, const char* what) {
  const double e = expected.get<double>();
  EXPECT_NEAR(actual, e, 1e-6 * std::max(1.0, std::fabs(e))) << what;
}

// waves.json (tests/data/scoring/summaries/generate.R): two samples of respondent scores per
// case and R's t.test(later, earlier, var.equal = FALSE), with Hedges' g.
TEST(WaveComparisonTest, MatchesRsWelchTest) {
  const nlohmann::json fixture = testing::ReadSummaryFixture("waves.json");
  const ins::ScoringModel scoring = Range(fixture["range"][0], fixture["range"][1]);
  ASSERT_EQ(fixture["cases"].size(), 4u);
  for (const auto& c : fixture["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const ScoreMoments earlier = MomentsOf(c["earlier"]);
    const ScoreMoments later = MomentsOf(c["later"]);
    Result<WaveComparison> w = CompareWaves("teamwork", scoring, earlier, later);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    const nlohmann::json& e = c["expected"];
    EXPECT_EQ(w->earlier.n, static_cast<int64_t>(c["earlier"].size()));
    EXPECT_EQ(w->later.n, static_cast<int64_t>(c["later"].size()));
    EXPECT_NEAR(w->earlier.mean, e["earlier_mean"].get<double>(), 1e-9);
    EXPECT_NEAR(w->later.mean, e["later_mean"].get<double>(), 1e-9);
    EXPECT_NEAR(w->difference, e["difference"].get<double>(), 1e-9);
    EXPECT_NEAR(w->index_difference, 25.0 * e["difference"].get<double>(), 1e-9);
    ExpectClose(w->earlier.sd, e["earlier_sd"], "earlier sd");
    ExpectClose(w->later.sd, e["later_sd"], "later sd");
    ExpectClose(w->standard_error, e["standard_error"], "standard error");
    ExpectClose(w->df, e["df"], "df");
    ExpectClose(w->t, e["t"], "t");
    ExpectClose(w->p_value, e["p_value"], "p");
    ASSERT_TRUE(w->ci.has_value());
    ExpectClose(w->ci->lower, e["ci"][0], "ci lower");
    ExpectClose(w->ci->upper, e["ci"][1], "ci upper");
    ExpectClose(w->index_ci->lower, 25.0 * e["ci"][0].get<double>(), "index ci lower");
    ExpectClose(w->hedges_g, e["hedges_g"], "Hedges' g");
  }
}

TEST(WaveComparisonTest, DirectionIsLaterMinusEarlier) {
  const ins::ScoringModel scoring = Range(0, 4);
  const ScoreMoments low = MomentsOf({1.0, 1.5, 2.0});
  const ScoreMoments high = MomentsOf({3.0, 3.5, 2.5});
  const WaveComparison up = *CompareWaves("d", scoring, low, high);
  const WaveComparison down = *CompareWaves("d", scoring, high, low);
  EXPECT_DOUBLE_EQ(up.difference, 1.5);
  EXPECT_DOUBLE_EQ(up.index_difference, 37.5);
  EXPECT_GT(up.t, 0);
  EXPECT_GT(up.hedges_g, 0);
  EXPECT_DOUBLE_EQ(down.difference, -1.5);
  EXPECT_DOUBLE_EQ(down.t, -up.t);
  EXPECT_DOUBLE_EQ(down.p_value, up.p_value);
  EXPECT_DOUBLE_EQ(down.hedges_g, -up.hedges_g);
  // Equal variances and sizes: df = 2 (n - 1) = 4; g = 1.5 / 0.5 * J(4), J(4) = 0.7978845608.
  EXPECT_NEAR(up.df, 4.0, 1e-12);
  EXPECT_NEAR(up.hedges_g, 3.0 * 0.797884560802865, 1e-9);
}

TEST(WaveComparisonTest, WithoutTwoRespondentsInEachWaveOnlyTheDifferenceIsGiven) {
  const ins::ScoringModel scoring = Range(1, 5);
  const WaveComparison one = *CompareWaves("d", scoring, MomentsOf({3.0}), MomentsOf({4.0, 5.0}));
  EXPECT_DOUBLE_EQ(one.difference, 1.5);
  EXPECT_DOUBLE_EQ(one.index_difference, 37.5);
  EXPECT_TRUE(std::isnan(one.standard_error));
  EXPECT_TRUE(std::isnan(one.df));
  EXPECT_TRUE(std::isnan(one.t));
  EXPECT_TRUE(std::isnan(one.p_value));
  EXPECT_TRUE(std::isnan(one.hedges_g));
  EXPECT_FALSE(one.ci.has_value());
  EXPECT_TRUE(std::isnan(one.earlier.sd));

  const WaveComparison none = *CompareWaves("d", scoring, ScoreMoments{}, MomentsOf({4.0}));
  EXPECT_EQ(none.earlier.n, 0);
  EXPECT_TRUE(std::isnan(none.difference));
  EXPECT_TRUE(std::isnan(none.earlier.mean));
  const nlohmann::json json = none.ToJson();
  EXPECT_TRUE(json["difference"].is_null());
  EXPECT_TRUE(json["ci"].is_null());
  EXPECT_TRUE(json["earlier"]["mean"].is_null());
  EXPECT_EQ(json["later"]["mean"], 4.0);
}

TEST(WaveComparisonTest, TwoRespondentsEachAreEnough) {
  // Earlier 2, 4; later 3, 5: difference 1, variances 2, SE sqrt(2), df 2.
  const WaveComparison w =
      *CompareWaves("d", Range(1, 5), MomentsOf({2.0, 4.0}), MomentsOf({3.0, 5.0}));
  EXPECT_NEAR(w.standard_error, std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(w.df, 2.0, 1e-12);
  EXPECT_NEAR(w.t, 1.0 / std::sqrt(2.0), 1e-12);
  ASSERT_TRUE(w.ci.has_value());
  // R: qt(0.975, 2) = 4.30265272974946
  EXPECT_NEAR(w.ci->upper, 1.0 + 4.30265272974946 * std::sqrt(2.0), 1e-6);
  // R: 2 * pt(-1 / sqrt(2), 2) = 0.552786404500042
  EXPECT_NEAR(w.p_value, 0.552786404500042, 1e-9);
}

TEST(WaveComparisonTest, AllScoresEqualInBothWavesLeaveTheTestUndefined) {
  const WaveComparison w =
      *CompareWaves("d", Range(1, 5), MomentsOf({3.0, 3.0, 3.0}), MomentsOf({4.0, 4.0}));
  EXPECT_DOUBLE_EQ(w.difference, 1.0);
  EXPECT_EQ(w.standard_error, 0.0);
  EXPECT_TRUE(std::isnan(w.df));
  EXPECT_TRUE(std::isnan(w.t));
  EXPECT_TRUE(std::isnan(w.p_value));
  EXPECT_FALSE(w.ci.has_value());
  EXPECT_TRUE(std::isnan(w.hedges_g));
  EXPECT_TRUE(w.ToJson()["hedges_g"].is_null());
  EXPECT_NO_THROW((void)w.ToJson().dump());

  // Only one wave constant: Welch still works, the df come from the other wave alone.
  const WaveComparison half =
      *CompareWaves("d", Range(1, 5), MomentsOf({3.0, 3.0, 3.0}), MomentsOf({4.0, 5.0}));
  EXPECT_NEAR(half.df, 1.0, 1e-12);
  EXPECT_FALSE(std::isnan(half.p_value));
}

TEST(WaveComparisonTest, RejectsNegativeCountsAndCarriesProvenance) {
  ScoreMoments bad;
  bad.n = -2;
  EXPECT_EQ(CompareWaves("d", Range(1, 5), bad, MomentsOf({1.0})).status().code(),
            StatusCode::kInvalidArgument);
  WaveComparison w =
      *CompareWaves("teamwork", Range(1, 5), MomentsOf({2.0, 3.0}), MomentsOf({3.0, 4.0}));
  EXPECT_TRUE(w.ToJson()["earlier_provenance"].is_null());
  Provenance earlier;
  earlier.instrument = "staff-attitudes@1.0.0";
  earlier.n_used = 2;
  w.earlier_provenance = earlier;
  const nlohmann::json json = w.ToJson();
  EXPECT_EQ(json["dimension"], "teamwork");
  EXPECT_EQ(json["earlier_provenance"]["instrument"], "staff-attitudes@1.0.0");
  EXPECT_TRUE(json["later_provenance"].is_null());
  EXPECT_EQ(json["ci"]["level"], 0.95);
}

}  // namespace
}  // namespace tessera::scoring
