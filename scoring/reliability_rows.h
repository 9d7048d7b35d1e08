// Filling a scale's PairwiseMoments from rows of whole-number answers: one value (or nothing,
// for a missing answer) per item, reverse-keyed items recoded as min + max - x on the way in.
// For the `tessera reliability` command and for tests; the rows are not kept.
#ifndef TESSERA_SCORING_RELIABILITY_ROWS_H_
#define TESSERA_SCORING_RELIABILITY_ROWS_H_

#include <optional>
#include <span>
#include <vector>

#include "instruments/status.h"
#include "scoring/pairwise_moments.h"

namespace tessera::scoring {

// The response range of a scale's items and which of them are reverse-keyed.
struct ItemKeying {
  int min = 1;
  int max = 5;
  std::vector<bool> reverse;  // one flag per item
};

// Adds one respondent. `row` holds one entry per item, nullopt when unanswered. A value outside
// min..max, a row of the wrong length, or min >= max is InvalidArgument (the message names the
// 1-based item position) and adds nothing.
Status AddItemRow(std::span<const std::optional<int>> row, const ItemKeying& keying,
                  PairwiseMoments* moments);

// The moments of all `rows`; an error names the 1-based row and item position.
Result<PairwiseMoments> MomentsFromRows(const std::vector<std::vector<std::optional<int>>>& rows,
                                        const ItemKeying& keying);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_RELIABILITY_ROWS_H_
