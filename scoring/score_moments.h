// Sufficient statistics of one continuous score (a respondent's scale or domain score) in one
// group: how many respondents have a score, how many were excluded by the minimum-share rule,
// and the sum and sum of squares of the scores. Mean, SD and intervals follow from them.
#ifndef TESSERA_SCORING_SCORE_MOMENTS_H_
#define TESSERA_SCORING_SCORE_MOMENTS_H_

#include <cstdint>

namespace tessera::scoring {

struct ScoreMoments {
  int64_t n = 0;         // respondents with a score
  int64_t excluded = 0;  // respondents without one (too few items answered)
  double sum = 0;
  double sum_squares = 0;

  void Add(double score) {
    ++n;
    sum += score;
    sum_squares += score * score;
  }
  void AddExcluded() { ++excluded; }
  void Merge(const ScoreMoments& other) {
    n += other.n;
    excluded += other.excluded;
    sum += other.sum;
    sum_squares += other.sum_squares;
  }
  // NaN when n is 0 (variance: below 2). Variance uses n - 1.
  double Mean() const;
  double Variance() const;
  double Sd() const;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_SCORE_MOMENTS_H_
