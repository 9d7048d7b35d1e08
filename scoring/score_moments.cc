#include "scoring/score_moments.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera::scoring {

double ScoreMoments::Mean() const {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return sum / static_cast<double>(n);
}

double ScoreMoments::Variance() const {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const double count = static_cast<double>(n);
  // Clamp the tiny negative values rounding can leave when every score is equal.
  return std::max(0.0, (sum_squares - sum * sum / count) / (count - 1));
}

double ScoreMoments::Sd() const { return std::sqrt(Variance()); }

}  // namespace tessera::scoring
