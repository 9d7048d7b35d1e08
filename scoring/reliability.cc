#include "scoring/reliability.h"

#include <Eigen/Core>
#include <Eigen/SVD>
#include <algorithm>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/policies/policy.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

namespace tessera::scoring {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Boost.Math reports bad arguments as NaN instead of throwing; the callers check first anyway.
using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

// a / b, NaN when b is zero (R would give Inf or NaN there; we never divide by zero).
double Ratio(double a, double b) { return b == 0 ? kNaN : a / b; }

double Root(double x) { return x >= 0 ? std::sqrt(x) : kNaN; }

std::string Fixed(double x, int digits) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, x);
  return text;
}

AlphaFigures Undefined() { return {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN}; }

// psych's tr(): the sum of the diagonal, missing entries left out.
double Trace(const Eigen::MatrixXd& m) {
  double sum = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (!std::isnan(m(i, i))) sum += m(i, i);
  }
  return sum;
}

// The matrix without row and column `drop`.
Eigen::MatrixXd Without(const Eigen::MatrixXd& m, Eigen::Index drop) {
  const Eigen::Index p = m.rows();
  Eigen::MatrixXd out(p - 1, p - 1);
  for (Eigen::Index i = 0, oi = 0; i < p; ++i) {
    if (i == drop) continue;
    for (Eigen::Index j = 0, oj = 0; j < p; ++j) {
      if (j == drop) continue;
      out(oi, oj++) = m(i, j);
    }
    ++oi;
  }
  return out;
}

// stats::cov2cor: scales a covariance matrix to correlations, ones on the diagonal.
Eigen::MatrixXd CovToCor(const Eigen::MatrixXd& c) {
  const Eigen::VectorXd scale = c.diagonal().cwiseSqrt().cwiseInverse();
  Eigen::MatrixXd r = scale.asDiagonal() * c * scale.asDiagonal();
  r.diagonal().setOnes();
  return r;
}

// psych::Pinv: the Moore-Penrose inverse through the SVD, singular values at or below
// sqrt(machine epsilon) times the largest treated as zero.
Eigen::MatrixXd PseudoInverse(const Eigen::MatrixXd& m) {
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(m, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd& d = svd.singularValues();
  const double tolerance = std::max(std::sqrt(std::numeric_limits<double>::epsilon()) * d(0), 0.0);
  Eigen::VectorXd inverse = Eigen::VectorXd::Zero(d.size());
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    if (d(i) > tolerance) inverse(i) = 1 / d(i);
  }
  return svd.matrixV() * inverse.asDiagonal() * svd.matrixU().transpose();
}

// psych::smc for a correlation matrix: each variable's squared multiple correlation with the
// others, 1 - 1 / diag(R^-1), clamped to 0..1. When R has undefined entries psych substitutes
// estimates from the defined part; we report NaN instead.
Eigen::VectorXd Smc(const Eigen::MatrixXd& r) {
  const Eigen::Index p = r.rows();
  if (!r.allFinite()) return Eigen::VectorXd::Constant(p, kNaN);
  const Eigen::MatrixXd inverse = PseudoInverse(r);
  Eigen::VectorXd smc(p);
  bool all_nan = true;
  for (Eigen::Index i = 0; i < p; ++i) {
    const double diagonal = inverse(i, i);
    smc(i) = diagonal == 0 ? -std::numeric_limits<double>::infinity() : 1 - 1 / diagonal;
    if (!std::isnan(smc(i))) all_nan = false;
  }
  if (all_nan) smc.setOnes();
  for (Eigen::Index i = 0; i < p; ++i) {
    if (smc(i) > 1) smc(i) = 1;
    if (smc(i) < 0) smc(i) = 0;
  }
  return smc;
}

