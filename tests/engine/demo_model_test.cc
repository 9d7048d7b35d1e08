// The latent trait model behind the demo data: determinism, valid answers, configured rates,
// scale reliability and group ordering.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "demo_test_support.h"
#include "engine/deterministic_random.h"
#include "engine/latent_trait_model.h"
#include "survey/answer_validation.h"

namespace tessera::engine {
namespace {

using testing::FirstBadAnswer;
using testing::ShippedCatalogue;
using testing::ShippedInstrument;

const std::vector<std::string> kTeams = {"alpha", "beta", "gamma"};

// One group per value of the grouping item's scale (or per team), `each` respondents apiece.
ModelParameters EvenGroups(const instruments::Instrument& instrument, const std::string& item_id,
                           int each, uint64_t seed) {
  ModelParameters parameters;
  parameters.seed = seed;
  parameters.grouping_item = item_id;
  const auto* scale = instrument.FindScale(instrument.FindItem(item_id)->scale);
  std::vector<std::string> values = kTeams;
  if (scale->values_from.empty()) {
    values.clear();
    for (const auto& v : scale->values) values.push_back(v.code);
  }
  for (const auto& value : values) parameters.groups.push_back({value, each, 0, {}, {}});
  return parameters;
}

std::string GroupingItemOf(const instruments::Instrument& instrument) {
  for (const auto* item : instrument.Items()) {
    if (item->grouping != instruments::Grouping::kNone) return item->id;
  }
  return {};
}

std::vector<GeneratedResponse> Generate(const instruments::Instrument& instrument,
                                        const ModelParameters& parameters) {
  auto generated = GenerateResponses(instrument, kTeams, parameters);
  EXPECT_TRUE(generated.ok()) << generated.status().ToString();
  return generated.ok() ? *generated : std::vector<GeneratedResponse>{};
}

// Cronbach's alpha of one dimension over complete cases, reverse-keyed items recoded.
double CronbachAlpha(const instruments::Instrument& instrument, const std::string& dimension,
                     const std::vector<GeneratedResponse>& responses) {
  const auto items = instrument.ItemsOf(dimension);
  const size_t k = items.size();
  std::vector<std::vector<double>> rows;
  for (const auto& response : responses) {
    std::vector<double> row;
    for (const auto* item : items) {
      auto it = response.answers.find(item->id);
      if (it == response.answers.end() || !it->is_number_integer()) break;
      const auto* scale = instrument.FindScale(item->scale);
      const int value = it->get<int>();
      row.push_back(item->reverse ? scale->min() + scale->max() - value : value);
    }
    if (row.size() == k) rows.push_back(row);
  }
  auto variance = [&](auto value_of) {
    double sum = 0;
    double sum_squares = 0;
    for (const auto& row : rows) {
      const double x = value_of(row);
      sum += x;
      sum_squares += x * x;
    }
    const double n = static_cast<double>(rows.size());
    return (sum_squares - sum * sum / n) / (n - 1);
  };
  double item_variances = 0;
  for (size_t i = 0; i < k; ++i) {
    item_variances += variance([i](const std::vector<double>& row) { return row[i]; });
  }
  const double total_variance = variance([](const std::vector<double>& row) {
    double total = 0;
    for (double x : row) total += x;
    return total;
  });
  const double kd = static_cast<double>(k);
  return kd / (kd - 1) * (1 - item_variances / total_variance);
}

// Mean of the recoded answers to one dimension's items over the respondents of one group.
double DimensionMean(const instruments::Instrument& instrument, const std::string& dimension,
                     const std::vector<GeneratedResponse>& responses, const std::string& group) {
  double sum = 0;
  int count = 0;
  for (const auto& response : responses) {
    if (response.group != group) continue;
    for (const auto* item : instrument.ItemsOf(dimension)) {
      auto it = response.answers.find(item->id);
      if (it == response.answers.end() || !it->is_number_integer()) continue;
      const auto* scale = instrument.FindScale(item->scale);
      const int value = it->get<int>();
      sum += item->reverse ? scale->min() + scale->max() - value : value;
      ++count;
    }
  }
  return count == 0 ? 0 : sum / count;
}

TEST(DemoRandomTest, EngineFollowsTheStandardAndDistributionsHaveTheirMoments) {
  // The standard fixes the 10000th output of a default-seeded mt19937_64.
  std::mt19937_64 reference;
  reference.discard(9999);
  EXPECT_EQ(reference(), 9981545732273789042ULL);

  DeterministicRandom random(7);
  double sum = 0;
  double sum_squares = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double x = random.Normal();
    sum += x;
    sum_squares += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(sum_squares / n, 1.0, 0.04);
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += random.Chance(0.25) ? 1 : 0;
  EXPECT_NEAR(hits / static_cast<double>(n), 0.25, 0.015);
  for (int i = 0; i < 1000; ++i) {
    const double u = random.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LT(random.Below(3), 3U);
  }
  std::vector<double> weights = {0, 1, 0, 3};
  std::map<size_t, int> picks;
  for (int i = 0; i < 4000; ++i) ++picks[random.Pick(weights)];
  EXPECT_EQ(picks.count(0), 0U);
  EXPECT_EQ(picks.count(2), 0U);
  EXPECT_NEAR(picks[3] / 4000.0, 0.75, 0.03);
}

TEST(DemoRandomTest, SameSeedSameSequence) {
  DeterministicRandom a(99);
  DeterministicRandom b(99);
  DeterministicRandom c(100);
  int differ = 0;
  for (int i = 0; i < 100; ++i) {
    const double x = a.Normal();
    ASSERT_EQ(x, b.Normal());
    differ += x != c.Normal() ? 1 : 0;
  }
  EXPECT_GT(differ, 95);
  EXPECT_NE(MixSeed(1, 0), MixSeed(1, 1));
  EXPECT_NE(MixSeed(1, 0), MixSeed(2, 0));
}

TEST(DemoModelTest, SameSeedGivesIdenticalAnswersDifferentSeedDoesNot) {
  const auto& instrument = ShippedInstrument("staff-attitudes@1.1.0");
  const auto first = Generate(instrument, EvenGroups(instrument, "team", 20, 42));
  const auto again = Generate(instrument, EvenGroups(instrument, "team", 20, 42));
  const auto other = Generate(instrument, EvenGroups(instrument, "team", 20, 43));
  ASSERT_EQ(first.size(), 60U);
  ASSERT_EQ(again.size(), first.size());
  ASSERT_EQ(other.size(), first.size());
  int differing = 0;
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].answers, again[i].answers);
    EXPECT_EQ(first[i].groups, again[i].groups);
    differing += first[i].answers != other[i].answers ? 1 : 0;
  }
  EXPECT_GT(differing, 55);
}

