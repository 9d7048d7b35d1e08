#include "scoring/recommendations.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "instruments/instrument_loader.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

using testing::LoadCatalogueInstrument;

std::vector<std::string> Order(const RecommendationList& list) {
  std::vector<std::string> ids;
  for (const auto& entry : list.dimensions) ids.push_back(entry.dimension);
  return ids;
}

const ins::Band& BandNamed(const ins::Instrument& in, const std::string& id) {
  for (const auto& band : in.scoring.bands) {
    if (band.id == id) return band;
  }
  return in.scoring.bands.front();
}

class RecommendationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = LoadCatalogueInstrument("staff-attitudes/1.1.0.json");
    ASSERT_NE(loaded_, nullptr);
  }
  const ins::Instrument& in() const { return loaded_->instrument; }

  std::unique_ptr<ins::LoadedInstrument> loaded_;
};

TEST_F(RecommendationsTest, LowestFirstWithTheDimensionsOwnStepsOrTheBands) {
  const std::vector<DimensionMean> means = {{"teamwork", 4.2},
                                            {"risk-taking", 2.5},  // exactly on mixed's lower edge
                                            {"change", 1.8},
                                            {"partnership", 3.9}};
  Result<RecommendationList> list = Recommend(in(), means);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->dimensions.size(), in().dimensions.size());
  const std::vector<std::string> order = Order(*list);
  EXPECT_EQ(std::vector<std::string>(order.begin(), order.begin() + 4),
            (std::vector<std::string>{"change", "risk-taking", "partnership", "teamwork"}));

  const Recommendation& change = list->dimensions[0];
  EXPECT_EQ(change.band->id, "concern");
  EXPECT_EQ(change.steps_from, StepsSource::kDimension);
  EXPECT_EQ(change.next_steps, in().FindDimension("change")->next_steps.at("concern"));
  EXPECT_NEAR(*change.index, 20.0, 1e-12);

  const Recommendation& risk = list->dimensions[1];
  EXPECT_EQ(risk.band->id, "mixed");
  ASSERT_FALSE(risk.next_steps.empty());
  EXPECT_EQ(risk.next_steps[0].rfind("Hold short reviews after new pieces of work", 0), 0u)
      << "docs/instruments.md, worked example, respondent B";

  // staff-attitudes gives no dimension steps for "strength": the band's general steps apply.
  const Recommendation& teamwork = list->dimensions[3];
  EXPECT_EQ(teamwork.band->id, "strength");
  EXPECT_EQ(teamwork.steps_from, StepsSource::kBand);
  EXPECT_EQ(teamwork.next_steps, BandNamed(in(), "strength").next_steps);
}

TEST_F(RecommendationsTest, DimensionsWithoutAScoreComeLastWithNoSteps) {
  const std::vector<DimensionMean> means = {
      {"outreach-support", 3.0}, {"teamwork", std::nullopt}, {"change", std::nan("")}};
  Result<RecommendationList> list = Recommend(in(), means);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->dimensions.front().dimension, "outreach-support");
  // The rest follow in the instrument's order, none of them scored.
  std::vector<std::string> expected;
  for (const auto& d : in().dimensions) {
    if (d.id != "outreach-support") expected.push_back(d.id);
  }
  const std::vector<std::string> order = Order(*list);
  EXPECT_EQ(std::vector<std::string>(order.begin() + 1, order.end()), expected);
  for (size_t i = 1; i < list->dimensions.size(); ++i) {
    const Recommendation& entry = list->dimensions[i];
    EXPECT_FALSE(entry.scored()) << entry.dimension;
    EXPECT_FALSE(entry.band.has_value());
    EXPECT_TRUE(entry.next_steps.empty()) << "no steps invented for " << entry.dimension;
    EXPECT_EQ(entry.steps_from, StepsSource::kNone);
  }
  const nlohmann::json json = list->ToJson();
  EXPECT_EQ(json["dimensions"][0]["status"], "scored");
  EXPECT_EQ(json["dimensions"][1]["status"], "not enough responses");
  EXPECT_TRUE(json["dimensions"][1]["mean"].is_null());
  EXPECT_TRUE(json["dimensions"][1]["band"].is_null());
  EXPECT_TRUE(json["dimensions"][1]["next_steps"].empty());
  EXPECT_EQ(json["dimensions"][1]["steps_from"], "none");

  Result<RecommendationList> nothing = Recommend(in(), {});
  ASSERT_TRUE(nothing.ok());
  for (const auto& entry : nothing->dimensions) EXPECT_FALSE(entry.scored());
}

