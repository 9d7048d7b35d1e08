// Helpers shared by the scoring tests: loading catalogue instruments and the JSON fixtures under
// tests/data/scoring/summaries, the small builders of hand-made instruments (scale values,
// codes, dimensions), score moments from a list of scores, and the item histograms and score
// moments of a fixture's respondents built the way the accumulator builds them, and a test
// suite base that loads staff-attitudes@1.1.0 with the groups.json fixture.
#ifndef TESSERA_TESTS_SCORING_SCORING_TEST_SUPPORT_H_
#define TESSERA_TESTS_SCORING_SCORING_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "instruments/instrument_loader.h"
#include "scoring/item_histogram.h"
#include "scoring/respondent_scores.h"
#include "scoring/score_moments.h"

namespace tessera::scoring::testing {

// instruments/catalogue/<relative>, e.g. "staff-attitudes/1.1.0.json"; null when it does not
// load.
inline std::unique_ptr<instruments::LoadedInstrument> LoadCatalogueInstrument(
    const std::string& relative) {
  instruments::Diagnostics diagnostics;
  return instruments::LoadInstrumentFile(
      std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue" / relative, &diagnostics);
}

// The instrument of instruments/catalogue/<id>/<version>.json; a test failure and an empty
// instrument when it does not load.
inline instruments::Instrument CatalogueInstrument(const std::string& id,
                                                   const std::string& version) {
  const auto path = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue" / id /
                    (version + ".json");
  instruments::Diagnostics diagnostics;
  auto loaded = instruments::LoadInstrumentFile(path, &diagnostics);
  if (loaded == nullptr) {
    ADD_FAILURE() << "cannot load " << path;
    return {};
  }
  return loaded->instrument;
}

// tests/data/scoring/summaries/<name> (made by generate.R there), parsed.
inline nlohmann::json ReadSummaryFixture(const std::string& name) {
  std::ifstream in(std::string(TESSERA_TEST_DATA) + "/scoring/summaries/" + name);
  return nlohmann::json::parse(in);
}

// Builders for hand-made instruments.
inline instruments::ScaleValue Number(int number) {
  instruments::ScaleValue value;
  value.number = number;
  return value;
}

inline instruments::ScaleValue Category(const std::string& code) {
  instruments::ScaleValue value;
  value.code = code;
  return value;
}

inline instruments::ScaleCode Code(
    const std::string& code,
    instruments::CodeMeaning meaning = instruments::CodeMeaning::kDontKnow) {
  instruments::ScaleCode scale_code;
  scale_code.code = code;
  scale_code.meaning = meaning;
  return scale_code;
}

inline instruments::Dimension Dimension(const std::string& id) {
  instruments::Dimension dimension;
  dimension.id = id;
  return dimension;
}

// Moments of the given respondent scores, none excluded.
inline ScoreMoments MomentsOf(std::initializer_list<double> scores) {
  ScoreMoments moments;
  for (double score : scores) moments.Add(score);
  return moments;
}

// Whether a fixture respondent ({"group": ..., "answers": {...}}) belongs to `group`; "all"
// takes everyone.
inline bool InGroup(const nlohmann::json& respondent, const std::string& group) {
  return group == "all" || respondent["group"] == group;
}

// One histogram per item of the dimension, counting the raw answers of the fixture's
// respondents in `group`: values, codes of the item's scale, and missing answers.
inline std::vector<ItemHistogram> GroupHistograms(const instruments::Instrument& instrument,
                                                  const nlohmann::json& fixture,
                                                  const std::string& dimension_id,
                                                  const std::string& group) {
  std::vector<ItemHistogram> histograms;
  for (const instruments::Item* item : instrument.ItemsOf(dimension_id)) {
    const instruments::ResponseScale& scale = *instrument.FindScale(item->scale);
    ItemHistogram histogram(scale.min(), scale.max(), scale.codes.size());
    for (const auto& respondent : fixture["respondents"]) {
      if (!InGroup(respondent, group)) continue;
      const nlohmann::json& answers = respondent["answers"];
      auto it = answers.find(item->id);
      if (it == answers.end()) {
        histogram.AddMissing();
      } else if (it->is_string()) {
        for (size_t c = 0; c < scale.codes.size(); ++c) {
          if (scale.codes[c].code == it->get<std::string>()) histogram.AddCode(c);
        }
      } else {
        histogram.AddValue(it->get<int>());
      }
    }
    histograms.push_back(std::move(histogram));
  }
  return histograms;
}

// The moments of the dimension's scores of the fixture's respondents in `group`, each scored
// with ScoreRespondent; a respondent without a score counts as excluded.
inline ScoreMoments GroupScoreMoments(const instruments::Instrument& instrument,
                                      const nlohmann::json& fixture,
                                      const std::string& dimension_id, const std::string& group) {
  ScoreMoments moments;
  for (const auto& respondent : fixture["respondents"]) {
    if (!InGroup(respondent, group)) continue;
    for (const DimensionScore& score : ScoreRespondent(instrument, respondent["answers"])) {
      if (score.dimension != dimension_id) continue;
      if (score.score) {
        moments.Add(*score.score);
      } else {
        moments.AddExcluded();
      }
    }
  }
  return moments;
}

// Base of the test suites over groups.json (tests/data/scoring/summaries/generate.R: raw
// answers of three groups of respondents to staff-attitudes@1.1.0 and R's figures for them).
// The instrument and the fixture are loaded once per suite.
class GroupsFixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    loaded_ = LoadCatalogueInstrument("staff-attitudes/1.1.0.json").release();
    fixture_ = new nlohmann::json(ReadSummaryFixture("groups.json"));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    delete fixture_;
    loaded_ = nullptr;
    fixture_ = nullptr;
  }
  static const instruments::Instrument& instrument() { return loaded_->instrument; }
  static const instruments::Dimension& dimension(const char* id) {
    return *instrument().FindDimension(id);
  }
  static std::vector<ItemHistogram> Histograms(const std::string& dimension_id,
                                               const std::string& group) {
    return GroupHistograms(instrument(), *fixture_, dimension_id, group);
  }
  static ScoreMoments Moments(const std::string& dimension_id, const std::string& group) {
    return GroupScoreMoments(instrument(), *fixture_, dimension_id, group);
  }

  static inline instruments::LoadedInstrument* loaded_ = nullptr;
  static inline nlohmann::json* fixture_ = nullptr;
};

}  // namespace tessera::scoring::testing

#endif  // TESSERA_TESTS_SCORING_SCORING_TEST_SUPPORT_H_
