#include "scoring/dimension_summary.h"

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
using testing::LoadCatalogueInstrument;

// R: qt(0.975, 1) and qt(0.975, 2).
constexpr double kT1 = 12.7062047361747;
constexpr double kT2 = 4.30265272974946;

// groups.json (tests/data/scoring/summaries/generate.R): raw answers of three groups to two
// scales of staff-attitudes@1.1.0 and R's summaries of them. The histograms and moments are
// built (scoring_test_support.h) the way the accumulator builds them: raw answers counted per item,
// respondents scored with ScoreRespondent.
class DimensionSummaryTest : public testing::GroupsFixtureTest {
 protected:
  static DimensionSummary Summarise(const ins::Dimension& d, const ScoreMoments& moments,
                                    const std::vector<ItemHistogram>& histograms) {
    Result<DimensionSummary> summary = SummariseDimension(instrument(), d, moments, histograms);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : DimensionSummary{};
  }
  // One histogram per item of `d`, every respondent giving `value` (or the code when < 0).
  static std::vector<ItemHistogram> Uniform(const ins::Dimension& d, int value, int respondents) {
    std::vector<ItemHistogram> histograms;
    for (const ins::Item* item : instrument().ItemsOf(d.id)) {
      const ins::ResponseScale& scale = *instrument().FindScale(item->scale);
      ItemHistogram histogram(scale.min(), scale.max(), scale.codes.size());
      for (int r = 0; r < respondents; ++r) {
        if (value < 0) {
          histogram.AddCode(0);
        } else {
          histogram.AddValue(value);
        }
      }
      histograms.push_back(std::move(histogram));
    }
    return histograms;
  }
};

