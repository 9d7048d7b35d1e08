#include "scoring/item_histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tessera::scoring {
namespace {

TEST(ItemHistogramTest, CountsMeanAndVarianceOfValues) {
  ItemHistogram h(1, 5, 1);
  for (int v : {1, 2, 2, 3, 5}) h.AddValue(v);
  h.AddCode(0);
  h.AddMissing();
  EXPECT_EQ(h.n(), 5);
  EXPECT_EQ(h.coded(), 1);
  EXPECT_EQ(h.respondents(), 7);
  EXPECT_DOUBLE_EQ(h.Mean(), 13.0 / 5.0);
  // var(c(1,2,2,3,5)) in R = 2.3
  EXPECT_NEAR(h.Variance(), 2.3, 1e-12);
  EXPECT_EQ(h.max_value(), 5);
}

TEST(ItemHistogramTest, ReverseKeyingMirrorsTheMeanAndKeepsTheVariance) {
  ItemHistogram h(0, 4, 0);
  for (int v : {0, 0, 1, 4}) h.AddValue(v);
  EXPECT_DOUBLE_EQ(h.Mean(true), 4.0 - 5.0 / 4.0);
  ItemHistogram r = h.Reversed();
  EXPECT_DOUBLE_EQ(r.Mean(), h.Mean(true));
  EXPECT_DOUBLE_EQ(r.Variance(), h.Variance());
  EXPECT_EQ(r.value_counts, (std::vector<int64_t>{1, 0, 0, 1, 2}));
}

TEST(ItemHistogramTest, EmptyAndSingleAreNaNNotCrashes) {
  ItemHistogram h(1, 5, 1);
  EXPECT_TRUE(std::isnan(h.Mean()));
  EXPECT_TRUE(std::isnan(h.Variance()));
  h.AddValue(3);
  EXPECT_DOUBLE_EQ(h.Mean(), 3.0);
  EXPECT_TRUE(std::isnan(h.Variance()));
}

TEST(ItemHistogramTest, AllEqualHasZeroVarianceExactly) {
  ItemHistogram h(1, 5, 0);
  for (int i = 0; i < 1000; ++i) h.AddValue(4);
  EXPECT_EQ(h.Variance(), 0.0);
}

TEST(ItemHistogramTest, MergeEqualsAddingEverythingToOne) {
  std::mt19937 random(7);
  ItemHistogram all(1, 5, 2), a(1, 5, 2), b(1, 5, 2);
  for (int i = 0; i < 500; ++i) {
    const int kind = static_cast<int>(random() % 8);
    ItemHistogram& part = (i % 3 == 0) ? a : b;
    if (kind < 5) {
      all.AddValue(kind + 1);
      part.AddValue(kind + 1);
    } else if (kind < 7) {
      all.AddCode(static_cast<size_t>(kind - 5));
      part.AddCode(static_cast<size_t>(kind - 5));
    } else {
      all.AddMissing();
      part.AddMissing();
    }
  }
  a.Merge(b);
  EXPECT_EQ(a, all);
}

}  // namespace
}  // namespace tessera::scoring
