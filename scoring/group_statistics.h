// GroupStatistics: the sufficient statistics of one group of respondents (a whole campaign, or
// the respondents in one category of a grouping question). Everything a result needs — item
// distributions, dimension means and SDs, reliability — follows from them without the rows.
#ifndef TESSERA_SCORING_GROUP_STATISTICS_H_
#define TESSERA_SCORING_GROUP_STATISTICS_H_

#include <cstdint>
#include <vector>

#include "scoring/item_histogram.h"
#include "scoring/pairwise_moments.h"
#include "scoring/response_layout.h"
#include "scoring/score_moments.h"

namespace tessera::scoring {

struct GroupStatistics {
  int64_t respondents = 0;
  std::vector<ItemHistogram> items;          // one per scored column, RAW answers (not recoded)
  std::vector<ScoreMoments> dimensions;      // one per dimension: respondent scores (recoded,
                                             // minimum-share rule as scoring/respondent_scores.h)
  std::vector<PairwiseMoments> reliability;  // one per dimension over its RECODED items; filled
                                             // for the overall group only (empty in cells)

  // Adds another group of the same layout. An empty side (default-constructed, or cells'
  // empty `reliability`) takes the other's shape.
  void Merge(const GroupStatistics& other);
};

// A group with no respondents shaped for `layout`: a histogram per scored column, moments per
// dimension, and with `reliability` a PairwiseMoments per dimension over its columns.
GroupStatistics EmptyGroupStatistics(const ResponseLayout& layout, bool reliability);

// Exact equality of every count and sum (doubles compared with ==).
bool operator==(const GroupStatistics& a, const GroupStatistics& b);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_GROUP_STATISTICS_H_
