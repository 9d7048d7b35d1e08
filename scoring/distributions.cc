#include "scoring/distributions.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>
#include <cmath>

namespace tessera::scoring {

namespace {

namespace bmp = boost::math::policies;

// Boost.Math throws on domain errors by default; scoring returns NaN instead.
using NoThrow =
    bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::pole_error<bmp::ignore_error>,
                bmp::overflow_error<bmp::ignore_error>, bmp::underflow_error<bmp::ignore_error>,
                bmp::evaluation_error<bmp::ignore_error>, bmp::rounding_error<bmp::ignore_error>,
                bmp::indeterminate_result_error<bmp::ignore_error>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool ValidDf(double df) { return !std::isnan(df) && df > 0; }

}  // namespace

double StudentTQuantile(double p, double df) {
  if (!ValidDf(df) || !(p > 0 && p < 1)) return kNaN;
  if (std::isinf(df)) return NormalQuantile(p);
  return boost::math::quantile(boost::math::students_t_distribution<double, NoThrow>(df), p);
}

double StudentTTwoSidedP(double t, double df) {
  if (!ValidDf(df) || std::isnan(t)) return kNaN;
  if (std::isinf(t)) return 0.0;
  const double x = std::fabs(t);
  if (std::isinf(df)) {
    return 2.0 * boost::math::cdf(boost::math::complement(
                     boost::math::normal_distribution<double, NoThrow>(), x));
  }
  return 2.0 * boost::math::cdf(boost::math::complement(
                   boost::math::students_t_distribution<double, NoThrow>(df), x));
}

double NormalQuantile(double p) {
  if (!(p > 0 && p < 1)) return kNaN;
  return boost::math::quantile(boost::math::normal_distribution<double, NoThrow>(), p);
}

Interval TInterval(double estimate, double standard_error, double df, double level) {
  if (std::isnan(estimate) || std::isnan(standard_error) || standard_error < 0 ||
      !(level > 0 && level < 1)) {
    return {};
  }
  const double t = StudentTQuantile(1.0 - (1.0 - level) / 2.0, df);
  if (std::isnan(t)) return {};
  const double half_width = t * standard_error;
  return {estimate - half_width, estimate + half_width};
}

}  // namespace tessera::scoring
