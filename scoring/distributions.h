// Probability distributions the summaries need (Student t, normal) through Boost.Math, with
// every domain error returned as NaN instead of thrown, and the confidence interval type.
#ifndef TESSERA_SCORING_DISTRIBUTIONS_H_
#define TESSERA_SCORING_DISTRIBUTIONS_H_

#include <limits>

namespace tessera::scoring {

// The confidence level of every interval Tessera reports.
inline constexpr double kConfidenceLevel = 0.95;

// A two-sided interval; both ends NaN when there is none.
struct Interval {
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();

  bool operator==(const Interval&) const = default;
};

// The p-quantile of Student's t with `df` degrees of freedom (R: qt(p, df)). `df` may be
// fractional (Welch) or +infinity (the normal distribution). NaN when p is outside (0, 1) or
// df is not positive.
double StudentTQuantile(double p, double df);

// P(|T| >= |t|) for T ~ t(df) (R: 2 * pt(-abs(t), df)). NaN when t is NaN or df is not
// positive; 0 when t is infinite.
double StudentTTwoSidedP(double t, double df);

// The p-quantile of the standard normal distribution (R: qnorm(p)); NaN outside (0, 1).
double NormalQuantile(double p);

// estimate ± t(1 - (1 - level) / 2, df) · standard_error. Both ends NaN when any input is NaN,
// the standard error is negative or df is not positive.
Interval TInterval(double estimate, double standard_error, double df,
                   double level = kConfidenceLevel);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_DISTRIBUTIONS_H_
