#include "scoring/pairwise_moments.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

namespace tessera::scoring {

namespace {

__extension__ typedef __int128 Int128;  // n * sum of squares can exceed 64 bits

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

PairwiseMoments::PairwiseMoments(size_t variables)
    : variables_(variables), pairs_(variables * (variables + 1) / 2) {}

PairwiseMoments PairwiseMoments::FromSums(size_t variables, std::vector<Pair> pairs,
                                          int64_t complete, int64_t rows) {
  PairwiseMoments moments(variables);
  assert(pairs.size() == moments.pairs_.size());
  moments.pairs_ = std::move(pairs);
  moments.complete_ = complete;
  moments.rows_ = rows;
  return moments;
}

size_t PairwiseMoments::Index(size_t i, size_t j) const {
  if (i > j) std::swap(i, j);
  assert(j < variables_);
  // Row i of the upper triangle starts after rows 0..i-1, which hold p, p-1, ... entries.
  return PairIndex(variables_, i, j);
}

void PairwiseMoments::Add(const int* values, const bool* present) {
  ++rows_;
  bool all = true;
  for (size_t i = 0; i < variables_; ++i) {
    if (!present[i]) {
      all = false;
      continue;
    }
    const int64_t x = values[i];
    Pair* row = &pairs_[Index(i, i)];
    for (size_t j = i; j < variables_; ++j, ++row) {
      if (!present[j]) continue;
      const int64_t y = values[j];
      row->n += 1;
      row->sum_x += x;
      row->sum_y += y;
      row->sum_xx += x * x;
      row->sum_yy += y * y;
      row->sum_xy += x * y;
    }
  }
  if (all) ++complete_;
}

void PairwiseMoments::Merge(const PairwiseMoments& other) {
  assert(other.variables_ == variables_);
  for (size_t k = 0; k < pairs_.size(); ++k) {
    Pair& to = pairs_[k];
    const Pair& from = other.pairs_[k];
    to.n += from.n;
    to.sum_x += from.sum_x;
    to.sum_y += from.sum_y;
    to.sum_xx += from.sum_xx;
    to.sum_yy += from.sum_yy;
    to.sum_xy += from.sum_xy;
  }
  complete_ += other.complete_;
  rows_ += other.rows_;
}

const PairwiseMoments::Pair& PairwiseMoments::At(size_t i, size_t j) const {
  return pairs_[Index(i, j)];
}

double PairwiseMoments::Mean(size_t i) const {
  const Pair& p = At(i, i);
  return p.n == 0 ? kNaN : static_cast<double>(p.sum_x) / static_cast<double>(p.n);
}

double PairwiseMoments::Sd(size_t i) const { return std::sqrt(Covariance(i, i)); }

double PairwiseMoments::Covariance(size_t i, size_t j) const {
  const Pair& p = At(i, j);
  if (p.n < 2) return kNaN;
  // (n * sum(xy) - sum(x) * sum(y)) / (n (n - 1)), the numerator exact in 128 bits.
  const Int128 numerator =
      static_cast<Int128>(p.n) * p.sum_xy - static_cast<Int128>(p.sum_x) * p.sum_y;
  return static_cast<double>(numerator) / (static_cast<double>(p.n) * static_cast<double>(p.n - 1));
}

Eigen::MatrixXd PairwiseMoments::CovarianceMatrix() const {
  const auto p = static_cast<Eigen::Index>(variables_);
  Eigen::MatrixXd c(p, p);
  for (Eigen::Index i = 0; i < p; ++i) {
    for (Eigen::Index j = i; j < p; ++j) {
      c(i, j) = c(j, i) = Covariance(static_cast<size_t>(i), static_cast<size_t>(j));
    }
  }
  return c;
}

}  // namespace tessera::scoring
