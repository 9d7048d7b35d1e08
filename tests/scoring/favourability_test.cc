#include "scoring/favourability.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "instruments/instrument_loader.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

ins::ResponseScale Ordinal(int min, int max) {
  ins::ResponseScale scale;
  scale.id = "s";
  for (int v = min; v <= max; ++v) {
    ins::ScaleValue value;
    value.number = v;
    value.label = "v" + std::to_string(v);
    scale.values.push_back(value);
  }
  return scale;
}

ins::Item ScaleItem(bool reverse) {
  ins::Item item;
  item.id = "X-01";
  item.scale = "s";
  item.dimension = "d";
  item.reverse = reverse;
  return item;
}

// groups.json (tests/data/scoring/summaries/generate.R): raw answers and R's top-two-box split.
class FavourabilityTest : public testing::GroupsFixtureTest {};

TEST(FavourabilityCutTest, TopTwoAndBottomTwoForFiveOrMorePoints) {
  const FavourabilityCut five = *FavourabilityCut::For(Ordinal(1, 5));
  EXPECT_EQ(five.favourable_from, 4);
  EXPECT_EQ(five.unfavourable_to, 2);
  EXPECT_EQ(five.Classify(5), Favourability::kFavourable);
  EXPECT_EQ(five.Classify(4), Favourability::kFavourable);
  EXPECT_EQ(five.Classify(3), Favourability::kNeutral);
  EXPECT_EQ(five.Classify(2), Favourability::kUnfavourable);
  EXPECT_EQ(five.Classify(1), Favourability::kUnfavourable);

  const FavourabilityCut zero_based = *FavourabilityCut::For(Ordinal(0, 4));  // maturity5
  EXPECT_EQ(zero_based.favourable_from, 3);
  EXPECT_EQ(zero_based.unfavourable_to, 1);
  EXPECT_EQ(zero_based.Classify(2), Favourability::kNeutral);

  const FavourabilityCut seven = *FavourabilityCut::For(Ordinal(1, 7));
  EXPECT_EQ(seven.favourable_from, 6);
  EXPECT_EQ(seven.unfavourable_to, 2);
  for (int v : {3, 4, 5}) EXPECT_EQ(seven.Classify(v), Favourability::kNeutral) << v;
}

TEST(FavourabilityCutTest, FourPointsHaveNoMiddleAndThreeOrTwoPointsUseOneBox) {
  const FavourabilityCut four = *FavourabilityCut::For(Ordinal(1, 4));
  EXPECT_EQ(four.Classify(3), Favourability::kFavourable);
  EXPECT_EQ(four.Classify(2), Favourability::kUnfavourable);

  const FavourabilityCut three = *FavourabilityCut::For(Ordinal(1, 3));
  EXPECT_EQ(three.Classify(3), Favourability::kFavourable);
  EXPECT_EQ(three.Classify(2), Favourability::kNeutral);
  EXPECT_EQ(three.Classify(1), Favourability::kUnfavourable);

  const FavourabilityCut two = *FavourabilityCut::For(Ordinal(0, 1));
  EXPECT_EQ(two.Classify(1), Favourability::kFavourable);
  EXPECT_EQ(two.Classify(0), Favourability::kUnfavourable);

  const FavourabilityCut one = *FavourabilityCut::For(Ordinal(3, 3));
  EXPECT_EQ(one.Classify(3), Favourability::kNeutral);
}

TEST(FavourabilityCutTest, UsesTheScalesValuesWhenTheyAreNotContiguous) {
  ins::ResponseScale gappy = Ordinal(1, 5);
  gappy.values.erase(gappy.values.begin() + 3);  // 1, 2, 3, 5
  const FavourabilityCut cut = *FavourabilityCut::For(gappy);
  EXPECT_EQ(cut.favourable_from, 3);
  EXPECT_EQ(cut.unfavourable_to, 2);
}

