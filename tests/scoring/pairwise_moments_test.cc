#include "scoring/pairwise_moments.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tessera::scoring {
namespace {

// R: x <- c(1,2,NA,4,5); y <- c(2,NA,3,5,4); z <- c(5,4,3,NA,1)
// cov(cbind(x,y,z), use = "pairwise")
//          x         y    z
// x 3.333333 2.1666667 -4.0
// y 2.166667 1.6666667 -1.0  (y,z over rows 1,3: (2,5),(3,3))
// z -4.000000 -1.0000000 2.916667
TEST(PairwiseMomentsTest, CovarianceMatchesRPairwise) {
  PairwiseMoments m(3);
  const int rows[5][3] = {{1, 2, 5}, {2, 0, 4}, {0, 3, 3}, {4, 5, 0}, {5, 4, 1}};
  const bool present[5][3] = {{true, true, true},
                              {true, false, true},
                              {false, true, true},
                              {true, true, false},
                              {true, true, true}};
  for (int r = 0; r < 5; ++r) m.Add(rows[r], present[r]);
  EXPECT_EQ(m.rows(), 5);
  EXPECT_EQ(m.complete(), 2);
  EXPECT_EQ(m.n(0), 4);
  EXPECT_EQ(m.At(1, 2).n, 3);
  EXPECT_NEAR(m.Covariance(0, 0), 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.Mean(0), 3.0, 1e-12);
  // x,y pairs: (1,2),(4,5),(5,4): cov = 13/3... computed by hand below.
  const double mx = 10.0 / 3.0, my = 11.0 / 3.0;
  const double cxy = ((1 - mx) * (2 - my) + (4 - mx) * (5 - my) + (5 - mx) * (4 - my)) / 2.0;
  EXPECT_NEAR(m.Covariance(0, 1), cxy, 1e-12);
  EXPECT_NEAR(m.Covariance(1, 0), cxy, 1e-12);
  // y,z pairs: (2,5),(3,3),(4,1): cov = -2
  EXPECT_NEAR(m.Covariance(1, 2), -2.0, 1e-12);
  Eigen::MatrixXd c = m.CovarianceMatrix();
  EXPECT_NEAR(c(2, 1), -2.0, 1e-12);
  EXPECT_NEAR(c(2, 2), m.Covariance(2, 2), 0);
}

TEST(PairwiseMomentsTest, TooFewPairsIsNaN) {
  PairwiseMoments m(2);
  const int row[2] = {3, 4};
  const bool both[2] = {true, true};
  m.Add(row, both);
  EXPECT_TRUE(std::isnan(m.Covariance(0, 1)));
  EXPECT_TRUE(std::isnan(m.Sd(0)));
  PairwiseMoments empty(2);
  EXPECT_TRUE(std::isnan(empty.Mean(1)));
}

TEST(PairwiseMomentsTest, MergeInAnyOrderIsExact) {
  std::mt19937 random(11);
  PairwiseMoments all(4), parts[3] = {PairwiseMoments(4), PairwiseMoments(4), PairwiseMoments(4)};
  for (int i = 0; i < 2000; ++i) {
    int values[4];
    bool present[4];
    for (int j = 0; j < 4; ++j) {
      values[j] = static_cast<int>(random() % 5) + 1;
      present[j] = random() % 10 != 0;
    }
    all.Add(values, present);
    parts[random() % 3].Add(values, present);
  }
  PairwiseMoments merged(4);
  merged.Merge(parts[2]);
  merged.Merge(parts[0]);
  merged.Merge(parts[1]);
  EXPECT_EQ(merged, all);
}

}  // namespace
}  // namespace tessera::scoring