TEST_F(RecommendationsTest, TiesKeepTheInstrumentsOrder) {
  // "change" comes after "teamwork" and "partnership" in the instrument.
  const std::vector<DimensionMean> means = {
      {"change", 3.0}, {"partnership", 3.0}, {"teamwork", 3.0}, {"risk-taking", 2.0}};
  const std::vector<std::string> order = Order(*Recommend(in(), means));
  EXPECT_EQ(std::vector<std::string>(order.begin(), order.begin() + 4),
            (std::vector<std::string>{"risk-taking", "teamwork", "partnership", "change"}));
}

TEST_F(RecommendationsTest, TheTopOfTheRangeIsInTheLastBand) {
  const std::vector<DimensionMean> means = {{"teamwork", 5.0}, {"change", 1.0}};
  Result<RecommendationList> list = Recommend(in(), means);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->dimensions[0].band->id, "concern");
  EXPECT_EQ(list->dimensions[1].band->id, "strength");
  EXPECT_EQ(*list->dimensions[1].index, 100.0);
}

TEST_F(RecommendationsTest, CapabilityDomainsUseTheirOwnStepsInEveryBand) {
  const auto capability = LoadCatalogueInstrument("partnership-capability/1.0.0.json");
  ASSERT_NE(capability, nullptr);
  const ins::Instrument& cap = capability->instrument;
  // 3.5 is where "embedded" starts; 0 is the bottom of "beginning".
  const std::vector<DimensionMean> means = {{"attitudes", 3.5}, {"resources", 0.0}};
  Result<RecommendationList> list = Recommend(cap, means);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->dimensions[0].dimension, "resources");
  EXPECT_EQ(list->dimensions[0].band->id, "beginning");
  EXPECT_EQ(list->dimensions[1].band->id, "embedded");
  EXPECT_EQ(list->dimensions[1].steps_from, StepsSource::kDimension);
  EXPECT_EQ(list->dimensions[1].next_steps,
            cap.FindDimension("attitudes")->next_steps.at("embedded"));
}

TEST_F(RecommendationsTest, MeansOfSummariesTreatNoScoreAsMissing) {
  DimensionSummary scored;
  scored.dimension = "change";
  scored.n = 6;
  scored.mean = 3.25;
  DimensionSummary empty;
  empty.dimension = "teamwork";
  const std::vector<DimensionSummary> summaries = {scored, empty};
  const std::vector<DimensionMean> means = MeansOf(summaries);
  ASSERT_EQ(means.size(), 2u);
  EXPECT_EQ(means[0].mean, 3.25);
  EXPECT_FALSE(means[1].mean.has_value());
}

TEST_F(RecommendationsTest, RejectsUnknownRepeatedOrOutOfRangeDimensions) {
  const std::vector<DimensionMean> unknown = {{"no-such", 3.0}};
  EXPECT_EQ(Recommend(in(), unknown).status().code(), StatusCode::kInvalidArgument);
  const std::vector<DimensionMean> twice = {{"change", 3.0}, {"change", std::nullopt}};
  EXPECT_FALSE(Recommend(in(), twice).ok());
  const std::vector<DimensionMean> outside = {{"change", 0.5}};
  EXPECT_FALSE(Recommend(in(), outside).ok());
}

TEST_F(RecommendationsTest, JsonCarriesStepsAndProvenance) {
  const std::vector<DimensionMean> means = {{"change", 2.0}};
  RecommendationList list = *Recommend(in(), means);
  list.provenance = MakeProvenance(in(), loaded_->hash, 12, 1, "2025-02-02T09:00:00Z");
  const nlohmann::json json = list.ToJson();
  EXPECT_EQ(json["dimensions"][0]["dimension"], "change");
  EXPECT_EQ(json["dimensions"][0]["band"]["id"], "concern");
  EXPECT_EQ(json["dimensions"][0]["steps_from"], "dimension");
  EXPECT_FALSE(json["dimensions"][0]["next_steps"].empty());
  EXPECT_EQ(json["dimensions"][0]["index"], 25.0);
  EXPECT_EQ(json["provenance"]["n_used"], 12);
  EXPECT_EQ(json["provenance"]["computed_at"], "2025-02-02T09:00:00Z");
}

}  // namespace
}  // namespace tessera::scoring
