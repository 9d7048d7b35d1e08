// BurstDetector: near-identical responses into one group within the window are flagged; anything
// less alike, spread out, or in different groups is not; its memory stays bounded.
#include "engine/burst_detector.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tessera::engine {
namespace {

using Clock = BurstDetector::Clock;
using std::chrono::minutes;

// Ten answered items; `changed` of them differ from the base answers.
nlohmann::json Answers(int changed, const std::string& team = "youth") {
  nlohmann::json answers = {{"team", team}};
  for (int i = 1; i <= 9; ++i) answers["Q" + std::to_string(i)] = i <= changed ? 1 : 4;
  return answers;
}

nlohmann::json Team(const std::string& team) { return {{"team", team}}; }

TEST(BurstDetectorTest, AgreementIsTheShareOfItemsAnsweredInEitherThatMatch) {
  EXPECT_DOUBLE_EQ(AnswerAgreement(Answers(0), Answers(0)), 1.0);
  EXPECT_DOUBLE_EQ(AnswerAgreement(Answers(0), Answers(1)), 0.9);
  EXPECT_DOUBLE_EQ(AnswerAgreement(Answers(0), Answers(2)), 0.8);
  nlohmann::json fewer = Answers(0);
  fewer.erase("Q9");
  fewer["Q8"] = nullptr;  // unanswered
  EXPECT_DOUBLE_EQ(AnswerAgreement(Answers(0), fewer), 0.8) << "8 of the 10 answered in either";
  EXPECT_DOUBLE_EQ(AnswerAgreement(nlohmann::json::object(), nlohmann::json::object()), 0.0);
  EXPECT_DOUBLE_EQ(AnswerAgreement({{"T", ""}, {"M", nlohmann::json::array()}}, {{"T", ""}}), 0.0);
}

TEST(BurstDetectorTest, TheQuickTestAgreesWithTheShareOfAgreement) {
  // Every pair of 0..10 changed items, with and without an item missing or added.
  for (int x = 0; x <= 9; ++x) {
    for (int y = 0; y <= 9; ++y) {
      for (int shape = 0; shape < 3; ++shape) {
        nlohmann::json a = Answers(x);
        nlohmann::json b = Answers(y, y % 2 == 0 ? "youth" : "family");
        if (shape == 1) b.erase("Q9");
        if (shape == 2) b["EXTRA"] = 2;
        const auto fa = AnswerFingerprint::Of(a);
        const auto fb = AnswerFingerprint::Of(b);
        for (double threshold : {0.5, 0.8, 0.9, 1.0}) {
          EXPECT_EQ(AgreeAtLeast(fa, fb, threshold), Agreement(fa, fb) >= threshold - 1e-9)
              << x << " " << y << " " << shape << " " << threshold;
        }
      }
    }
  }
}

TEST(BurstDetectorTest, ThreeNearIdenticalResponsesIntoOneTeamAreFlagged) {
  BurstDetector detector;
  const auto now = Clock::now();
  EXPECT_TRUE(detector.Observe(7, Team("youth"), Answers(0), "2026-03-04", now).empty());
  EXPECT_TRUE(detector.Observe(7, Team("youth"), Answers(1), "2026-03-04", now).empty());
  auto flags = detector.Observe(7, Team("youth"), Answers(0), "2026-03-04", now + minutes(3));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].campaign_id, 7);
  EXPECT_EQ(flags[0].grouping, "team");
  EXPECT_EQ(flags[0].group, "youth");
  EXPECT_EQ(flags[0].day, "2026-03-04");
  EXPECT_EQ(flags[0].responses, 3);
  flags = detector.Observe(7, Team("youth"), Answers(0), "2026-03-04", now + minutes(4));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].responses, 4);
}

