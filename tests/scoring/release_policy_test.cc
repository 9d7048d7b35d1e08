// When results may be shown, tested as attacks over time: looking at an open campaign before
// and after one more response, and adding responses to a closed campaign.
#include "scoring/release_policy.h"

#include <gtest/gtest.h>

#include <vector>

#include "scoring/suppression.h"

namespace tessera::scoring {
namespace {

using P = CampaignPhase;

TEST(DecideReleaseTest, NothingUnderK) {
  for (P phase : {P::kDraft, P::kOpen, P::kClosed}) {
    const ReleaseDecision d = DecideRelease(phase, 4, 5);
    EXPECT_FALSE(d.response_count) << ToString(phase);
    EXPECT_FALSE(d.results) << ToString(phase);
    EXPECT_NE(d.reason.find("fewer than 5"), std::string::npos);
    EXPECT_FALSE(DecideRelease(phase, 0, 5).response_count);
  }
}

TEST(DecideReleaseTest, AClosedCampaignWithKResponsesShowsResults) {
  const ReleaseDecision d = DecideRelease(P::kClosed, 5, 5);
  EXPECT_TRUE(d.response_count);
  EXPECT_TRUE(d.results);
  EXPECT_TRUE(d.reason.empty());
}

TEST(DecideReleaseTest, AnOpenCampaignShowsOnlyItsResponseCount) {
  const ReleaseDecision d = DecideRelease(P::kOpen, 250, 5);
  EXPECT_TRUE(d.response_count);
  EXPECT_FALSE(d.results);
  EXPECT_NE(d.reason.find("closes"), std::string::npos);
  EXPECT_FALSE(DecideRelease(P::kDraft, 250, 5).results);
}

TEST(DecideReleaseAttackTest, LookingBeforeAndAfterTheTenthResponseShowsNoResults) {
  // Attack: a manager looks at n = 9 and again at n = 10, when they know who has just
  // answered. Neither look shows any result to subtract.
  for (int64_t n = 0; n <= 40; ++n) {
    EXPECT_FALSE(DecideRelease(P::kOpen, n, 5).results) << n;
  }
}

TEST(DecideReleaseAttackTest, SnapshotsInStepsOfKWouldNotHaveBeenSafe) {
  // Why option (a) was not chosen: snapshots at 10 and 15 responses differ by 5 = k overall,
  // but the five newcomers were 4 in team B and 1 in team A, and both snapshots show team A.
  const std::vector<BreakdownCell> at_10 = {{5}, {5}};
  const std::vector<BreakdownCell> at_15 = {{6}, {9}};
  const BreakdownSuppression first = SuppressBreakdown(at_10, 5);
  const BreakdownSuppression second = SuppressBreakdown(at_15, 5);
  ASSERT_TRUE(IsShown(first.cells[0]) && IsShown(second.cells[0]));
  EXPECT_EQ(at_15[0].n - at_10[0].n, 1);  // team A's two figures differ by one person
  // The policy chosen shows neither snapshot.
  EXPECT_FALSE(DecideRelease(P::kOpen, 10, 5).results);
  EXPECT_FALSE(DecideRelease(P::kOpen, 15, 5).results);
}

TEST(DecideReleaseTest, AThresholdUnderTheMinimumIsRaised) {
  EXPECT_FALSE(DecideRelease(P::kClosed, 2, 1).results);
  EXPECT_TRUE(DecideRelease(P::kClosed, 3, 1).results);
}

TEST(CheckResponsesMayChangeTest, OpenAndDraftCampaignsTakeResponses) {
  EXPECT_TRUE(CheckResponsesMayChange(P::kDraft).ok());
  EXPECT_TRUE(CheckResponsesMayChange(P::kOpen).ok());
}

TEST(CheckResponsesMayChangeAttackTest, ImportsIntoAClosedCampaignAreRefused) {
  // Attack: after results are released, an administrator imports 5 paper responses (k = 5),
  // 4 into team B and 1 into team A. Overall the change is k, but team A's released figures and
  // its new ones would differ by one person. "At least k" is therefore not enough, and any
  // change to a closed campaign is refused.
  const std::vector<BreakdownCell> released = {{8}, {12}};
  const std::vector<BreakdownCell> after_import = {{9}, {16}};
  ASSERT_TRUE(IsShown(SuppressBreakdown(released, 5).cells[0]));
  ASSERT_TRUE(IsShown(SuppressBreakdown(after_import, 5).cells[0]));
  const Status status = CheckResponsesMayChange(P::kClosed);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("new campaign"), std::string::npos);
}

TEST(CampaignPhaseTest, HasTheEngineStateNames) {
  EXPECT_EQ(ToString(P::kDraft), "draft");
  EXPECT_EQ(ToString(P::kOpen), "open");
  EXPECT_EQ(ToString(P::kClosed), "closed");
}

}  // namespace
}  // namespace tessera::scoring
