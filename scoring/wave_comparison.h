// Two survey waves of the same dimension compared: difference of means (later - earlier), its
// Welch standard error, Welch-Satterthwaite degrees of freedom, 95% confidence interval, Welch
// t and two-sided p, and Hedges' g as the effect size. Built from each wave's ScoreMoments.
#ifndef TESSERA_SCORING_WAVE_COMPARISON_H_
#define TESSERA_SCORING_WAVE_COMPARISON_H_

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/distributions.h"
#include "scoring/provenance.h"
#include "scoring/score_moments.h"

namespace tessera::scoring {

// The figures of one wave.
struct WaveFigures {
  int64_t n = 0;
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();
};

struct WaveComparison {
  std::string dimension;  // id
  WaveFigures earlier;
  WaveFigures later;
  // later.mean - earlier.mean; NaN when either wave has no score.
  double difference = std::numeric_limits<double>::quiet_NaN();
  double index_difference = std::numeric_limits<double>::quiet_NaN();  // in index points
  // The rest need at least two respondents in each wave (NaN / nullopt otherwise):
  // sqrt(s1^2/n1 + s2^2/n2);
  double standard_error = std::numeric_limits<double>::quiet_NaN();
  // Welch-Satterthwaite; also NaN when both waves' scores are all equal (standard error 0).
  double df = std::numeric_limits<double>::quiet_NaN();
  double t = std::numeric_limits<double>::quiet_NaN();        // difference / standard_error
  double p_value = std::numeric_limits<double>::quiet_NaN();  // two-sided
  std::optional<Interval> ci;                                 // 95%, of the difference
  std::optional<Interval> index_ci;                           // the same in index points
  // Hedges' g: the difference over the pooled SD, times the exact small-sample correction
  // J = Γ(m/2) / (sqrt(m/2) Γ((m-1)/2)), m = n1 + n2 - 2. Positive when the later wave is
  // higher; NaN when the pooled SD is 0.
  double hedges_g = std::numeric_limits<double>::quiet_NaN();
  std::optional<Provenance> earlier_provenance;  // attached by the caller
  std::optional<Provenance> later_provenance;

  nlohmann::json ToJson() const;
};

// Compares two waves of `dimension`, both scored on the range of `scoring` (the later wave's
// scoring model; item_continuity.h says when two versions are comparable). InvalidArgument for
// a negative count.
Result<WaveComparison> CompareWaves(const std::string& dimension,
                                    const instruments::ScoringModel& scoring,
                                    const ScoreMoments& earlier, const ScoreMoments& later);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_WAVE_COMPARISON_H_
