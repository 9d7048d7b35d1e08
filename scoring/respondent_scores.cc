#include "scoring/respondent_scores.h"

namespace tessera::scoring {

namespace ins = tessera::instruments;

std::optional<double> RecodedValue(const ins::Item& item, const ins::ResponseScale& scale,
                                   const nlohmann::json& answer) {
  if (!scale.ordered() || !answer.is_number_integer()) return std::nullopt;
  const auto value = answer.get<long long>();
  bool on_scale = false;
  for (const auto& option : scale.values) on_scale = on_scale || option.number == value;
  if (!on_scale) return std::nullopt;
  const double x = static_cast<double>(value);
  return item.reverse ? scale.min() + scale.max() - x : x;
}

std::vector<DimensionScore> ScoreRespondent(const ins::Instrument& instrument,
                                            const nlohmann::json& answers) {
  std::vector<DimensionScore> scores;
  for (const auto& dimension : instrument.dimensions) {
    DimensionScore entry;
    entry.dimension = dimension.id;
    double sum = 0;
    for (const ins::Item* item : instrument.ItemsOf(dimension.id)) {
      ++entry.items;
      const ins::ResponseScale* scale = instrument.FindScale(item->scale);
      auto it = answers.find(item->id);
      if (scale == nullptr || it == answers.end()) continue;
      if (auto value = RecodedValue(*item, *scale, *it)) {
        sum += *value;
        ++entry.answered;
      }
    }
    // Compare counts, not a rounded share: 3 of 5 answered meets a 0.6 minimum exactly.
    const double needed = instrument.scoring.min_answered_share * static_cast<double>(entry.items);
    if (entry.answered > 0 && static_cast<double>(entry.answered) + 1e-9 >= needed) {
      entry.score = sum / static_cast<double>(entry.answered);
    }
    scores.push_back(std::move(entry));
  }
  return scores;
}

double ToIndex(const ins::ScoringModel& scoring, double score) {
  return 100.0 * (score - scoring.range_min) / (scoring.range_max - scoring.range_min);
}

}  // namespace tessera::scoring
