#include "scoring/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

using testing::ReadSummaryFixture;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(DistributionsTest, StudentTQuantilesMatchR) {
  const nlohmann::json fixture = ReadSummaryFixture("distributions.json");
  ASSERT_EQ(fixture["quantiles"].size(), 40u);
  for (const auto& row : fixture["quantiles"]) {
    const double expected = row["q"].get<double>();
    EXPECT_NEAR(StudentTQuantile(row["p"], row["df"]), expected,
                1e-9 * std::max(1.0, std::fabs(expected)))
        << "qt(" << row["p"] << ", " << row["df"] << ")";
  }
}

TEST(DistributionsTest, TwoSidedPValuesMatchR) {
  const nlohmann::json fixture = ReadSummaryFixture("distributions.json");
  ASSERT_EQ(fixture["two_sided"].size(), 48u);
  for (const auto& row : fixture["two_sided"]) {
    const double expected = row["p"].get<double>();
    EXPECT_NEAR(StudentTTwoSidedP(row["t"], row["df"]), expected, 1e-12 + 1e-9 * expected)
        << "t = " << row["t"] << ", df = " << row["df"];
  }
}

TEST(DistributionsTest, NormalQuantileMatchesR) {
  const nlohmann::json fixture = ReadSummaryFixture("distributions.json");
  EXPECT_NEAR(NormalQuantile(fixture["normal"]["p"]), fixture["normal"]["q"].get<double>(), 1e-12);
  EXPECT_TRUE(std::isnan(NormalQuantile(0.0)));
  EXPECT_TRUE(std::isnan(NormalQuantile(1.0)));
}

TEST(DistributionsTest, InfiniteDegreesOfFreedomAreTheNormalDistribution) {
  EXPECT_DOUBLE_EQ(StudentTQuantile(0.975, kInf), NormalQuantile(0.975));
  EXPECT_NEAR(StudentTTwoSidedP(1.959963984540054, kInf), 0.05, 1e-12);
}

TEST(DistributionsTest, DomainErrorsAreNaNNotExceptions) {
  EXPECT_TRUE(std::isnan(StudentTQuantile(0.975, 0)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(0.975, -3)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(0.975, kNaN)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(0.0, 5)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(1.0, 5)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(kNaN, 5)));
  EXPECT_TRUE(std::isnan(StudentTTwoSidedP(kNaN, 5)));
  EXPECT_TRUE(std::isnan(StudentTTwoSidedP(1.0, 0)));
  EXPECT_EQ(StudentTTwoSidedP(kInf, 5), 0.0);
  EXPECT_EQ(StudentTTwoSidedP(-kInf, 5), 0.0);
  EXPECT_EQ(StudentTTwoSidedP(0.0, 5), 1.0);
}

TEST(DistributionsTest, TIntervalIsEstimatePlusMinusQuantileTimesStandardError) {
  // R: qt(0.975, 1) = 12.7062047361747
  const Interval interval = TInterval(3.0, 0.5, 1.0);
  EXPECT_NEAR(interval.lower, 3.0 - 0.5 * 12.7062047361747, 1e-9);
  EXPECT_NEAR(interval.upper, 3.0 + 0.5 * 12.7062047361747, 1e-9);
  const Interval ninety = TInterval(0.0, 1.0, 1e9, 0.90);
  EXPECT_NEAR(ninety.upper, 1.6448536269514722, 1e-6);
  EXPECT_EQ(TInterval(2.0, 0.0, 4.0), (Interval{2.0, 2.0})) << "no spread, no width";
  EXPECT_TRUE(std::isnan(TInterval(2.0, -1.0, 4.0).lower));
  EXPECT_TRUE(std::isnan(TInterval(kNaN, 1.0, 4.0).upper));
  EXPECT_TRUE(std::isnan(TInterval(2.0, 1.0, 0.0).lower));
  EXPECT_TRUE(std::isnan(TInterval(2.0, 1.0, 4.0, 1.0).lower));
}

}  // namespace
}  // namespace tessera::scoring
