#include "scoring/provenance.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace tessera::scoring {

namespace {

nlohmann::json StringOrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

// 0.5 -> "50%", 2/3 -> "66.7%".
std::string Percent(double share) {
  char buffer[32];
  const double percent = std::round(share * 1000.0) / 10.0;
  if (percent == std::floor(percent)) {
    std::snprintf(buffer, sizeof buffer, "%.0f%%", percent);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f%%", percent);
  }
  return buffer;
}

// The fewest answered items out of `items` that meet the share (the rule ScoreRespondent uses).
int Needed(double share, int items) {
  for (int answered = 1; answered <= items; ++answered) {
    if (static_cast<double>(answered) + 1e-9 >= share * static_cast<double>(items)) return answered;
  }
  return items;
}

}  // namespace

nlohmann::json Provenance::ToJson() const {
  return {{"instrument", StringOrNull(instrument)},
          {"content_hash", StringOrNull(content_hash)},
          {"scoring_method", StringOrNull(scoring_method)},
          {"scoring_version", StringOrNull(scoring_version)},
          {"n_used", n_used},
          {"n_excluded", n_excluded},
          {"missing_data_rule", StringOrNull(missing_data_rule)},
          {"computed_at", StringOrNull(computed_at)}};
}

std::string MissingDataRule(const instruments::ScoringModel& scoring) {
  const double share = scoring.min_answered_share;
  std::string rule =
      "A respondent's score for a dimension is the mean of the dimension's items they answered "
      "with a value, reverse-keyed items recoded; unanswered items and answers such as \"Don't "
      "know\" or \"Not applicable\" count as missing. ";
  if (share >= 1.0) {
    rule += "A score needs every item of the dimension answered";
  } else {
    rule += "A score needs at least " + Percent(share) + " of the dimension's items answered (";
    for (int items = 3; items <= 5; ++items) {
      if (items > 3) rule += ", ";
      rule += std::to_string(Needed(share, items)) + " of " + std::to_string(items);
    }
    rule += ")";
  }
  rule += "; respondents with fewer answered items are left out of that dimension.";
  return rule;
}

Provenance MakeProvenance(const instruments::Instrument& instrument, std::string content_hash,
                          int64_t n_used, int64_t n_excluded, std::string computed_at) {
  Provenance provenance;
  provenance.instrument = instrument.ref().ToString();
  provenance.content_hash = std::move(content_hash);
  provenance.scoring_method = instrument.scoring.method;
  provenance.n_used = n_used;
  provenance.n_excluded = n_excluded;
  provenance.missing_data_rule = MissingDataRule(instrument.scoring);
  provenance.computed_at = std::move(computed_at);
  return provenance;
}

Provenance MakeProvenance(const instruments::Instrument& instrument, std::string content_hash,
                          const ScoreMoments& moments, std::string computed_at) {
  return MakeProvenance(instrument, std::move(content_hash), moments.n, moments.excluded,
                        std::move(computed_at));
}

nlohmann::json JsonNumber(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json JsonNumber(const std::optional<double>& value) {
  return value ? JsonNumber(*value) : nlohmann::json(nullptr);
}

nlohmann::json JsonInterval(const std::optional<Interval>& interval) {
  if (!interval) return nullptr;
  return {{"level", kConfidenceLevel},
          {"lower", JsonNumber(interval->lower)},
          {"upper", JsonNumber(interval->upper)}};
}

nlohmann::json JsonProvenance(const std::optional<Provenance>& provenance) {
  return provenance ? provenance->ToJson() : nlohmann::json(nullptr);
}

}  // namespace tessera::scoring
