// The threshold for one figure, tested as attacks on a single group and a single item.
#include "scoring/anonymity.h"

#include <gtest/gtest.h>

#include <vector>

namespace tessera::scoring {
namespace {

TEST(ThresholdTest, KMustBeAtLeastThree) {
  EXPECT_TRUE(ValidateThreshold(3).ok());
  EXPECT_TRUE(ValidateThreshold(kDefaultAnonymityThreshold).ok());
  const Status two = ValidateThreshold(2);
  EXPECT_EQ(two.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(two.message().find("at least 3"), std::string::npos);
  EXPECT_EQ(ValidateThreshold(0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateThreshold(-5).code(), StatusCode::kInvalidArgument);
}

TEST(ThresholdTest, AWrongKIsRaisedToTheMinimumNeverLowered) {
  EXPECT_EQ(EffectiveThreshold(1), 3);
  EXPECT_EQ(EffectiveThreshold(-7), 3);
  EXPECT_EQ(EffectiveThreshold(3), 3);
  EXPECT_EQ(EffectiveThreshold(12), 12);
}

TEST(GroupVisibilityTest, ShownFromExactlyK) {
  EXPECT_EQ(GroupVisibility(5, 5), Visibility::kShown);
  EXPECT_EQ(GroupVisibility(500, 5), Visibility::kShown);
  EXPECT_EQ(GroupVisibility(4, 5), Visibility::kBelowThreshold);
  EXPECT_EQ(GroupVisibility(1, 5), Visibility::kBelowThreshold);
}

TEST(GroupVisibilityTest, NoRespondentsIsNoDataAndNotShown) {
  EXPECT_EQ(GroupVisibility(0, 5), Visibility::kNoData);
  EXPECT_EQ(GroupVisibility(-1, 5), Visibility::kNoData);
}

TEST(GroupVisibilityTest, AGroupOfTwoIsNotShownEvenWithKSetToOne) {
  // Attack: a campaign record with a corrupted k of 1 must not show one person's result.
  EXPECT_EQ(GroupVisibility(1, 1), Visibility::kBelowThreshold);
  EXPECT_EQ(GroupVisibility(2, 1), Visibility::kBelowThreshold);
  EXPECT_EQ(GroupVisibility(3, 1), Visibility::kShown);
}

TEST(FigureVisibilityTest, AnItemAnsweredByTwoOfTenIsWithheld) {
  // Attack: the group of 10 is shown, but an item's mean over the 2 who answered it is the
  // average of two people's answers.
  EXPECT_EQ(FigureVisibility(10, 2, 5), Visibility::kBelowThreshold);
  EXPECT_EQ(FigureVisibility(10, 4, 5), Visibility::kBelowThreshold);
  EXPECT_EQ(FigureVisibility(10, 5, 5), Visibility::kShown);
  EXPECT_EQ(FigureVisibility(10, 0, 5), Visibility::kNoData);
}

TEST(FigureVisibilityTest, AnItemIsNeverShownForAGroupThatIsNot) {
  EXPECT_EQ(FigureVisibility(4, 4, 5), Visibility::kBelowThreshold);
  EXPECT_EQ(FigureVisibility(0, 0, 5), Visibility::kNoData);
  // An answering count larger than the group (a caller's mistake) cannot lift it.
  EXPECT_EQ(FigureVisibility(4, 40, 5), Visibility::kBelowThreshold);
  EXPECT_EQ(FigureVisibility(6, 40, 5), Visibility::kShown);
}

TEST(RevealsEveryAnswerTest, OneOptionChosenByEveryoneIsFlagged) {
  EXPECT_TRUE(RevealsEveryAnswer(std::vector<int64_t>{0, 0, 0, 7, 0}));
  EXPECT_TRUE(RevealsEveryAnswer(std::vector<int64_t>{5}));
  EXPECT_FALSE(RevealsEveryAnswer(std::vector<int64_t>{0, 1, 0, 6, 0}));
  EXPECT_FALSE(RevealsEveryAnswer(std::vector<int64_t>{0, 0, 0}));
  EXPECT_FALSE(RevealsEveryAnswer(std::vector<int64_t>{}));
}

TEST(VisibilityTest, HasStableNames) {
  EXPECT_EQ(ToString(Visibility::kShown), "shown");
  EXPECT_EQ(ToString(Visibility::kNoData), "no_data");
  EXPECT_EQ(ToString(Visibility::kBelowThreshold), "below_threshold");
}

}  // namespace
}  // namespace tessera::scoring
