#include "scoring/wave_comparison.h"

#include <cmath>

namespace tessera::scoring {

namespace {

nlohmann::json WaveJson(const WaveFigures& wave) {
  return {{"n", wave.n}, {"mean", JsonNumber(wave.mean)}, {"sd", JsonNumber(wave.sd)}};
}

WaveFigures FiguresOf(const ScoreMoments& moments) {
  return {moments.n, moments.Mean(), moments.Sd()};
}

// Hedges' exact small-sample correction for m degrees of freedom.
double HedgesCorrection(double m) {
  return std::exp(std::lgamma(m / 2.0) - std::lgamma((m - 1.0) / 2.0)) / std::sqrt(m / 2.0);
}

}  // namespace

nlohmann::json WaveComparison::ToJson() const {
  return {{"dimension", dimension},
          {"earlier", WaveJson(earlier)},
          {"later", WaveJson(later)},
          {"difference", JsonNumber(difference)},
          {"index_difference", JsonNumber(index_difference)},
          {"standard_error", JsonNumber(standard_error)},
          {"df", JsonNumber(df)},
          {"t", JsonNumber(t)},
          {"p_value", JsonNumber(p_value)},
          {"ci", JsonInterval(ci)},
          {"index_ci", JsonInterval(index_ci)},
          {"hedges_g", JsonNumber(hedges_g)},
          {"earlier_provenance", JsonProvenance(earlier_provenance)},
          {"later_provenance", JsonProvenance(later_provenance)}};
}

Result<WaveComparison> CompareWaves(const std::string& dimension,
                                    const instruments::ScoringModel& scoring,
                                    const ScoreMoments& earlier, const ScoreMoments& later) {
  if (earlier.n < 0 || earlier.excluded < 0 || later.n < 0 || later.excluded < 0) {
    return Status::InvalidArgument("the moments of \"" + dimension + "\" have a negative count");
  }
  WaveComparison result;
  result.dimension = dimension;
  result.earlier = FiguresOf(earlier);
  result.later = FiguresOf(later);
  // Index points per unit of the instrument's range.
  const double to_index = 100.0 / (scoring.range_max - scoring.range_min);
  if (earlier.n == 0 || later.n == 0) return result;
  result.difference = result.later.mean - result.earlier.mean;
  result.index_difference = result.difference * to_index;
  if (earlier.n < 2 || later.n < 2) return result;

  const double n1 = static_cast<double>(earlier.n);
  const double n2 = static_cast<double>(later.n);
  const double v1 = earlier.Variance() / n1;  // squared standard errors of each mean
  const double v2 = later.Variance() / n2;
  result.standard_error = std::sqrt(v1 + v2);
  if (result.standard_error > 0) {
    result.df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
    result.t = result.difference / result.standard_error;
    result.p_value = StudentTTwoSidedP(result.t, result.df);
    result.ci = TInterval(result.difference, result.standard_error, result.df);
    result.index_ci = Interval{result.ci->lower * to_index, result.ci->upper * to_index};
  }

  const double m = n1 + n2 - 2.0;
  const double pooled_sd =
      std::sqrt(((n1 - 1.0) * earlier.Variance() + (n2 - 1.0) * later.Variance()) / m);
  if (pooled_sd > 0) result.hedges_g = result.difference / pooled_sd * HedgesCorrection(m);
  return result;
}

}  // namespace tessera::scoring
