#include "scoring/item_histogram.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace tessera::scoring {

namespace {
__extension__ typedef __int128 Int128;  // exact sums of squares for any realistic n
}  // namespace

ItemHistogram::ItemHistogram(int min, int max, size_t codes)
    : min_value(min), value_counts(static_cast<size_t>(max - min + 1), 0), code_counts(codes, 0) {}

int64_t ItemHistogram::n() const {
  int64_t total = 0;
  for (int64_t count : value_counts) total += count;
  return total;
}

int64_t ItemHistogram::coded() const {
  int64_t total = 0;
  for (int64_t count : code_counts) total += count;
  return total;
}

int64_t ItemHistogram::respondents() const { return n() + coded() + missing; }

double ItemHistogram::Mean(bool reverse) const {
  const int64_t count = n();
  if (count == 0) return std::numeric_limits<double>::quiet_NaN();
  // Exact integer sum first, one division last.
  int64_t sum = 0;
  for (size_t i = 0; i < value_counts.size(); ++i) {
    sum += value_counts[i] * static_cast<int64_t>(min_value + static_cast<int>(i));
  }
  const double mean = static_cast<double>(sum) / static_cast<double>(count);
  return reverse ? static_cast<double>(min_value + max_value()) - mean : mean;
}

double ItemHistogram::Variance() const {
  const int64_t count = n();
  if (count < 2) return std::numeric_limits<double>::quiet_NaN();
  // Deviations from the exact mean, as a ratio of integers: (n*sum(x^2) - sum(x)^2) / (n(n-1)).
  // Values are small integers, so both sums stay exact in 64 bits for any realistic n.
  Int128 sum = 0;
  Int128 sum_squares = 0;
  for (size_t i = 0; i < value_counts.size(); ++i) {
    const int64_t x = min_value + static_cast<int>(i);
    sum += static_cast<Int128>(value_counts[i]) * x;
    sum_squares += static_cast<Int128>(value_counts[i]) * x * x;
  }
  const Int128 numerator = static_cast<Int128>(count) * sum_squares - sum * sum;
  return static_cast<double>(numerator) /
         (static_cast<double>(count) * static_cast<double>(count - 1));
}

ItemHistogram ItemHistogram::Reversed() const {
  ItemHistogram reversed = *this;
  reversed.value_counts.assign(value_counts.rbegin(), value_counts.rend());
  return reversed;
}

void ItemHistogram::Merge(const ItemHistogram& other) {
  assert(other.value_counts.size() == value_counts.size());
  assert(other.code_counts.size() == code_counts.size());
  for (size_t i = 0; i < value_counts.size(); ++i) value_counts[i] += other.value_counts[i];
  for (size_t i = 0; i < code_counts.size(); ++i) code_counts[i] += other.code_counts[i];
  missing += other.missing;
}

}  // namespace tessera::scoring
