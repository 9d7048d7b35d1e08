#include "scoring/score_moments.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tessera::scoring {
namespace {

TEST(ScoreMomentsTest, MeanAndSampleVariance) {
  ScoreMoments m;
  for (double x : {2.5, 3.0, 4.25, 1.0}) m.Add(x);
  m.AddExcluded();
  EXPECT_EQ(m.n, 4);
  EXPECT_EQ(m.excluded, 1);
  EXPECT_DOUBLE_EQ(m.Mean(), 10.75 / 4);
  // R: var(c(2.5, 3, 4.25, 1)) = 1.8072916666666667
  EXPECT_NEAR(m.Variance(), 1.8072916666666667, 1e-12);
  EXPECT_NEAR(m.Sd(), std::sqrt(1.8072916666666667), 1e-12);
}

TEST(ScoreMomentsTest, EqualScoresNeverGiveANegativeVariance) {
  ScoreMoments m;
  for (int i = 0; i < 999; ++i) m.Add(0.1 + 0.2);
  EXPECT_GE(m.Variance(), 0.0);
  EXPECT_NEAR(m.Sd(), 0.0, 1e-7);
}

TEST(ScoreMomentsTest, EmptyIsNaN) {
  ScoreMoments m;
  EXPECT_TRUE(std::isnan(m.Mean()));
  m.Add(1);
  EXPECT_TRUE(std::isnan(m.Variance()));
  ScoreMoments other;
  other.Add(3);
  m.Merge(other);
  EXPECT_DOUBLE_EQ(m.Mean(), 2.0);
  EXPECT_DOUBLE_EQ(m.Variance(), 2.0);
}

}  // namespace
}  // namespace tessera::scoring
