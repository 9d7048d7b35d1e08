#include "scoring/agreement.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "instruments/instrument_loader.h"
#include "scoring/respondent_scores.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;
using testing::MomentsOf;

// groups.json (tests/data/scoring/summaries/generate.R): raw answers of three rater groups and
// r_wg(j) computed in base R.
class AgreementTest : public testing::GroupsFixtureTest {
 protected:
  // Histograms of the risk-taking items with the given value counts (1..5) for every item.
  static std::vector<ItemHistogram> Same(std::vector<int64_t> counts) {
    std::vector<ItemHistogram> histograms(3, ItemHistogram(1, 5, 1));
    for (auto& histogram : histograms) histogram.value_counts = counts;
    return histograms;
  }
};

TEST_F(AgreementTest, RwgJMatchesBaseRForEveryGroup) {
  ASSERT_NE(loaded_, nullptr);
  int checked = 0;
  int truncated = 0;
  for (const auto& [group, dimensions] : (*fixture_)["expected"].items()) {
    for (const auto& [dimension_id, expected] : dimensions.items()) {
      SCOPED_TRACE(group + " / " + dimension_id);
      Result<DomainAgreement> a = WithinGroupAgreement(
          instrument(), dimension(dimension_id.c_str()), Histograms(dimension_id, group));
      ASSERT_TRUE(a.ok()) << a.status().ToString();
      const nlohmann::json& e = expected["agreement"];
      EXPECT_EQ(a->options, 5);
      EXPECT_DOUBLE_EQ(a->null_variance, 2.0);
      EXPECT_EQ(a->items, e["items"].get<int>());
      EXPECT_NEAR(a->mean_item_variance, e["mean_item_variance"].get<double>(), 1e-9);
      EXPECT_NEAR(a->rwg_j, e["rwg_j"].get<double>(), 1e-9);
      EXPECT_EQ(a->truncated, e["truncated"].get<bool>());
      truncated += a->truncated ? 1 : 0;
      for (const ItemAgreement& item : a->item_agreement) {
        EXPECT_NEAR(item.variance, expected["items"][item.item]["variance"].get<double>(), 1e-9);
        EXPECT_NEAR(item.rwg, expected["items"][item.item]["rwg"].get<double>(), 1e-9);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8);
  EXPECT_EQ(truncated, 2) << "the polarised group disagrees more than random answers would";
}

TEST_F(AgreementTest, PerfectAgreementIsOne) {
  Result<DomainAgreement> a =
      WithinGroupAgreement(instrument(), dimension("risk-taking"), Same({0, 0, 0, 7, 0}));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->mean_item_variance, 0.0);
  EXPECT_EQ(a->rwg_j, 1.0);
  EXPECT_FALSE(a->truncated);
  EXPECT_EQ(a->item_agreement[0].rwg, 1.0);
}

TEST_F(AgreementTest, FollowsTheSpearmanBrownFormOfJamesDemareeAndWolf) {
  // Answers 2, 2, 4, 4 on each item: variance 4/3, ratio 2/3, J = 3:
  // 3 (1/3) / (3 (1/3) + 2/3) = 0.6; single items 1 - 2/3 = 1/3.
  Result<DomainAgreement> a =
      WithinGroupAgreement(instrument(), dimension("risk-taking"), Same({0, 2, 0, 2, 0}));
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->mean_item_variance, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(a->rwg_j, 0.6, 1e-12);
  EXPECT_NEAR(a->item_agreement[1].rwg, 1.0 / 3.0, 1e-12);
}

TEST_F(AgreementTest, VarianceExactlyAtTheNullGivesZeroWithoutTruncation) {
  // Answers 1 and 3 (one each): variance 2, exactly sigma_EU^2 for five options.
  Result<DomainAgreement> a =
      WithinGroupAgreement(instrument(), dimension("risk-taking"), Same({1, 0, 1, 0, 0}));
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(a->mean_item_variance, 2.0);
  EXPECT_EQ(a->rwg_j, 0.0);
  EXPECT_FALSE(a->truncated);
}

TEST_F(AgreementTest, MoreVarianceThanRandomAnsweringIsTruncatedToZero) {
  Result<DomainAgreement> a =
      WithinGroupAgreement(instrument(), dimension("risk-taking"), Same({3, 0, 0, 0, 3}));
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->mean_item_variance, 24.0 / 5.0, 1e-12);  // three 1s, three 5s: 6 x 4 / 5
  EXPECT_EQ(a->rwg_j, 0.0);
  EXPECT_TRUE(a->truncated);
  EXPECT_EQ(a->item_agreement[0].rwg, 0.0);
}