TEST(FavourabilityCutTest, RejectsANominalScale) {
  ins::ResponseScale nominal = Ordinal(1, 3);
  nominal.kind = ins::ScaleKind::kNominal;
  EXPECT_EQ(FavourabilityCut::For(nominal).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(FavourabilityCut::For(ins::ResponseScale{}).ok());
}

TEST(ItemFavourabilityTest, ReverseKeyedAnswersAreRecodedBeforeTheSplit) {
  const ins::ResponseScale scale = Ordinal(1, 5);
  ItemHistogram histogram(1, 5, 0);
  histogram.value_counts = {6, 1, 2, 0, 1};  // mostly "strongly disagree" with a negative item
  const ItemFavourability plain = *FavourabilityOfItem(ScaleItem(false), scale, histogram);
  EXPECT_EQ(plain.counts.favourable, 1);
  EXPECT_EQ(plain.counts.unfavourable, 7);
  const ItemFavourability reverse = *FavourabilityOfItem(ScaleItem(true), scale, histogram);
  EXPECT_EQ(reverse.counts.favourable, 7);
  EXPECT_EQ(reverse.counts.neutral, 2);
  EXPECT_EQ(reverse.counts.unfavourable, 1);
  EXPECT_DOUBLE_EQ(reverse.counts.FavourableShare(), 0.7);
  EXPECT_DOUBLE_EQ(reverse.mean, 6.0 - (6 + 2 + 6 + 5) / 10.0);
  EXPECT_DOUBLE_EQ(reverse.sd, plain.sd);
  // The distribution keeps what people ticked, each value marked with how it counts.
  ASSERT_EQ(reverse.distribution.size(), 5u);
  EXPECT_EQ(reverse.distribution[0].value, 1);
  EXPECT_EQ(reverse.distribution[0].count, 6);
  EXPECT_EQ(reverse.distribution[0].counts_as, Favourability::kFavourable);
  EXPECT_EQ(reverse.distribution[4].counts_as, Favourability::kUnfavourable);
  EXPECT_EQ(reverse.ToJson()["distribution"][0]["counts_as"], "favourable");
}

TEST(ItemFavourabilityTest, CodesAndUnansweredAreOutsideTheShares) {
  ins::ResponseScale scale = Ordinal(1, 5);
  scale.codes.push_back({"dk", "Don't know", ins::CodeMeaning::kDontKnow});
  ItemHistogram histogram(1, 5, 1);
  histogram.value_counts = {0, 0, 1, 2, 1};
  histogram.code_counts = {5};
  histogram.missing = 3;
  const ItemFavourability f = *FavourabilityOfItem(ScaleItem(false), scale, histogram);
  EXPECT_EQ(f.counts.n(), 4);
  EXPECT_DOUBLE_EQ(f.counts.FavourableShare(), 0.75);
  EXPECT_DOUBLE_EQ(f.counts.NeutralShare(), 0.25);
  EXPECT_DOUBLE_EQ(f.counts.UnfavourableShare(), 0.0);
  EXPECT_EQ(f.coded, 5);
  EXPECT_EQ(f.missing, 3);
}

TEST(ItemFavourabilityTest, NoAnswersGiveUndefinedSharesAsNull) {
  ins::ResponseScale scale = Ordinal(1, 5);
  scale.codes.push_back({"dk", "Don't know", ins::CodeMeaning::kDontKnow});
  ItemHistogram histogram(1, 5, 1);
  histogram.code_counts = {4};  // "don't know" everywhere
  const ItemFavourability f = *FavourabilityOfItem(ScaleItem(false), scale, histogram);
  EXPECT_EQ(f.counts.n(), 0);
  EXPECT_TRUE(std::isnan(f.counts.FavourableShare()));
  EXPECT_TRUE(std::isnan(f.mean));
  const nlohmann::json json = f.ToJson();
  EXPECT_TRUE(json["counts"]["favourable_share"].is_null());
  EXPECT_TRUE(json["mean"].is_null());
  EXPECT_TRUE(json["sd"].is_null());
  EXPECT_EQ(json["counts"]["n"], 0);
}

TEST(ItemFavourabilityTest, AllAnswersEqualHaveNoSpread) {
  const ins::ResponseScale scale = Ordinal(1, 5);
  ItemHistogram histogram(1, 5, 0);
  histogram.value_counts = {0, 0, 9, 0, 0};
  const ItemFavourability f = *FavourabilityOfItem(ScaleItem(false), scale, histogram);
  EXPECT_DOUBLE_EQ(f.counts.NeutralShare(), 1.0);
  EXPECT_EQ(f.sd, 0.0);
  EXPECT_EQ(f.mean, 3.0);
}

TEST(ItemFavourabilityTest, RejectsAHistogramOfAnotherShape) {
  const ins::ResponseScale scale = Ordinal(1, 5);
  EXPECT_FALSE(FavourabilityOfItem(ScaleItem(false), scale, ItemHistogram(0, 4, 0)).ok());
  EXPECT_FALSE(FavourabilityOfItem(ScaleItem(false), scale, ItemHistogram(1, 5, 1)).ok());
}

TEST_F(FavourabilityTest, ItemsAndPooledScalesMatchR) {
  ASSERT_NE(loaded_, nullptr);
  int items_checked = 0;
  for (const auto& [group, dimensions] : (*fixture_)["expected"].items()) {
    for (const auto& [dimension_id, expected] : dimensions.items()) {
      SCOPED_TRACE(group + " / " + dimension_id);
      Result<ScaleFavourability> scale = FavourabilityOfScale(
          instrument(), *instrument().FindDimension(dimension_id), Histograms(dimension_id, group));
      ASSERT_TRUE(scale.ok()) << scale.status().ToString();
      const nlohmann::json& pooled = expected["favourability"];
      EXPECT_EQ(scale->counts.n(), pooled["n"].get<int64_t>());
      EXPECT_EQ(scale->counts.favourable, pooled["favourable"].get<int64_t>());
      EXPECT_EQ(scale->counts.neutral, pooled["neutral"].get<int64_t>());
      EXPECT_EQ(scale->counts.unfavourable, pooled["unfavourable"].get<int64_t>());
      EXPECT_NEAR(scale->counts.FavourableShare(), pooled["favourable_share"].get<double>(), 1e-12);
      EXPECT_NEAR(scale->counts.NeutralShare(), pooled["neutral_share"].get<double>(), 1e-12);
      EXPECT_NEAR(scale->counts.UnfavourableShare(), pooled["unfavourable_share"].get<double>(),
                  1e-12);
      EXPECT_NEAR(scale->mean, pooled["mean"].get<double>(), 1e-9);
      EXPECT_NEAR(scale->sd, pooled["sd"].get<double>(), 1e-9);
      ASSERT_EQ(scale->distribution.size(), 5u);
      for (size_t v = 0; v < 5; ++v) {
        EXPECT_EQ(scale->distribution[v].count, pooled["distribution"][v].get<int64_t>()) << v;
      }
      for (const ItemFavourability& item : scale->items) {
        SCOPED_TRACE(item.item);
        const nlohmann::json& e = expected["items"][item.item];
        EXPECT_EQ(item.counts.favourable, e["favourable"].get<int64_t>());
        EXPECT_EQ(item.counts.neutral, e["neutral"].get<int64_t>());
        EXPECT_EQ(item.counts.unfavourable, e["unfavourable"].get<int64_t>());
        EXPECT_NEAR(item.counts.FavourableShare(), e["favourable_share"].get<double>(), 1e-12);
        EXPECT_NEAR(item.counts.UnfavourableShare(), e["unfavourable_share"].get<double>(), 1e-12);
        EXPECT_NEAR(item.mean, e["mean"].get<double>(), 1e-9);
        EXPECT_NEAR(item.sd, e["sd"].get<double>(), 1e-9);
        EXPECT_EQ(item.coded, e["dk"].get<int64_t>());
        ++items_checked;
      }
    }
  }
  EXPECT_EQ(items_checked, 4 * 8) << "4 groups x (3 + 5) items";
}

TEST_F(FavourabilityTest, PooledDistributionIsRecodedAndLabelledWithTheScale) {
  const ins::Dimension& risk = *instrument().FindDimension("risk-taking");
  std::vector<ItemHistogram> histograms = Histograms("risk-taking", "none");  // all empty
  for (auto& histogram : histograms) histogram.AddValue(1);  // RSK-04 (reverse) 1 counts as 5
  const ScaleFavourability s = *FavourabilityOfScale(instrument(), risk, histograms);
  EXPECT_EQ(s.distribution[0].count, 2);
  EXPECT_EQ(s.distribution[4].count, 1);
  EXPECT_EQ(s.distribution[4].label, "Strongly agree");
  EXPECT_EQ(s.distribution[4].counts_as, Favourability::kFavourable);
  EXPECT_EQ(s.counts.favourable, 1);
  EXPECT_EQ(s.counts.unfavourable, 2);
  EXPECT_NEAR(s.mean, 7.0 / 3.0, 1e-12);
  const nlohmann::json json = s.ToJson();
  EXPECT_EQ(json["dimension"], "risk-taking");
  EXPECT_EQ(json["items"].size(), 3u);
  EXPECT_EQ(json["counts"]["n"], 3);
  EXPECT_TRUE(json["provenance"].is_null());
}

TEST_F(FavourabilityTest, AScaleWithoutAnswersHasNullFigures) {
  const ins::Dimension& risk = *instrument().FindDimension("risk-taking");
  const ScaleFavourability s =
      *FavourabilityOfScale(instrument(), risk, Histograms("risk-taking", "none"));
  EXPECT_EQ(s.counts.n(), 0);
  const nlohmann::json json = s.ToJson();
  EXPECT_TRUE(json["mean"].is_null());
  EXPECT_TRUE(json["counts"]["unfavourable_share"].is_null());
}

TEST_F(FavourabilityTest, RejectsTheWrongNumberOfHistograms) {
  const ins::Dimension& risk = *instrument().FindDimension("risk-taking");
  std::vector<ItemHistogram> histograms = Histograms("outreach-support", "all");
  EXPECT_EQ(FavourabilityOfScale(instrument(), risk, histograms).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera::scoring
