#include "scoring/respondent_scores.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "instruments/catalogue.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

class RespondentScoresTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
    ins::Diagnostics diagnostics;
    catalogue_ = new ins::Catalogue(ins::Catalogue::Load(dir, ins::LockFileFor(dir), &diagnostics));
  }
  static void TearDownTestSuite() {
    delete catalogue_;
    catalogue_ = nullptr;
  }
  static const ins::Instrument& Get(const char* ref) {
    return catalogue_->Find(*ins::InstrumentRef::Parse(ref))->instrument;
  }
  static const DimensionScore& Find(const std::vector<DimensionScore>& scores,
                                    const std::string& dimension) {
    for (const auto& score : scores) {
      if (score.dimension == dimension) return score;
    }
    throw std::runtime_error("no dimension " + dimension);
  }

  static inline ins::Catalogue* catalogue_ = nullptr;
};

TEST_F(RespondentScoresTest, RecodesReverseKeyedItemsAndTreatsCodesAsMissing) {
  const ins::Instrument& in = Get("staff-attitudes@1.1.0");
  const ins::Item& reverse = *in.FindItem("RSK-04");
  const ins::Item& plain = *in.FindItem("RSK-01");
  ASSERT_TRUE(reverse.reverse);
  const ins::ResponseScale& agree = *in.FindScale(reverse.scale);
  EXPECT_EQ(RecodedValue(reverse, agree, 2), 4.0);
  EXPECT_EQ(RecodedValue(reverse, agree, 5), 1.0);
  EXPECT_EQ(RecodedValue(plain, agree, 2), 2.0);
  EXPECT_EQ(RecodedValue(plain, agree, "dk"), std::nullopt);
  EXPECT_EQ(RecodedValue(plain, agree, 7), std::nullopt);
  EXPECT_EQ(RecodedValue(plain, agree, 3.0), std::nullopt);
  EXPECT_EQ(RecodedValue(plain, agree, nullptr), std::nullopt);
}

TEST_F(RespondentScoresTest, ScoresTheWorkedExampleOfTheAuthoringGuide) {
  // docs/instruments.md: RSK-01 = 4, RSK-02 = 5, RSK-04 = 2 (reverse-keyed, so 4): 13/3.
  const ins::Instrument& in = Get("staff-attitudes@1.1.0");
  const auto scores = ScoreRespondent(in, {{"RSK-01", 4}, {"RSK-02", 5}, {"RSK-04", 2}});
  ASSERT_EQ(scores.size(), in.dimensions.size());
  EXPECT_EQ(scores.front().dimension, in.dimensions.front().id);
  const DimensionScore& risk = Find(scores, "risk-taking");
  ASSERT_TRUE(risk.score.has_value());
  EXPECT_NEAR(*risk.score, 13.0 / 3.0, 1e-12);
  EXPECT_EQ(risk.answered, 3u);
  EXPECT_EQ(risk.items, 3u);
  EXPECT_EQ(in.scoring.BandFor(*risk.score)->id, "strength");
  EXPECT_NEAR(ToIndex(in.scoring, *risk.score), 100.0 * (13.0 / 3.0 - 1.0) / 4.0, 1e-12);
  EXPECT_FALSE(Find(scores, "teamwork").score.has_value()) << "nothing answered";
}

TEST_F(RespondentScoresTest, AScoreNeedsTheMinimumShareOfAnsweredItems) {
  const ins::Instrument& in = Get("staff-attitudes@1.1.0");  // minimum share 0.5
  const auto one = ScoreRespondent(in, {{"RSK-01", 4}, {"RSK-02", "dk"}});
  EXPECT_FALSE(Find(one, "risk-taking").score.has_value()) << "1 of 3 is below half";
  EXPECT_EQ(Find(one, "risk-taking").answered, 1u);
  const auto two = ScoreRespondent(in, {{"RSK-01", 4}, {"RSK-02", 2}});
  ASSERT_TRUE(Find(two, "risk-taking").score.has_value());
  EXPECT_DOUBLE_EQ(*Find(two, "risk-taking").score, 3.0);
}

TEST_F(RespondentScoresTest, ExactlyTheMinimumShareCounts) {
  const ins::Instrument& in = Get("partnership-capability@1.0.0");  // minimum share 0.6
  const auto items = in.ItemsOf("performance");  // ten indicators: six answered is exactly 0.6
  ASSERT_EQ(items.size(), 10u);
  nlohmann::json answers = nlohmann::json::object();
  for (size_t i = 0; i < 5; ++i) answers[items[i]->id] = 3;
  answers[items[5]->id] = "dk";
  EXPECT_FALSE(Find(ScoreRespondent(in, answers), "performance").score.has_value());
  answers[items[5]->id] = 0;
  const auto six = Find(ScoreRespondent(in, answers), "performance");
  ASSERT_TRUE(six.score.has_value());
  EXPECT_DOUBLE_EQ(*six.score, 15.0 / 6.0);
  EXPECT_DOUBLE_EQ(ToIndex(in.scoring, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(ToIndex(in.scoring, 4.0), 100.0);
}

}  // namespace
}  // namespace tessera::scoring
