// Recommended next steps: for each dimension, the steps of the band its mean falls in (the
// dimension's own steps for that band if the instrument gives them, otherwise the band's), the
// lowest-scoring dimension first; dimensions without a score last, with no steps.
#ifndef TESSERA_SCORING_RECOMMENDATIONS_H_
#define TESSERA_SCORING_RECOMMENDATIONS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/dimension_summary.h"
#include "scoring/provenance.h"

namespace tessera::scoring {

// A dimension's mean score in the group being reported; nullopt (or NaN) when there is none,
// because nobody had a score or the caller suppressed it.
struct DimensionMean {
  std::string dimension;
  std::optional<double> mean;
};

// Where a dimension's next steps come from.
enum class StepsSource { kDimension, kBand, kNone };
std::string_view ToString(StepsSource source);

struct Recommendation {
  std::string dimension;  // id
  std::string title;
  std::optional<double> mean;   // on the instrument's range
  std::optional<double> index;  // on 0-100
  std::optional<BandRef> band;
  std::vector<std::string> next_steps;  // empty without a score
  StepsSource steps_from = StepsSource::kNone;

  bool scored() const { return mean.has_value(); }
};

struct RecommendationList {
  // Dimensions with a score, lowest mean first (ties in the instrument's order), then those
  // without one in the instrument's order.
  std::vector<Recommendation> dimensions;
  std::optional<Provenance> provenance;  // attached by the caller

  // A dimension without a score shows status "not enough responses".
  nlohmann::json ToJson() const;
};

// The means of a set of summaries, ready for Recommend.
std::vector<DimensionMean> MeansOf(std::span<const DimensionSummary> summaries);

// Next steps for every dimension of the instrument. Dimensions absent from `means` have no
// score. InvalidArgument when `means` names a dimension the instrument lacks or names one twice,
// or a mean lies outside the instrument's range.
Result<RecommendationList> Recommend(const instruments::Instrument& instrument,
                                     std::span<const DimensionMean> means);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_RECOMMENDATIONS_H_