// The correlations below the diagonal, undefined ones left out (R's na.rm = TRUE).
std::vector<double> LowerTriangle(const Eigen::MatrixXd& r) {
  std::vector<double> values;
  for (Eigen::Index j = 0; j < r.cols(); ++j) {
    for (Eigen::Index i = j + 1; i < r.rows(); ++i) {
      if (!std::isnan(r(i, j))) values.push_back(r(i, j));
    }
  }
  return values;
}

double SampleVariance(const std::vector<double>& values) {
  if (values.size() < 2) return kNaN;
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return squares / static_cast<double>(values.size() - 1);
}

double Median(std::vector<double> values) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// psych's alpha.1(C, R). `rows` is psych's nsub; the standard error is left undefined when
// `with_se` is false (psych drops that column of alpha.drop when nsub <= nvar).
AlphaFigures AlphaOne(const Eigen::MatrixXd& c, const Eigen::MatrixXd& r, int64_t rows,
                      bool with_se) {
  const auto n = static_cast<double>(c.rows());
  const double correction = n / (n - 1);
  const double sum_c = c.sum();
  const double trace_c = Trace(c);
  const double sum_r = r.sum();
  AlphaFigures f;
  f.raw_alpha = (1 - Ratio(trace_c, sum_c)) * correction;
  f.std_alpha = (1 - Ratio(n, sum_r)) * correction;
  f.g6 = 1 - Ratio(n - Smc(r).sum(), sum_r);
  f.average_r = (sum_r - n) / (n * (n - 1));
  f.signal_noise = Ratio(n * f.average_r, 1 - f.average_r);
  const std::vector<double> lower = LowerTriangle(r);
  f.var_r = SampleVariance(lower);
  f.median_r = Median(lower);
  const Eigen::MatrixXd cc = c * c;
  const double q = Ratio(2 * n * n, (n - 1) * (n - 1) * sum_c * sum_c * sum_c) *
                   (sum_c * (Trace(cc) + trace_c * trace_c) - 2 * (trace_c * cc.sum()));
  f.alpha_se = with_se ? Root(Ratio(q, static_cast<double>(rows))) : kNaN;
  return f;
}

// alpha.drop for a two-item scale, where psych does not recompute alpha from one item but
// reports, for dropping item `drop`: C12 / C(other, other), r12, smc(R)[1], r12, r12 / (1 -
// r12), no standard error, var.r 0 and med.r r12.
AlphaFigures TwoItemDrop(const Eigen::MatrixXd& c, const Eigen::MatrixXd& r, Eigen::Index drop) {
  const Eigen::Index other = 1 - drop;
  const double r12 = r(0, 1);
  AlphaFigures f;
  f.raw_alpha = Ratio(c(0, 1), c(other, other));
  f.std_alpha = r12;
  f.g6 = Smc(r)(0);
  f.average_r = r12;
  f.signal_noise = Ratio(r12, 1 - r12);
  f.alpha_se = kNaN;
  f.var_r = 0;
  f.median_r = r12;
  return f;
}

nlohmann::json Number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nullptr; }

}  // namespace

std::string_view ReliabilityWarningCodeName(ReliabilityWarningCode code) {
  switch (code) {
    case ReliabilityWarningCode::kLowAlpha:
      return "low_alpha";
    case ReliabilityWarningCode::kNegativeItemTotal:
      return "negative_item_total";
    case ReliabilityWarningCode::kZeroVariance:
      return "zero_variance";
    case ReliabilityWarningCode::kAlphaUndefined:
      return "alpha_undefined";
  }
  return "unknown";
}

ConfidenceInterval FeldtInterval(double alpha, int64_t n, size_t items, double confidence) {
  if (!std::isfinite(alpha) || n < 2 || items < 2 || !(confidence > 0 && confidence < 1)) {
    return {kNaN, kNaN};
  }
  const auto df1 = static_cast<double>(n - 1);
  const double df2 = df1 * static_cast<double>(items - 1);
  const boost::math::fisher_f_distribution<double, NoThrowPolicy> f(df1, df2);
  const double p = 1 - confidence;
  return {1 - (1 - alpha) * boost::math::quantile(f, 1 - p / 2),
          1 - (1 - alpha) * boost::math::quantile(f, p / 2)};
}

