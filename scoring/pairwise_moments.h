// Sufficient statistics for pairwise-complete covariances of a few integer-valued variables
// (the recoded items of one scale): for every pair, the count of respondents who answered both
// and the sums, sums of squares and cross-products over those respondents. Exact integers, so
// any order of adding and merging gives identical moments. R's cov(x, use = "pairwise") — the
// default in psych::alpha — follows from them.
#ifndef TESSERA_SCORING_PAIRWISE_MOMENTS_H_
#define TESSERA_SCORING_PAIRWISE_MOMENTS_H_

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera::scoring {

class PairwiseMoments {
 public:
  struct Pair {
    int64_t n = 0;      // respondents with both values
    int64_t sum_x = 0;  // of the first variable, over those respondents
    int64_t sum_y = 0;  // of the second
    int64_t sum_xx = 0;
    int64_t sum_yy = 0;
    int64_t sum_xy = 0;
    bool operator==(const Pair&) const = default;
  };

  PairwiseMoments() = default;
  explicit PairwiseMoments(size_t variables);
  // Moments accumulated elsewhere (a faster accumulator that reads them out): `pairs` holds
  // variables * (variables + 1) / 2 entries, the upper triangle with the diagonal row by row
  // (PairIndex); `complete` and `rows` as complete() and rows() below.
  static PairwiseMoments FromSums(size_t variables, std::vector<Pair> pairs, int64_t complete,
                                  int64_t rows);
  // Where pair (i, j), i <= j, sits in the `pairs` FromSums takes.
  static size_t PairIndex(size_t variables, size_t i, size_t j) {
    return i * variables - i * (i - 1) / 2 + (j - i);
  }

  size_t variables() const { return variables_; }
  // One respondent: values[i] counts only when present[i].
  void Add(const int* values, const bool* present);
  void Merge(const PairwiseMoments& other);

  // The moments of variables i and j (i <= j or j <= i; At(i, i) is the variable alone).
  const Pair& At(size_t i, size_t j) const;
  int64_t n(size_t i) const { return At(i, i).n; }
  // Respondents who answered every variable.
  int64_t complete() const { return complete_; }
  // Respondents added, whatever they answered.
  int64_t rows() const { return rows_; }

  // Mean and sample SD of one variable over the respondents who answered it (NaN below 1 / 2).
  double Mean(size_t i) const;
  double Sd(size_t i) const;
  // Pairwise-complete covariance with the n - 1 denominator (NaN when fewer than 2 pairs).
  double Covariance(size_t i, size_t j) const;
  Eigen::MatrixXd CovarianceMatrix() const;

  bool operator==(const PairwiseMoments&) const = default;

 private:
  size_t Index(size_t i, size_t j) const;

  size_t variables_ = 0;
  std::vector<Pair> pairs_;  // upper triangle with the diagonal, row by row
  int64_t complete_ = 0;
  int64_t rows_ = 0;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_PAIRWISE_MOMENTS_H_