TEST(DemoModelTest, EveryAnswerIsOnTheScaleOrAnOfferedCodeForEveryInstrument) {
  ASSERT_GE(ShippedCatalogue().All().size(), 5U);
  for (const auto* loaded : ShippedCatalogue().All()) {
    const auto& instrument = loaded->instrument;
    SCOPED_TRACE(instrument.ref().ToString());
    auto parameters = EvenGroups(instrument, GroupingItemOf(instrument), 60, 5);
    parameters.dont_know_rate = 0.1;  // exercise the codes
    parameters.free_text_rate = 0.5;
    for (const auto& response : Generate(instrument, parameters)) {
      ASSERT_EQ(FirstBadAnswer(instrument, kTeams, response.answers), "") << response.answers;
      // The survey layer's own validator accepts them too (as a draft: missing answers allowed).
      const auto check = survey::ValidateAnswers(
          instrument, kTeams, {{"answers", response.answers}}, survey::ValidationMode::kDraft);
      ASSERT_TRUE(check.ok()) << check.problems.front().pointer << ": "
                              << check.problems.front().message;
      // groups holds exactly the grouping answers.
      for (const auto& [id, value] : response.groups.items()) {
        EXPECT_NE(instrument.FindItem(id)->grouping, instruments::Grouping::kNone);
        EXPECT_EQ(response.answers.at(id), value);
      }
    }
  }
}