Result<ReliabilityResult> ComputeReliability(const PairwiseMoments& moments,
                                             const std::vector<std::string>& item_ids,
                                             const ReliabilityOptions& options) {
  if (item_ids.size() != moments.variables()) {
    return Status::InvalidArgument("reliability: " + std::to_string(item_ids.size()) +
                                   " item ids for " + std::to_string(moments.variables()) +
                                   " variables");
  }
  if (item_ids.size() < 2) {
    return Status::InvalidArgument("reliability needs a scale of at least two items; got " +
                                   std::to_string(item_ids.size()));
  }
  ReliabilityResult result;
  result.n_rows = moments.rows();
  result.n_complete = moments.complete();

  // Items nobody varied on are left out of every figure, as psych does (delete = TRUE).
  std::vector<size_t> kept;
  for (size_t i = 0; i < item_ids.size(); ++i) {
    ItemReliability item;
    item.id = item_ids[i];
    item.n = moments.n(i);
    item.mean = moments.Mean(i);
    item.sd = moments.Sd(i);
    item.no_variance = !(item.sd > 0);
    item.raw_r = item.std_r = item.r_cor = item.r_drop = kNaN;
    item.if_dropped = Undefined();
    if (item.no_variance) {
      result.warnings.push_back(
          {ReliabilityWarningCode::kZeroVariance, item.id,
           "item " + item.id +
               (item.n < 2 ? " was answered by fewer than two respondents"
                           : " has no variance (everyone who answered gave the same answer)") +
               "; it is left out of alpha and every other figure"});
    } else {
      kept.push_back(i);
    }
    result.items.push_back(std::move(item));
  }
  result.items_used = kept.size();
  result.alpha = Undefined();
  result.feldt = {kNaN, kNaN};
  if (kept.size() < 2) {
    result.warnings.push_back({ReliabilityWarningCode::kAlphaUndefined, "",
                               "alpha cannot be computed: fewer than two items have any "
                               "variance"});
    return result;
  }

  const auto k = static_cast<Eigen::Index>(kept.size());
  Eigen::MatrixXd c(k, k);
  for (Eigen::Index a = 0; a < k; ++a) {
    for (Eigen::Index b = 0; b < k; ++b) {
      c(a, b) = moments.Covariance(kept[static_cast<size_t>(a)], kept[static_cast<size_t>(b)]);
    }
  }
  bool sparse_pair = false;
  for (Eigen::Index a = 0; a < k; ++a) {
    for (Eigen::Index b = a + 1; b < k; ++b) {
      if (std::isnan(c(a, b))) {
        sparse_pair = true;
        result.warnings.push_back({ReliabilityWarningCode::kAlphaUndefined, "",
                                   "alpha cannot be computed: items " +
                                       item_ids[kept[static_cast<size_t>(a)]] + " and " +
                                       item_ids[kept[static_cast<size_t>(b)]] +
                                       " were answered together by fewer than two respondents"});
      }
    }
  }
  const Eigen::MatrixXd r = CovToCor(c);

  result.alpha = AlphaOne(c, r, result.n_rows, true);
  const bool drop_se = result.n_rows > k;
  for (Eigen::Index a = 0; a < k; ++a) {
    ItemReliability& item = result.items[kept[static_cast<size_t>(a)]];
    item.if_dropped = k > 2 ? AlphaOne(Without(c, a), Without(r, a), result.n_rows, drop_se)
                            : TwoItemDrop(c, r, a);
  }

  // Item-total correlations, all from the covariance matrix (psych's item.stats).
  const double sum_c = c.sum();
  const double sum_r = r.sum();
  Eigen::MatrixXd rc = r;
  rc.diagonal() = Smc(r);
  const double sum_rc = rc.sum();
  for (Eigen::Index a = 0; a < k; ++a) {
    ItemReliability& item = result.items[kept[static_cast<size_t>(a)]];
    const double c_ii = c(a, a);
    item.raw_r = Ratio(c.col(a).sum(), Root(c_ii * sum_c));
    item.std_r = Ratio(r.col(a).sum(), Root(sum_r));
    item.r_cor = Ratio(rc.col(a).sum(), Root(sum_rc));
    const double rest_variance = Without(c, a).sum();
    const double rest_covariance = c.col(a).sum() - c_ii;
    item.r_drop = Ratio(rest_covariance, Root(c_ii * rest_variance));
  }

  result.feldt =
      FeldtInterval(result.alpha.raw_alpha, result.n_rows, kept.size(), options.confidence);

  const double alpha = result.alpha.raw_alpha;
  if (std::isnan(alpha)) {
    if (!sparse_pair) {
      result.warnings.push_back({ReliabilityWarningCode::kAlphaUndefined, "",
                                 "alpha cannot be computed: the items' total has no variance"});
    }
  } else if (alpha < options.low_alpha) {
    result.warnings.push_back(
        {ReliabilityWarningCode::kLowAlpha, "",
         "alpha is " + Fixed(alpha, 2) + ", below " + Fixed(options.low_alpha, 2) +
             ": the items may not measure one thing consistently enough to report their average "
             "as one score"});
  }
  for (size_t i : kept) {
    const ItemReliability& item = result.items[i];
    if (item.r_drop < 0) {
      result.warnings.push_back({ReliabilityWarningCode::kNegativeItemTotal, item.id,
                                 "item " + item.id +
                                     " correlates negatively with the rest of the scale (r.drop "
                                     "= " +
                                     Fixed(item.r_drop, 2) + "): a likely reverse-keying mistake"});
    }
  }
  return result;
}

