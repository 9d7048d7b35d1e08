// Per-respondent scores: each answer recoded (reverse keying, codes such as "don't know" as
// missing), then each dimension scored as the mean of the respondent's answered items when at
// least the instrument's minimum share of them is answered. Pure computation: no I/O.
#ifndef TESSERA_SCORING_RESPONDENT_SCORES_H_
#define TESSERA_SCORING_RESPONDENT_SCORES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "instruments/instrument.h"

namespace tessera::scoring {

// The value one answer contributes to its dimension: nullopt when the item is unanswered,
// answered with a code ("dk", "na"), or not a value of the scale; min + max - x when the item
// is reverse-keyed.
std::optional<double> RecodedValue(const instruments::Item& item,
                                   const instruments::ResponseScale& scale,
                                   const nlohmann::json& answer);

struct DimensionScore {
  std::string dimension;
  std::optional<double> score;  // missing when fewer than the minimum share was answered
  size_t answered = 0;
  size_t items = 0;
};

// One entry per dimension of the instrument, in the instrument's order.
std::vector<DimensionScore> ScoreRespondent(const instruments::Instrument& instrument,
                                            const nlohmann::json& answers);

// A score on the instrument's range as a 0-100 index (range minimum 0, maximum 100).
double ToIndex(const instruments::ScoringModel& scoring, double score);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_RESPONDENT_SCORES_H_