TEST(DemoModelTest, MissingDontKnowAndPreferNotToSayRatesMatchTheConfiguration) {
  const auto& instrument = ShippedInstrument("partnership-capability@1.0.0");
  auto parameters = EvenGroups(instrument, "rater", 125, 11);
  parameters.missing_rate = 0.03;
  parameters.dont_know_rate = 0.04;
  parameters.prefer_not_to_say_rate = 0.05;
  const auto responses = Generate(instrument, parameters);
  ASSERT_EQ(responses.size(), 500U);
  int slots = 0;
  int missing = 0;
  int dont_know = 0;
  int grouping_answers = 0;
  int prefer_not = 0;
  for (const auto& response : responses) {
    for (const auto* item : instrument.Items()) {
      const bool present = response.answers.contains(item->id);
      if (item->scored()) {
        ++slots;
        if (!present) ++missing;
        if (present && response.answers[item->id] == "dk") ++dont_know;
      } else if (item->grouping != instruments::Grouping::kNone && present) {
        ++grouping_answers;
        if (response.answers[item->id] == "pnts") ++prefer_not;
      }
    }
  }
  EXPECT_NEAR(missing / static_cast<double>(slots), 0.03, 0.005);
  // "don't know" is drawn among the answers that are not missing.
  EXPECT_NEAR(dont_know / static_cast<double>(slots - missing), 0.04, 0.006);
  EXPECT_NEAR(prefer_not / static_cast<double>(grouping_answers), 0.05, 0.012);
}

TEST(DemoModelTest, ZeroRatesGiveCompleteAnswers) {
  const auto& instrument = ShippedInstrument("partner-feedback@1.0.0");
  auto parameters = EvenGroups(instrument, "partner_type", 10, 3);
  parameters.missing_rate = 0;
  parameters.dont_know_rate = 0;
  parameters.prefer_not_to_say_rate = 0;
  for (const auto& response : Generate(instrument, parameters)) {
    for (const auto* item : instrument.Items()) {
      if (!item->scored()) continue;
      ASSERT_TRUE(response.answers.contains(item->id));
      ASSERT_TRUE(response.answers[item->id].is_number_integer());
    }
    EXPECT_EQ(response.groups.at("partner_type"), response.group);
  }
}

TEST(DemoModelTest, StaffAttitudeScalesAreReliable) {
  for (const char* ref : {"staff-attitudes@1.0.0", "staff-attitudes@1.1.0"}) {
    const auto& instrument = ShippedInstrument(ref);
    ModelParameters parameters;
    parameters.seed = 2024;
    parameters.grouping_item = "team";
    parameters.groups = {{"alpha", 500, 0, {}, {}}};
    const auto responses = Generate(instrument, parameters);
    for (const auto& dimension : instrument.dimensions) {
      const double alpha = CronbachAlpha(instrument, dimension.id, responses);
      EXPECT_GE(alpha, 0.6) << ref << " " << dimension.id;
      EXPECT_LE(alpha, 0.95) << ref << " " << dimension.id;
    }
  }
}