TEST(BurstDetectorTest, AFloodIsReportedOnlyAsItGrowsAndAgainOnANewDay) {
  BurstOptions options;
  options.max_per_group = 5;
  BurstDetector detector(options);
  const auto now = Clock::now();
  std::vector<int64_t> reported;
  for (int i = 0; i < 40; ++i) {
    for (const BurstFlag& flag :
         detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now)) {
      reported.push_back(flag.responses);
    }
  }
  // 3, 4, 5 and 6 (five remembered plus the new one); then nothing more that day.
  EXPECT_EQ(reported, (std::vector<int64_t>{3, 4, 5, 6}));
  auto next_day = detector.Observe(1, Team("youth"), Answers(0), "2026-03-05", now);
  ASSERT_EQ(next_day.size(), 1u);
  EXPECT_EQ(next_day[0].day, "2026-03-05");
  EXPECT_EQ(next_day[0].responses, 6);
}

TEST(BurstDetectorTest, DifferentAnswersGroupsCampaignsOrTimesAreNotABurst) {
  const auto now = Clock::now();
  {
    BurstDetector detector;  // answers that differ on 2 of 10 items
    (void)detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now);
    (void)detector.Observe(1, Team("youth"), Answers(2), "2026-03-04", now);
    EXPECT_TRUE(detector.Observe(1, Team("youth"), Answers(4), "2026-03-04", now).empty());
  }
  {
    BurstDetector detector;  // three teams
    (void)detector.Observe(1, Team("youth"), Answers(0, "youth"), "2026-03-04", now);
    (void)detector.Observe(1, Team("family"), Answers(0, "youth"), "2026-03-04", now);
    EXPECT_TRUE(detector.Observe(1, Team("admin"), Answers(0, "youth"), "2026-03-04", now).empty());
  }
  {
    BurstDetector detector;  // two campaigns
    (void)detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now);
    (void)detector.Observe(2, Team("youth"), Answers(0), "2026-03-04", now);
    EXPECT_TRUE(detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now).empty());
  }
  {
    BurstDetector detector;  // spread over more than the window
    (void)detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now);
    (void)detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now + minutes(10));
    EXPECT_TRUE(
        detector.Observe(1, Team("youth"), Answers(0), "2026-03-04", now + minutes(20)).empty());
  }
}

TEST(BurstDetectorTest, ResponsesWithoutAGroupingAnswerFormOneGroup) {
  BurstDetector detector;
  const auto now = Clock::now();
  const nlohmann::json none = nlohmann::json::object();
  (void)detector.Observe(1, none, Answers(0), "2026-03-04", now);
  (void)detector.Observe(1, {{"team", nullptr}}, Answers(0), "2026-03-04", now);
  auto flags = detector.Observe(1, none, Answers(0), "2026-03-04", now);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].grouping, "");
  EXPECT_EQ(flags[0].group, "");
}

TEST(BurstDetectorTest, EachGroupingAnswerIsAGroupSoVaryingTheOthersDoesNotHide) {
  BurstDetector detector;
  const auto now = Clock::now();
  // The same team each time, a different role each time: still a burst into the team.
  std::vector<BurstFlag> flags;
  for (const char* role : {"manager", "frontline", "volunteer"}) {
    flags = detector.Observe(1, {{"team", "youth"}, {"role", role}}, Answers(0), "2026-03-04", now);
  }
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].grouping, "team");
}

TEST(BurstDetectorTest, MemoryStaysWithinItsBounds) {
  BurstOptions options;
  options.max_per_group = 4;
  options.max_groups = 10;
  BurstDetector detector(options);
  const auto now = Clock::now();
  for (int i = 0; i < 10; ++i) (void)detector.Observe(1, Team("youth"), Answers(0), "d", now);
  EXPECT_EQ(detector.remembered(), 4u);
  for (int i = 0; i < 50; ++i) {
    (void)detector.Observe(1, Team("t" + std::to_string(i)), Answers(0), "d", now);
  }
  EXPECT_LE(detector.remembered(), 10u * 4u);
  // Past the window, pruning forgets everything older.
  for (int i = 0; i < 11; ++i) {
    (void)detector.Observe(2, Team("u" + std::to_string(i)), Answers(0), "d", now + minutes(30));
  }
  EXPECT_LE(detector.remembered(), 10u);
}

}  // namespace
}  // namespace tessera::engine
