// Provenance: where a result comes from (instrument version and content hash, scoring method
// and its version, respondents used and excluded, the missing-data rule, when it was computed),
// carried on every result; and the JSON conventions every result follows (NaN as null).
#ifndef TESSERA_SCORING_PROVENANCE_H_
#define TESSERA_SCORING_PROVENANCE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "instruments/instrument.h"
#include "scoring/distributions.h"
#include "scoring/score_moments.h"

namespace tessera::scoring {

// The version of Tessera's scoring method. Raise it whenever a change to scoring/ can change a
// reported figure, so that results computed under different rules are never mixed unknowingly.
inline constexpr std::string_view kScoringMethodVersion = "tessera-scoring/1";

struct Provenance {
  std::string instrument;      // "id@version"
  std::string content_hash;    // "sha256:<hex>" of the pinned instrument document
  std::string scoring_method;  // the instrument's method, e.g. "mean_of_answered"
  std::string scoring_version = std::string(kScoringMethodVersion);
  int64_t n_used = 0;             // respondents whose answers the result rests on
  int64_t n_excluded = 0;         // respondents left out by the missing-data rule
  std::string missing_data_rule;  // in words, from ScoringModel::min_answered_share
  std::string computed_at;        // supplied by the caller: scoring has no clock

  // Every field; empty strings as null.
  nlohmann::json ToJson() const;
  bool operator==(const Provenance&) const = default;
};

// The missing-data rule of a scoring model in plain words, e.g. "... at least 50% of its items
// (2 of 3, 2 of 4, 3 of 5) ...".
std::string MissingDataRule(const instruments::ScoringModel& scoring);

Provenance MakeProvenance(const instruments::Instrument& instrument, std::string content_hash,
                          int64_t n_used, int64_t n_excluded, std::string computed_at);
// n used and excluded taken from a dimension's moments.
Provenance MakeProvenance(const instruments::Instrument& instrument, std::string content_hash,
                          const ScoreMoments& moments, std::string computed_at);

// JSON conventions shared by every result:
// a number, or null when it is NaN or infinite;
nlohmann::json JsonNumber(double value);
// an optional number, null when absent;
nlohmann::json JsonNumber(const std::optional<double>& value);
// a 95% interval as {"level", "lower", "upper"}, null when absent;
nlohmann::json JsonInterval(const std::optional<Interval>& interval);
// a result's provenance, null when the caller has not attached one.
nlohmann::json JsonProvenance(const std::optional<Provenance>& provenance);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_PROVENANCE_H_