TEST(DemoModelTest, GroupMeansFollowTheConfiguredOrder) {
  const auto& instrument = ShippedInstrument("partnership-charter@1.0.0");
  ModelParameters parameters;
  parameters.seed = 8;
  parameters.grouping_item = "side";
  parameters.dimension_means = {{"power", -0.2}};
  parameters.groups = {{"lead_host", 150, 0.5, {}, {}},
                       {"community_led_partner", 150, -0.2, {{"power", -0.7}}, {}},
                       {"other_partner", 150, 0.0, {}, {}}};
  const auto responses = Generate(instrument, parameters);
  EXPECT_DOUBLE_EQ(LatentMean(parameters, parameters.groups[1], "power"), -1.1);
  for (const auto& dimension : instrument.dimensions) {
    const double host = DimensionMean(instrument, dimension.id, responses, "lead_host");
    const double other = DimensionMean(instrument, dimension.id, responses, "other_partner");
    const double community =
        DimensionMean(instrument, dimension.id, responses, "community_led_partner");
    EXPECT_GT(host, other) << dimension.id;
    EXPECT_GT(other, community) << dimension.id;
  }
  // The power gap is wider than the gap on a dimension without a shift.
  const double power_gap = DimensionMean(instrument, "power", responses, "lead_host") -
                           DimensionMean(instrument, "power", responses, "community_led_partner");
  const double values_gap = DimensionMean(instrument, "values", responses, "lead_host") -
                            DimensionMean(instrument, "values", responses, "community_led_partner");
  EXPECT_GT(power_gap, values_gap + 0.3);
}

TEST(DemoModelTest, ReverseKeyedItemsAgreeWithTheirScaleAfterRecoding) {
  const auto& instrument = ShippedInstrument("staff-attitudes@1.0.0");
  ModelParameters parameters;
  parameters.seed = 77;
  parameters.grouping_item = "team";
  parameters.groups = {{"alpha", 300, 1.0, {}, {}}};  // a clearly favourable group
  const auto responses = Generate(instrument, parameters);
  for (const auto* item : instrument.Items()) {
    if (!item->scored()) continue;
    double sum = 0;
    int n = 0;
    for (const auto& response : responses) {
      auto it = response.answers.find(item->id);
      if (it == response.answers.end() || !it->is_number_integer()) continue;
      sum += it->get<int>();
      ++n;
    }
    const double mean = sum / n;
    // Favourable on the construct: raw answers high on forward items, low on reverse items.
    if (item->reverse) {
      EXPECT_LT(mean, 2.6) << item->id;
    } else {
      EXPECT_GT(mean, 3.4) << item->id;
    }
  }
}

TEST(DemoModelTest, ParametersThatDoNotFitTheInstrumentAreRejected) {
  const auto& instrument = ShippedInstrument("staff-attitudes@1.0.0");
  auto bad_item = EvenGroups(instrument, "team", 1, 1);
  bad_item.grouping_item = "rater";
  EXPECT_EQ(GenerateResponses(instrument, kTeams, bad_item).status().code(),
            StatusCode::kInvalidArgument);

  auto bad_group = EvenGroups(instrument, "team", 1, 1);
  bad_group.groups.push_back({"omega", 1, 0, {}, {}});
  EXPECT_EQ(GenerateResponses(instrument, kTeams, bad_group).status().code(),
            StatusCode::kInvalidArgument);

  auto bad_dimension = EvenGroups(instrument, "team", 1, 1);
  bad_dimension.dimension_means["power"] = 1;
  EXPECT_EQ(GenerateResponses(instrument, kTeams, bad_dimension).status().code(),
            StatusCode::kInvalidArgument);

  auto bad_distribution = EvenGroups(instrument, "team", 1, 1);
  bad_distribution.other_groupings["role"] = {{"astronaut", 1}};
  EXPECT_EQ(GenerateResponses(instrument, kTeams, bad_distribution).status().code(),
            StatusCode::kInvalidArgument);

  auto bad_rate = EvenGroups(instrument, "team", 1, 1);
  bad_rate.missing_rate = 1.5;
  EXPECT_EQ(GenerateResponses(instrument, kTeams, bad_rate).status().code(),
            StatusCode::kInvalidArgument);

  auto bad_loading = EvenGroups(instrument, "team", 1, 1);
  bad_loading.loading = 0.95;
  EXPECT_EQ(GenerateResponses(instrument, kTeams, bad_loading).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera::engine
