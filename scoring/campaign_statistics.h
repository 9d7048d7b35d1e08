// CampaignStatistics: the sufficient statistics of a campaign's responses, kept incrementally.
// Each respondent (one compact row, scoring/response_layout.h) is added once; the statistics of
// the whole campaign and of every category of every grouping question can then be read at any
// time without touching the rows again. Everything is accumulated in exact integers, so the
// result does not depend on the order respondents are added in or on how batches are merged.
#ifndef TESSERA_SCORING_CAMPAIGN_STATISTICS_H_
#define TESSERA_SCORING_CAMPAIGN_STATISTICS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "scoring/group_statistics.h"
#include "scoring/pairwise_moments.h"
#include "scoring/response_layout.h"

namespace tessera::scoring {

// Thread safety: like a standard container. The const accessors may be called from several
// threads at once (they fill a cache under a mutex); Add, AddRows, Merge and assignment need
// exclusive access, and invalidate the references the accessors returned.
class CampaignStatistics {
 public:
  explicit CampaignStatistics(const ResponseLayout& layout);  // keeps a pointer; layout outlives
  CampaignStatistics(const CampaignStatistics& other);
  CampaignStatistics& operator=(const CampaignStatistics& other);
  CampaignStatistics(CampaignStatistics&& other) noexcept;
  CampaignStatistics& operator=(CampaignStatistics&& other) noexcept;
  ~CampaignStatistics();

  const ResponseLayout& layout() const { return *layout_; }

  void Add(const uint8_t* row);                     // one encoded respondent
  void AddRows(const uint8_t* rows, size_t count);  // row-major, width() cells each
  // Adds statistics built with a layout of the same shape (normally the same layout).
  void Merge(const CampaignStatistics& other);

  int64_t respondents() const { return respondents_; }
  const GroupStatistics& overall() const;
  // The cells of grouping column g: one per category in order, then one "not stated" cell
  // (unanswered or a code such as "prefer not to say"); the cells partition overall().
  // Empty for a g that is not a grouping column.
  const std::vector<GroupStatistics>& cells(size_t grouping) const;

 private:
  struct Plan;  // per-layout tables for the hot loop (campaign_statistics.cc)
  struct Cache {
    bool valid = false;
    GroupStatistics overall;
    std::vector<std::vector<GroupStatistics>> cells;  // per grouping column
  };

  void Refresh() const;  // fills cache_ from the accumulators; the caller holds cache_mutex_

  void Fold();  // adds the 16-bit counts into the 64-bit totals and clears them

  const ResponseLayout* layout_;
  std::shared_ptr<const Plan> plan_;  // immutable, shared by copies
  int64_t respondents_ = 0;
  // Counts: respondents per cell, item histogram slots per cell (per grouping column, or one
  // single cell when there is none; the overall group is the sum of the first column's cells),
  // and joint counts of value slots for every item pair of every dimension (overall). The hot
  // loop increments 16-bit counters, small enough to stay in the L1 cache; they are folded into
  // 64-bit totals before they can overflow. A count is totals_[i] + hot_[i].
  std::vector<uint16_t> hot_;
  std::vector<int64_t> totals_;
  uint32_t unfolded_ = 0;  // respondents added since the last Fold
  // Per cell, dimension and answered count a = 0..items: respondents, and the sum and sum of
  // squares of their recoded item sums (exact integers; a score is sum / a).
  std::vector<int64_t> scores_;
  // Per dimension with wide scales (more than 15 values): moments kept directly.
  std::vector<PairwiseMoments> direct_;

  mutable std::mutex cache_mutex_;
  mutable Cache cache_;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_CAMPAIGN_STATISTICS_H_