TEST_F(AgreementTest, ItemsWithFewerThanTwoRatersAreLeftOut) {
  std::vector<ItemHistogram> histograms = Same({0, 0, 2, 0, 0});
  histograms[0].value_counts = {0, 0, 0, 1, 0};  // one rater
  histograms[1].value_counts = {0, 2, 0, 0, 0};  // variance 0
  histograms[2].value_counts = {0, 1, 0, 1, 0};  // variance 2
  Result<DomainAgreement> a =
      WithinGroupAgreement(instrument(), dimension("risk-taking"), histograms);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->items, 2);
  EXPECT_DOUBLE_EQ(a->mean_item_variance, 1.0);
  EXPECT_NEAR(a->rwg_j, 2 * 0.5 / (2 * 0.5 + 0.5), 1e-12);
  EXPECT_TRUE(std::isnan(a->item_agreement[0].rwg));
  EXPECT_TRUE(a->ToJson()["item_agreement"][0]["rwg"].is_null());

  Result<DomainAgreement> none =
      WithinGroupAgreement(instrument(), dimension("risk-taking"), Same({0, 0, 1, 0, 0}));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->items, 0);
  EXPECT_TRUE(std::isnan(none->rwg_j));
  EXPECT_TRUE(none->ToJson()["rwg_j"].is_null());
}

TEST_F(AgreementTest, RejectsHistogramsOfTheWrongShape) {
  std::vector<ItemHistogram> histograms = Same({1, 1, 1, 1, 1});
  histograms.push_back(histograms.back());
  EXPECT_EQ(
      WithinGroupAgreement(instrument(), dimension("risk-taking"), histograms).status().code(),
      StatusCode::kInvalidArgument);
}

TEST_F(AgreementTest, PerspectiveGapBetweenRaterGroupsMatchesR) {
  for (const char* dimension_id : {"risk-taking", "outreach-support"}) {
    SCOPED_TRACE(dimension_id);
    const nlohmann::json& e = (*fixture_)["gaps"][dimension_id];
    const std::vector<GroupMoments> groups = {{"frontline", Moments(dimension_id, "frontline")},
                                              {"managers", Moments(dimension_id, "managers")},
                                              {"polarised", Moments(dimension_id, "polarised")}};
    Result<PerspectiveGap> gap = PerspectiveGapOf(instrument().scoring, dimension_id, groups);
    ASSERT_TRUE(gap.ok()) << gap.status().ToString();
    ASSERT_EQ(gap->groups.size(), 3u);
    ASSERT_EQ(gap->differences.size(), 3u);  // f-m, f-p, m-p
    EXPECT_EQ(gap->differences[0].first, "frontline");
    EXPECT_EQ(gap->differences[0].second, "managers");
    EXPECT_NEAR(gap->differences[0].raw, e["frontline_minus_managers"].get<double>(), 1e-9);
    EXPECT_NEAR(gap->differences[0].index, e["frontline_minus_managers_index"].get<double>(), 1e-9);
    ASSERT_TRUE(gap->largest.has_value());
    EXPECT_EQ(gap->largest->first, e["largest_high"]);
    EXPECT_EQ(gap->largest->second, e["largest_low"]);
    EXPECT_NEAR(gap->largest->index, e["largest_index"].get<double>(), 1e-9);
    EXPECT_GT(gap->largest->index, 15.0);
    EXPECT_TRUE(gap->flagged);
    EXPECT_EQ(gap->threshold, kDefaultGapThreshold);
    // Raising the threshold above the gap clears the flag, nothing else.
    Result<PerspectiveGap> relaxed =
        PerspectiveGapOf(instrument().scoring, dimension_id, groups, 25.0);
    ASSERT_TRUE(relaxed.ok());
    EXPECT_FALSE(relaxed->flagged);
    EXPECT_EQ(relaxed->largest->index, gap->largest->index);
  }
}

TEST_F(AgreementTest, AGapExactlyAtTheThresholdIsNotFlagged) {
  // Means 2 and 3 on 1..5: exactly 25 index points apart.
  const std::vector<GroupMoments> groups = {{"board", MomentsOf({2.0, 2.0})},
                                            {"partners", MomentsOf({3.0, 3.0, 3.0})}};
  Result<PerspectiveGap> at = PerspectiveGapOf(instrument().scoring, "partnership", groups, 25.0);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->largest->index, 25.0);
  EXPECT_EQ(at->largest->raw, 1.0);
  EXPECT_EQ(at->largest->first, "partners");
  EXPECT_EQ(at->largest->second, "board");
  EXPECT_FALSE(at->flagged) << "flagged only when the gap exceeds the threshold";
  EXPECT_EQ(at->differences[0].raw, -1.0) << "board minus partners";
  EXPECT_TRUE(PerspectiveGapOf(instrument().scoring, "partnership", groups, 24.999)->flagged);
}

