// Counts of the answers one ordinal item received in one group of respondents: one count per
// scale value, one per code (such as "don't know"), and the unanswered. Counts are exact
// integers, so histograms built in any order and merged in any order are identical. Means,
// variances and favourable shares are derived from the counts.
#ifndef TESSERA_SCORING_ITEM_HISTOGRAM_H_
#define TESSERA_SCORING_ITEM_HISTOGRAM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera::scoring {

struct ItemHistogram {
  int min_value = 0;                  // the scale's lowest value; value_counts[0] counts it
  std::vector<int64_t> value_counts;  // one per scale value, lowest first
  std::vector<int64_t> code_counts;   // one per scale code, in the scale's order
  int64_t missing = 0;                // respondents who left the item unanswered

  ItemHistogram() = default;
  ItemHistogram(int min, int max, size_t codes);

  int max_value() const { return min_value + static_cast<int>(value_counts.size()) - 1; }
  // Respondents with a value on the scale (codes and missing excluded).
  int64_t n() const;
  // Respondents who saw the item: values + codes + missing.
  int64_t respondents() const;
  int64_t coded() const;
  // Mean and sample variance (n - 1) of the values; NaN when n() is 0 (variance: n() < 2).
  // With `reverse`, of the recoded values min + max - x.
  double Mean(bool reverse = false) const;
  double Variance() const;  // unchanged by reverse keying
  // The same histogram with the value counts reversed (reverse keying).
  ItemHistogram Reversed() const;

  void AddValue(int value) { ++value_counts[static_cast<size_t>(value - min_value)]; }
  void AddCode(size_t code_index) { ++code_counts[code_index]; }
  void AddMissing() { ++missing; }
  // Adds another histogram of the same item.
  void Merge(const ItemHistogram& other);

  bool operator==(const ItemHistogram&) const = default;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_ITEM_HISTOGRAM_H_