nlohmann::json ToJson(const AlphaFigures& figures) {
  return {{"raw_alpha", Number(figures.raw_alpha)},
          {"std_alpha", Number(figures.std_alpha)},
          {"g6", Number(figures.g6)},
          {"average_r", Number(figures.average_r)},
          {"signal_noise", Number(figures.signal_noise)},
          {"alpha_se", Number(figures.alpha_se)},
          {"var_r", Number(figures.var_r)},
          {"median_r", Number(figures.median_r)}};
}

nlohmann::json ToJson(const ReliabilityWarning& warning) {
  return {{"code", ReliabilityWarningCodeName(warning.code)},
          {"item", warning.item.empty() ? nlohmann::json(nullptr) : nlohmann::json(warning.item)},
          {"message", warning.message}};
}

nlohmann::json ToJson(const ItemReliability& item) {
  return {{"id", item.id},
          {"n", item.n},
          {"mean", Number(item.mean)},
          {"sd", Number(item.sd)},
          {"raw_r", Number(item.raw_r)},
          {"std_r", Number(item.std_r)},
          {"r_cor", Number(item.r_cor)},
          {"r_drop", Number(item.r_drop)},
          {"no_variance", item.no_variance},
          {"if_dropped", ToJson(item.if_dropped)}};
}

nlohmann::json ToJson(const ReliabilityResult& result) {
  nlohmann::json json = ToJson(result.alpha);
  json["items_used"] = result.items_used;
  json["n_rows"] = result.n_rows;
  json["n_complete"] = result.n_complete;
  json["feldt_ci"] = {Number(result.feldt.lower), Number(result.feldt.upper)};
  json["items"] = nlohmann::json::array();
  for (const auto& item : result.items) json["items"].push_back(ToJson(item));
  json["warnings"] = nlohmann::json::array();
  for (const auto& warning : result.warnings) json["warnings"].push_back(ToJson(warning));
  return json;
}

}  // namespace tessera::scoring