TEST_F(AgreementTest, GroupsWithoutScoresAreListedApartAndOneGroupHasNoGap) {
  const std::vector<GroupMoments> groups = {{"board", MomentsOf({4.0})},
                                            {"volunteers", ScoreMoments{}}};
  Result<PerspectiveGap> gap = PerspectiveGapOf(instrument().scoring, "change", groups);
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(gap->groups.size(), 1u);
  EXPECT_EQ(gap->without_score, std::vector<std::string>{"volunteers"});
  EXPECT_TRUE(gap->differences.empty());
  EXPECT_FALSE(gap->largest.has_value());
  EXPECT_FALSE(gap->flagged);
  const nlohmann::json json = gap->ToJson();
  EXPECT_TRUE(json["largest"].is_null());
  EXPECT_EQ(json["groups"][0]["index"], 75.0);
  EXPECT_EQ(json["without_score"][0], "volunteers");

  Result<PerspectiveGap> empty = PerspectiveGapOf(instrument().scoring, "change", {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->groups.empty());
}

TEST_F(AgreementTest, EqualMeansGiveAZeroGapAndTiesKeepTheFirstGroup) {
  const std::vector<GroupMoments> groups = {{"a", MomentsOf({3.0})}, {"b", MomentsOf({3.0})}};
  Result<PerspectiveGap> gap = PerspectiveGapOf(instrument().scoring, "change", groups);
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(gap->largest->index, 0.0);
  EXPECT_EQ(gap->largest->first, "a");
  EXPECT_EQ(gap->largest->second, "b") << "two different groups even when all are equal";
  EXPECT_FALSE(gap->flagged);

  const std::vector<GroupMoments> three = {
      {"a", MomentsOf({3.0})}, {"b", MomentsOf({4.0})}, {"c", MomentsOf({4.0})}};
  Result<PerspectiveGap> tied = PerspectiveGapOf(instrument().scoring, "change", three);
  ASSERT_TRUE(tied.ok());
  EXPECT_EQ(tied->largest->first, "b");
  EXPECT_EQ(tied->largest->second, "a");
  EXPECT_EQ(tied->largest->index, 25.0);
}

TEST_F(AgreementTest, PerspectiveGapRejectsBadInput) {
  const std::vector<GroupMoments> twice = {{"a", MomentsOf({3.0})}, {"a", MomentsOf({4.0})}};
  EXPECT_FALSE(PerspectiveGapOf(instrument().scoring, "change", twice).ok());
  const std::vector<GroupMoments> fine = {{"a", MomentsOf({3.0})}};
  EXPECT_FALSE(PerspectiveGapOf(instrument().scoring, "change", fine, -1.0).ok());
  EXPECT_FALSE(PerspectiveGapOf(instrument().scoring, "change", fine, std::nan("")).ok());
  const std::vector<GroupMoments> outside = {{"a", MomentsOf({7.0})}};
  EXPECT_FALSE(PerspectiveGapOf(instrument().scoring, "change", outside).ok());
  ScoreMoments negative;
  negative.n = -1;
  const std::vector<GroupMoments> bad = {{"a", negative}};
  EXPECT_FALSE(PerspectiveGapOf(instrument().scoring, "change", bad).ok());
}

TEST_F(AgreementTest, PerspectiveGapsCoverEveryDimensionInOrder) {
  const size_t count = instrument().dimensions.size();
  GroupDimensionMoments board{"board", std::vector<ScoreMoments>(count)};
  GroupDimensionMoments partners{"partners", std::vector<ScoreMoments>(count)};
  board.dimensions[0] = MomentsOf({2.0, 2.5});
  partners.dimensions[0] = MomentsOf({4.0});
  const std::vector<GroupDimensionMoments> groups = {board, partners};
  Result<std::vector<PerspectiveGap>> gaps = PerspectiveGaps(instrument(), groups);
  ASSERT_TRUE(gaps.ok()) << gaps.status().ToString();
  ASSERT_EQ(gaps->size(), count);
  EXPECT_EQ((*gaps)[0].dimension, instrument().dimensions[0].id);
  EXPECT_NEAR((*gaps)[0].largest->index, 43.75, 1e-12);
  EXPECT_TRUE((*gaps)[0].flagged);
  EXPECT_FALSE((*gaps)[1].largest.has_value());
  EXPECT_EQ((*gaps)[1].without_score.size(), 2u);

  partners.dimensions.pop_back();
  const std::vector<GroupDimensionMoments> short_group = {board, partners};
  EXPECT_FALSE(PerspectiveGaps(instrument(), short_group).ok());
}

}  // namespace
}  // namespace tessera::scoring