TEST_F(DimensionSummaryTest, MatchesRForEveryGroupAndDimension) {
  ASSERT_NE(loaded_, nullptr);
  int checked = 0;
  for (const auto& [group, dimensions] : (*fixture_)["expected"].items()) {
    for (const auto& [dimension_id, expected] : dimensions.items()) {
      SCOPED_TRACE(group + " / " + dimension_id);
      const DimensionSummary s =
          Summarise(dimension(dimension_id.c_str()), Moments(dimension_id, group),
                    Histograms(dimension_id, group));
      EXPECT_EQ(s.dimension, dimension_id);
      EXPECT_EQ(s.n, expected["n"].get<int64_t>());
      EXPECT_EQ(s.excluded, expected["excluded"].get<int64_t>());
      EXPECT_NEAR(s.mean, expected["mean"].get<double>(), 1e-9);
      EXPECT_NEAR(s.sd, expected["sd"].get<double>(), 1e-9);
      EXPECT_NEAR(s.standard_error, expected["se"].get<double>(), 1e-9);
      ASSERT_TRUE(s.ci.has_value());
      EXPECT_NEAR(s.ci->lower, expected["ci"][0].get<double>(), 1e-6);
      EXPECT_NEAR(s.ci->upper, expected["ci"][1].get<double>(), 1e-6);
      EXPECT_NEAR(s.index, expected["index"].get<double>(), 1e-9);
      ASSERT_TRUE(s.index_ci.has_value());
      EXPECT_NEAR(s.index_ci->lower, expected["index_ci"][0].get<double>(), 1e-6);
      EXPECT_NEAR(s.index_ci->upper, expected["index_ci"][1].get<double>(), 1e-6);
      ASSERT_TRUE(s.band.has_value());
      EXPECT_EQ(s.band->id, expected["band"]);
      EXPECT_EQ(s.dont_know, expected["dont_know"].get<int64_t>());
      EXPECT_EQ(s.answers, expected["answers"].get<int64_t>());
      EXPECT_NEAR(s.dont_know_share, expected["dont_know_share"].get<double>(), 1e-12);
      ASSERT_EQ(s.items.size(), expected["items"].size());
      for (const ItemSummary& item : s.items) {
        SCOPED_TRACE(item.item);
        const nlohmann::json& e = expected["items"][item.item];
        ASSERT_EQ(item.values.size(), 5u);
        for (size_t v = 0; v < 5; ++v) {
          EXPECT_EQ(item.values[v].value, static_cast<int>(v) + 1);
          EXPECT_EQ(item.values[v].count, e["counts"][v].get<int64_t>());
        }
        ASSERT_EQ(item.codes.size(), 1u);
        EXPECT_EQ(item.codes[0].code, "dk");
        EXPECT_EQ(item.codes[0].count, e["dk"].get<int64_t>());
        EXPECT_EQ(item.n, e["n"].get<int64_t>());
        EXPECT_EQ(item.missing, e["missing"].get<int64_t>());
        EXPECT_NEAR(item.mean, e["mean"].get<double>(), 1e-9);
        EXPECT_NEAR(item.sd, e["sd"].get<double>(), 1e-9);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8) << "4 groups x 2 dimensions";
}

TEST_F(DimensionSummaryTest, ItemsListRawAnswersButScoreReverseKeyedItemsRecoded) {
  // RSK-04 is reverse-keyed: ten people "Disagree" (2), which scores 4.
  const ins::Dimension& risk = dimension("risk-taking");
  std::vector<ItemHistogram> histograms = Uniform(risk, 2, 10);
  ScoreMoments moments;
  for (int r = 0; r < 10; ++r) moments.Add((2.0 + 2.0 + 4.0) / 3.0);
  const DimensionSummary s = Summarise(risk, moments, histograms);
  ASSERT_EQ(s.items.size(), 3u);
  const ItemSummary& reverse = s.items[2];
  EXPECT_EQ(reverse.item, "RSK-04");
  EXPECT_TRUE(reverse.reverse);
  EXPECT_EQ(reverse.values[1].value, 2);
  EXPECT_EQ(reverse.values[1].label, "Disagree");
  EXPECT_EQ(reverse.values[1].count, 10) << "the distribution shows what people ticked";
  EXPECT_DOUBLE_EQ(reverse.mean, 4.0) << "the mean is on the scored direction";
  EXPECT_DOUBLE_EQ(s.items[0].mean, 2.0);
  EXPECT_DOUBLE_EQ(reverse.sd, 0.0);
  const nlohmann::json json = s.ToJson();
  EXPECT_EQ(json["items"][2]["reverse"], true);
  EXPECT_EQ(json["items"][2]["values"][1]["count"], 10);
}

TEST_F(DimensionSummaryTest, NobodyScoredGivesCountsButNoMeanBandOrInterval) {
  const ins::Dimension& risk = dimension("risk-taking");
  // "Don't know" everywhere: six respondents, all excluded.
  std::vector<ItemHistogram> histograms = Uniform(risk, -1, 6);
  ScoreMoments moments;
  for (int r = 0; r < 6; ++r) moments.AddExcluded();
  const DimensionSummary s = Summarise(risk, moments, histograms);
  EXPECT_EQ(s.n, 0);
  EXPECT_EQ(s.excluded, 6);
  EXPECT_TRUE(std::isnan(s.mean));
  EXPECT_TRUE(std::isnan(s.sd));
  EXPECT_TRUE(std::isnan(s.index));
  EXPECT_FALSE(s.ci.has_value());
  EXPECT_FALSE(s.band.has_value());
  EXPECT_EQ(s.dont_know, 18);
  EXPECT_EQ(s.answers, 18);
  EXPECT_DOUBLE_EQ(s.dont_know_share, 1.0);
  EXPECT_TRUE(std::isnan(s.items[0].mean));
  EXPECT_EQ(s.items[0].coded, 6);

  const nlohmann::json json = s.ToJson();
  EXPECT_TRUE(json["mean"].is_null());
  EXPECT_TRUE(json["sd"].is_null());
  EXPECT_TRUE(json["standard_error"].is_null());
  EXPECT_TRUE(json["ci"].is_null());
  EXPECT_TRUE(json["index"].is_null());
  EXPECT_TRUE(json["band"].is_null());
  EXPECT_TRUE(json["items"][0]["mean"].is_null());
  EXPECT_EQ(json["dont_know"]["share"], 1.0);
  EXPECT_NO_THROW((void)json.dump());
}

TEST_F(DimensionSummaryTest, NoAnswersAtAllLeaveTheDontKnowShareUndefined) {
  const ins::Dimension& risk = dimension("risk-taking");
  std::vector<ItemHistogram> histograms = Uniform(risk, 3, 0);
  for (auto& histogram : histograms) histogram.AddMissing();
  ScoreMoments moments;
  moments.AddExcluded();
  const DimensionSummary s = Summarise(risk, moments, histograms);
  EXPECT_EQ(s.answers, 0) << "unanswered items are not answers";
  EXPECT_TRUE(std::isnan(s.dont_know_share));
  EXPECT_EQ(s.items[0].missing, 1);
  EXPECT_TRUE(s.ToJson()["dont_know"]["share"].is_null());
}

TEST_F(DimensionSummaryTest, OneRespondentHasAMeanAndBandButNoSpreadOrInterval) {
  const ins::Dimension& risk = dimension("risk-taking");
  ScoreMoments moments;
  moments.Add(13.0 / 3.0);
  const DimensionSummary s = Summarise(risk, moments, Uniform(risk, 4, 1));
  EXPECT_EQ(s.n, 1);
  EXPECT_NEAR(s.mean, 13.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.index, 100.0 * (13.0 / 3.0 - 1.0) / 4.0, 1e-12);
  EXPECT_TRUE(std::isnan(s.sd));
  EXPECT_TRUE(std::isnan(s.standard_error));
  EXPECT_FALSE(s.ci.has_value());
  EXPECT_FALSE(s.index_ci.has_value());
  ASSERT_TRUE(s.band.has_value());
  EXPECT_EQ(s.band->id, "strength");
  EXPECT_EQ(s.band->name, "Strength");
  EXPECT_FALSE(s.band->description.empty());
}

TEST_F(DimensionSummaryTest, TwoRespondentsGiveATIntervalWithOneDegreeOfFreedom) {
  const ins::Dimension& risk = dimension("risk-taking");
  ScoreMoments moments;
  moments.Add(3.0);
  moments.Add(3.1);
  const DimensionSummary s = Summarise(risk, moments, Uniform(risk, 3, 2));
  EXPECT_NEAR(s.mean, 3.05, 1e-12);
  EXPECT_NEAR(s.sd, std::sqrt(0.005), 1e-9);
  EXPECT_NEAR(s.standard_error, 0.05, 1e-9);
  ASSERT_TRUE(s.ci.has_value());
  EXPECT_NEAR(s.ci->lower, 3.05 - kT1 * 0.05, 1e-6);
  EXPECT_NEAR(s.ci->upper, 3.05 + kT1 * 0.05, 1e-6);
  EXPECT_NEAR(s.index_ci->lower, 25.0 * (2.05 - kT1 * 0.05), 1e-6);
}

TEST_F(DimensionSummaryTest, IntervalEndsAreCutAtTheInstrumentsRange) {
  const ins::Dimension& risk = dimension("risk-taking");
  ScoreMoments moments;  // 1, 3, 5: mean 3, SD 2, SE 2/sqrt(3), half-width 4.97
  moments.Add(1.0);
  moments.Add(3.0);
  moments.Add(5.0);
  const DimensionSummary s = Summarise(risk, moments, Uniform(risk, 3, 3));
  ASSERT_GT(kT2 * 2.0 / std::sqrt(3.0), 2.0) << "the uncut interval would leave 1..5";
  ASSERT_TRUE(s.ci.has_value());
  EXPECT_EQ(s.ci->lower, 1.0);
  EXPECT_EQ(s.ci->upper, 5.0);
  EXPECT_EQ(s.index_ci->lower, 0.0);
  EXPECT_EQ(s.index_ci->upper, 100.0);
  EXPECT_NEAR(s.standard_error, 2.0 / std::sqrt(3.0), 1e-12) << "the SE itself is not cut";
}

TEST_F(DimensionSummaryTest, AllScoresEqualGiveAZeroWidthInterval) {
  const ins::Dimension& support = dimension("outreach-support");
  ScoreMoments moments;
  for (int r = 0; r < 7; ++r) moments.Add(4.0);
  const DimensionSummary s = Summarise(support, moments, Uniform(support, 4, 7));
  EXPECT_EQ(s.sd, 0.0);
  EXPECT_EQ(s.standard_error, 0.0);
  ASSERT_TRUE(s.ci.has_value());
  EXPECT_EQ(*s.ci, (Interval{4.0, 4.0}));
  EXPECT_EQ(s.band->id, "strength");
  EXPECT_EQ(s.dont_know, 0);
  EXPECT_EQ(s.dont_know_share, 0.0);
  EXPECT_EQ(s.items.size(), 5u);
}

TEST_F(DimensionSummaryTest, BandBoundariesBelongToTheHigherBandAndTheLastBandIsClosed) {
  const ins::Dimension& risk = dimension("risk-taking");
  const std::vector<std::pair<double, const char*>> cases = {
      {1.0, "concern"}, {2.5, "mixed"}, {3.5, "strength"}, {5.0, "strength"}, {2.4, "concern"}};
  for (const auto& [score, band] : cases) {
    ScoreMoments moments;
    moments.Add(score);
    moments.Add(score);
    const DimensionSummary s = Summarise(risk, moments, Uniform(risk, 3, 2));
    ASSERT_TRUE(s.band.has_value()) << score;
    EXPECT_EQ(s.band->id, band) << score;
  }
}

TEST_F(DimensionSummaryTest, AMeanOnABoundaryKeepsItsBandDespiteRoundingNoise) {
  // Respondent scores 13/3, 3, 1 and 5/3 average exactly 2.5, but their floating-point sum
  // divided by 4 is 2.4999999999999996.
  const ins::Dimension& risk = dimension("risk-taking");
  ScoreMoments moments;
  for (double score : {13.0 / 3.0, 3.0, 1.0, 5.0 / 3.0}) moments.Add(score);
  ASSERT_LT(moments.Mean(), 2.5);
  const DimensionSummary s = Summarise(risk, moments, Uniform(risk, 3, 4));
  ASSERT_TRUE(s.band.has_value());
  EXPECT_EQ(s.band->id, "mixed");
}

TEST_F(DimensionSummaryTest, BandLookupToleratesOnlyRoundingBeyondTheRange) {
  const ins::ScoringModel& scoring = instrument().scoring;
  ASSERT_TRUE(BandRef::For(scoring, 5.0 + 5e-10).has_value());
  EXPECT_EQ(BandRef::For(scoring, 5.0 + 5e-10)->id, "strength");
  EXPECT_EQ(BandRef::For(scoring, 1.0 - 5e-10)->id, "concern");
  EXPECT_FALSE(BandRef::For(scoring, 5.1).has_value());
  EXPECT_FALSE(BandRef::For(scoring, 0.0).has_value());
  EXPECT_FALSE(BandRef::For(scoring, std::nan("")).has_value());
  EXPECT_EQ(BandRef::For(scoring, 3.4999999999)->id, "strength") << "rounded to 9 decimals: 3.5";
  EXPECT_EQ(BandRef::For(scoring, 3.499999)->id, "mixed");
}

TEST_F(DimensionSummaryTest, CodesTheItemDoesNotOfferAreNotListed) {
  // partnership-charter's charter5 scale has "dk" and "na"; list both with their meanings.
  const auto charter = LoadCatalogueInstrument("partnership-charter/1.0.0.json");
  ASSERT_NE(charter, nullptr);
  const ins::Instrument& in = charter->instrument;
  const ins::Dimension& d = in.dimensions.front();
  std::vector<ItemHistogram> histograms;
  for (const ins::Item* item : in.ItemsOf(d.id)) {
    const ins::ResponseScale& scale = *in.FindScale(item->scale);
    ASSERT_EQ(scale.codes.size(), 2u);
    ItemHistogram histogram(scale.min(), scale.max(), scale.codes.size());
    histogram.AddValue(2);
    histogram.AddCode(0);  // dk
    histogram.AddCode(1);  // na
    histograms.push_back(std::move(histogram));
  }
  ScoreMoments moments;
  moments.Add(2.0);
  Result<DimensionSummary> s = SummariseDimension(in, d, moments, histograms);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const size_t items = histograms.size();
  EXPECT_EQ(s->answers, static_cast<int64_t>(3 * items));
  EXPECT_EQ(s->dont_know, static_cast<int64_t>(items)) << "only dont_know codes count";
  EXPECT_NEAR(s->dont_know_share, 1.0 / 3.0, 1e-12);
  const ItemSummary& first = s->items.front();
  ASSERT_EQ(first.codes.size(), 2u);
  EXPECT_EQ(first.codes[1].meaning, ins::CodeMeaning::kNotApplicable);
  EXPECT_EQ(s->ToJson()["items"][0]["codes"][1]["meaning"], "not_applicable");
  EXPECT_EQ(s->band->id, in.scoring.BandFor(2.0)->id);
}

TEST_F(DimensionSummaryTest, RejectsHistogramsThatDoNotMatchTheItems) {
  const ins::Dimension& risk = dimension("risk-taking");
  ScoreMoments moments;
  moments.Add(3.0);
  std::vector<ItemHistogram> two = Uniform(risk, 3, 1);
  two.pop_back();
  EXPECT_EQ(SummariseDimension(instrument(), risk, moments, two).status().code(),
            StatusCode::kInvalidArgument);

  std::vector<ItemHistogram> wrong_range = Uniform(risk, 3, 1);
  wrong_range[1] = ItemHistogram(0, 4, 1);
  EXPECT_FALSE(SummariseDimension(instrument(), risk, moments, wrong_range).ok());

  std::vector<ItemHistogram> wrong_codes = Uniform(risk, 3, 1);
  wrong_codes[0].code_counts.push_back(0);
  EXPECT_FALSE(SummariseDimension(instrument(), risk, moments, wrong_codes).ok());

  std::vector<ItemHistogram> negative = Uniform(risk, 3, 1);
  negative[2].missing = -1;
  EXPECT_FALSE(SummariseDimension(instrument(), risk, moments, negative).ok());

  ScoreMoments outside;
  outside.Add(5.5);
  const auto status = SummariseDimension(instrument(), risk, outside, Uniform(risk, 3, 1)).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("outside"), std::string::npos);
}

TEST_F(DimensionSummaryTest, JsonCarriesEveryFigureAndTheAttachedProvenance) {
  const ins::Dimension& risk = dimension("risk-taking");
  const ScoreMoments moments = Moments("risk-taking", "frontline");
  DimensionSummary s = Summarise(risk, moments, Histograms("risk-taking", "frontline"));
  EXPECT_TRUE(s.ToJson()["provenance"].is_null());
  s.provenance = MakeProvenance(instrument(), loaded_->hash, moments, "2025-01-31");
  const nlohmann::json json = s.ToJson();
  EXPECT_EQ(json["dimension"], "risk-taking");
  EXPECT_EQ(json["kind"], "scale");
  EXPECT_EQ(json["title"], risk.title);
  EXPECT_EQ(json["n"], s.n);
  EXPECT_EQ(json["ci"]["level"], 0.95);
  EXPECT_DOUBLE_EQ(json["ci"]["lower"].get<double>(), s.ci->lower);
  EXPECT_EQ(json["band"]["id"], s.band->id);
  EXPECT_EQ(json["items"].size(), 3u);
  EXPECT_EQ(json["items"][0]["values"].size(), 5u);
  EXPECT_EQ(json["items"][0]["values"][4]["label"], "Strongly agree");
  EXPECT_EQ(json["provenance"]["n_used"], s.n);
  EXPECT_EQ(json["provenance"]["n_excluded"], s.excluded);
  EXPECT_EQ(json["provenance"]["content_hash"], loaded_->hash);
}

}  // namespace
}  // namespace tessera::scoring
