#include "scoring/campaign_statistics.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace tessera::scoring {

namespace {

// A dimension keeps joint counts of its item pairs when every item has at most this many value
// slots (its values plus one for "no value"): 16 x 16 counts per pair. Larger scales fall back
// to updating a PairwiseMoments per respondent.
constexpr size_t kMaxJointSlots = 16;

// A 16-bit counter gains at most 1 per respondent, so folding every 65,535 respondents is safe.
constexpr uint32_t kFoldEvery = 65535;

const std::vector<GroupStatistics>& NoCells() {
  static const std::vector<GroupStatistics> kNone;
  return kNone;
}

}  // namespace

// Everything the hot loop needs about a layout, as flat arrays.
//
// Cells are numbered across grouping columns: column b's cells are block_cell[b] ... +cells(b).
// Counts (hot_, totals_) hold, per cell, count_stride entries:
//   [0]                      respondents
//   [hist_offset[c] + slot]  column c: slot 0 no answer (or a cell byte that is not valid),
//                            1..values[c] scale values, values[c] + 1 + i code i
// and after every cell's counts, per joint dimension, slots x slots counts per item pair.
// Scores (scores_) hold, per cell, score_stride entries: per dimension (from score_offset) and
// answered count a = 0..items, [3a] respondents, [3a + 1] sum and [3a + 2] sum of squares of
// their recoded item sums.
struct CampaignStatistics::Plan {
  struct Dimension {
    std::vector<uint32_t> columns;
    size_t score_offset = 0;
    size_t min_answered = 1;
    size_t first_slot = 0;   // where its columns' value slots start in the per-row scratch
    bool joint = true;       // pair counts kept (else a PairwiseMoments in direct_)
    size_t slots = 1;        // joint: value slots per item, 0 included
    size_t pair_offset = 0;  // joint: first pair count in hot_ / totals_
  };

  size_t columns = 0;           // scored columns
  size_t width = 0;             // cells per row
  std::vector<uint8_t> values;  // per column: cells 1..values hold values
  std::vector<uint8_t> codes;   // per column
  std::vector<uint32_t> hist_offset;
  std::vector<int32_t> recode_base;  // recoded value of value slot s: base + step * s
  std::vector<int32_t> recode_step;
  std::vector<Dimension> dimensions;
  size_t count_stride = 0;
  size_t score_stride = 0;
  bool grouped = false;
  std::vector<uint32_t> categories;   // per grouping column
  std::vector<size_t> grouping_cell;  // per grouping column: its cell in a row
  std::vector<size_t> block_cell;     // per block: its first cell
  size_t total_cells = 0;
  size_t counters = 0;  // entries of hot_ / totals_
  bool any_direct = false;

  int64_t Recoded(size_t column, size_t slot) const {
    return recode_base[column] + recode_step[column] * static_cast<int64_t>(slot);
  }
  size_t blocks() const { return grouped ? categories.size() : 1; }
  size_t cells(size_t block) const { return grouped ? categories[block] + 1 : 1; }

  static std::shared_ptr<const Plan> Make(const ResponseLayout& layout);
};

std::shared_ptr<const CampaignStatistics::Plan> CampaignStatistics::Plan::Make(
    const ResponseLayout& layout) {
  auto plan = std::make_shared<Plan>();
  plan->columns = layout.scored().size();
  plan->width = layout.width();
  size_t offset = 1;
  for (const ScoredColumn& column : layout.scored()) {
    const size_t values = column.values();
    plan->values.push_back(static_cast<uint8_t>(values));
    plan->codes.push_back(static_cast<uint8_t>(column.codes));
    plan->hist_offset.push_back(static_cast<uint32_t>(offset));
    offset += 1 + values + column.codes;
    // Value slot s holds v = min - 1 + s; reverse keying gives min + max - v = max + 1 - s.
    plan->recode_base.push_back(column.reverse ? column.max + 1 : column.min - 1);
    plan->recode_step.push_back(column.reverse ? -1 : 1);
  }
  plan->count_stride = offset;

  plan->grouped = !layout.groupings().empty();
  for (size_t g = 0; g < layout.groupings().size(); ++g) {
    plan->categories.push_back(static_cast<uint32_t>(layout.groupings()[g].categories.size()));
    plan->grouping_cell.push_back(layout.grouping_cell(g));
  }
  for (size_t b = 0; b < plan->blocks(); ++b) {
    plan->block_cell.push_back(plan->total_cells);
    plan->total_cells += plan->cells(b);
  }

  size_t score_offset = 0;
  size_t first_slot = 0;
  size_t pair_offset = plan->total_cells * plan->count_stride;
  for (const DimensionColumns& source : layout.dimensions()) {
    Dimension dimension;
    size_t slots = 1;
    for (size_t c : source.columns) {
      dimension.columns.push_back(static_cast<uint32_t>(c));
      slots = std::max(slots, layout.scored()[c].values() + 1);
    }
    const size_t m = source.columns.size();
    dimension.score_offset = score_offset;
    score_offset += 3 * (m + 1);
    dimension.min_answered = source.min_answered;
    dimension.first_slot = first_slot;
    first_slot += m;
    dimension.joint = slots <= kMaxJointSlots;
    if (dimension.joint) {
      dimension.slots = slots;
      dimension.pair_offset = pair_offset;
      pair_offset += (m == 0 ? 0 : m * (m - 1) / 2) * slots * slots;
    } else {
      plan->any_direct = true;
    }
    plan->dimensions.push_back(std::move(dimension));
  }
  plan->score_stride = score_offset;
  plan->counters = pair_offset;
  return plan;
}

CampaignStatistics::CampaignStatistics(const ResponseLayout& layout)
    : layout_(&layout), plan_(Plan::Make(layout)) {
  const Plan& plan = *plan_;
  hot_.assign(plan.counters, 0);
  totals_.assign(plan.counters, 0);
  scores_.assign(plan.total_cells * plan.score_stride, 0);
  if (plan.any_direct) {
    for (const auto& dimension : plan.dimensions) {
      direct_.emplace_back(dimension.joint ? 0 : dimension.columns.size());
    }
  }
}

CampaignStatistics::CampaignStatistics(const CampaignStatistics& other)
    : layout_(other.layout_),
      plan_(other.plan_),
      respondents_(other.respondents_),
      hot_(other.hot_),
      totals_(other.totals_),
      unfolded_(other.unfolded_),
      scores_(other.scores_),
      direct_(other.direct_) {
  std::lock_guard lock(other.cache_mutex_);
  cache_ = other.cache_;
}

CampaignStatistics& CampaignStatistics::operator=(const CampaignStatistics& other) {
  if (this == &other) return *this;
  CampaignStatistics copy(other);
  *this = std::move(copy);
  return *this;
}

CampaignStatistics::CampaignStatistics(CampaignStatistics&& other) noexcept
    : layout_(other.layout_),
      plan_(std::move(other.plan_)),
      respondents_(other.respondents_),
      hot_(std::move(other.hot_)),
      totals_(std::move(other.totals_)),
      unfolded_(other.unfolded_),
      scores_(std::move(other.scores_)),
      direct_(std::move(other.direct_)),
      cache_(std::move(other.cache_)) {}

CampaignStatistics& CampaignStatistics::operator=(CampaignStatistics&& other) noexcept {
  if (this == &other) return *this;
  layout_ = other.layout_;
  plan_ = std::move(other.plan_);
  respondents_ = other.respondents_;
  hot_ = std::move(other.hot_);
  totals_ = std::move(other.totals_);
  unfolded_ = other.unfolded_;
  scores_ = std::move(other.scores_);
  direct_ = std::move(other.direct_);
  cache_ = std::move(other.cache_);
  return *this;
}

CampaignStatistics::~CampaignStatistics() = default;

void CampaignStatistics::Fold() {
  for (size_t i = 0; i < hot_.size(); ++i) {
    totals_[i] += hot_[i];
    hot_[i] = 0;
  }
  unfolded_ = 0;
}

void CampaignStatistics::Add(const uint8_t* row) { AddRows(row, 1); }

void CampaignStatistics::AddRows(const uint8_t* rows, size_t count) {
  if (count == 0) return;
  const Plan& plan = *plan_;
  const size_t columns = plan.columns;
  const size_t dimensions = plan.dimensions.size();
  const size_t blocks = plan.blocks();
  const size_t count_stride = plan.count_stride;
  const size_t score_stride = plan.score_stride;

  // Per-row scratch, allocated once per call.
  std::vector<uint32_t> hist_index(columns);
  std::vector<uint8_t> slot(columns);
  std::vector<int32_t> recoded(columns);
  std::vector<uint8_t> dimension_slots(columns);  // value slots, dimension by dimension
  std::vector<uint32_t> score_index(dimensions);
  std::vector<int64_t> score_sum(dimensions);
  std::vector<size_t> cell_of(blocks);
  std::unique_ptr<int[]> direct_values;
  std::unique_ptr<bool[]> direct_present;
  if (plan.any_direct) {
    direct_values = std::make_unique<int[]>(columns + 1);
    direct_present = std::make_unique<bool[]>(columns + 1);
  }

  const uint8_t* value_count = plan.values.data();
  const uint8_t* code_count = plan.codes.data();
  const uint32_t* hist_offset = plan.hist_offset.data();
  const int32_t* recode_base = plan.recode_base.data();
  const int32_t* recode_step = plan.recode_step.data();
  uint16_t* hot = hot_.data();
  int64_t* scores = scores_.data();

  while (count > 0) {
    if (unfolded_ == kFoldEvery) Fold();
    const size_t chunk = std::min<size_t>(count, kFoldEvery - unfolded_);
    for (size_t r = 0; r < chunk; ++r) {
      const uint8_t* row = rows + r * plan.width;

      // Classify every scored cell without branches: its histogram slot, its value slot (0
      // when it holds no value) and its recoded value (0 when none).
      for (size_t c = 0; c < columns; ++c) {
        const uint32_t cell = row[c];
        const uint32_t values = value_count[c];
        const uint32_t value = (cell - 1u) < values ? cell : 0u;
        const uint32_t code = cell - kCellCodeBase;
        const uint32_t code_slot = code < code_count[c] ? values + 1u + code : 0u;
        hist_index[c] = hist_offset[c] + (value != 0 ? value : code_slot);
        slot[c] = static_cast<uint8_t>(value);
        recoded[c] = value != 0 ? recode_base[c] + recode_step[c] * static_cast<int32_t>(value) : 0;
      }
      // Each dimension's answered count and recoded sum; its value slots, side by side.
      for (size_t d = 0; d < dimensions; ++d) {
        const Plan::Dimension& dimension = plan.dimensions[d];
        uint8_t* slots_of = dimension_slots.data() + dimension.first_slot;
        uint32_t answered = 0;
        int64_t sum = 0;
        for (size_t i = 0; i < dimension.columns.size(); ++i) {
          const uint32_t c = dimension.columns[i];
          slots_of[i] = slot[c];
          answered += slot[c] != 0 ? 1u : 0u;
          sum += recoded[c];
        }
        score_index[d] = static_cast<uint32_t>(dimension.score_offset + 3 * answered);
        score_sum[d] = sum;
      }

      // One cell per grouping column (or the single cell when there is none).
      for (size_t b = 0; b < blocks; ++b) {
        size_t cell_index = 0;
        if (plan.grouped) {
          const uint32_t cell = row[plan.grouping_cell[b]];
          const uint32_t categories = plan.categories[b];
          cell_index = (cell - 1u) < categories ? cell - 1u : categories;
        }
        cell_of[b] = plan.block_cell[b] + cell_index;
      }
      for (size_t b = 0; b < blocks; ++b) {
        uint16_t* counts = hot + cell_of[b] * count_stride;
        ++counts[0];
        for (size_t c = 0; c < columns; ++c) ++counts[hist_index[c]];
      }
      for (size_t b = 0; b < blocks; ++b) {
        int64_t* cell_scores = scores + cell_of[b] * score_stride;
        for (size_t d = 0; d < dimensions; ++d) {
          int64_t* moments = cell_scores + score_index[d];
          const int64_t sum = score_sum[d];
          moments[0] += 1;
          moments[1] += sum;
          moments[2] += sum * sum;
        }
      }

      // Joint counts of value slots for every item pair of every dimension (overall only).
      for (size_t d = 0; d < dimensions; ++d) {
        const Plan::Dimension& dimension = plan.dimensions[d];
        const uint8_t* slots_of = dimension_slots.data() + dimension.first_slot;
        const size_t m = dimension.columns.size();
        if (!dimension.joint) {
          for (size_t i = 0; i < m; ++i) {
            direct_values[i] = recoded[dimension.columns[i]];
            direct_present[i] = slots_of[i] != 0;
          }
          direct_[d].Add(direct_values.get(), direct_present.get());
          continue;
        }
        const size_t width = dimension.slots;
        const size_t table = width * width;
        uint16_t* pairs = hot + dimension.pair_offset;
        for (size_t i = 0; i + 1 < m; ++i) {
          const size_t first = slots_of[i] * width;
          for (size_t j = i + 1; j < m; ++j) {
            ++pairs[first + slots_of[j]];
            pairs += table;
          }
        }
      }
    }
    unfolded_ += static_cast<uint32_t>(chunk);
    respondents_ += static_cast<int64_t>(chunk);
    rows += chunk * plan.width;
    count -= chunk;
  }
  std::lock_guard lock(cache_mutex_);
  cache_.valid = false;
}

void CampaignStatistics::Merge(const CampaignStatistics& other) {
  assert(other.totals_.size() == totals_.size());
  assert(other.scores_.size() == scores_.size());
  for (size_t i = 0; i < totals_.size() && i < other.totals_.size(); ++i) {
    totals_[i] += other.totals_[i] + other.hot_[i];
  }
  for (size_t i = 0; i < scores_.size() && i < other.scores_.size(); ++i) {
    scores_[i] += other.scores_[i];
  }
  for (size_t d = 0; d < direct_.size() && d < other.direct_.size(); ++d) {
    direct_[d].Merge(other.direct_[d]);
  }
  respondents_ += other.respondents_;
  std::lock_guard lock(cache_mutex_);
  cache_.valid = false;
}

namespace {

// One cell's counts and score sums turned into GroupStatistics (without reliability).
GroupStatistics FromCell(const ResponseLayout& layout, const std::vector<uint32_t>& hist_offset,
                         const std::vector<size_t>& score_offset, const int64_t* counts,
                         const int64_t* scores) {
  GroupStatistics group = EmptyGroupStatistics(layout, /*reliability=*/false);
  group.respondents = counts[0];
  for (size_t c = 0; c < group.items.size(); ++c) {
    ItemHistogram& histogram = group.items[c];
    const int64_t* slots = counts + hist_offset[c];
    histogram.missing = slots[0];
    const size_t values = histogram.value_counts.size();
    for (size_t v = 0; v < values; ++v) histogram.value_counts[v] = slots[1 + v];
    for (size_t i = 0; i < histogram.code_counts.size(); ++i) {
      histogram.code_counts[i] = slots[1 + values + i];
    }
  }
  for (size_t d = 0; d < group.dimensions.size(); ++d) {
    const DimensionColumns& dimension = layout.dimensions()[d];
    ScoreMoments& moments = group.dimensions[d];
    const int64_t* by_answered = scores + score_offset[d];
    for (size_t a = 0; a <= dimension.columns.size(); ++a) {
      const int64_t n = by_answered[3 * a];
      if (a == 0 || a < dimension.min_answered) {
        moments.excluded += n;
        continue;
      }
      // Every score with a answered items is sum / a: add the exact integer sums, divide once.
      const double items = static_cast<double>(a);
      moments.n += n;
      moments.sum += static_cast<double>(by_answered[3 * a + 1]) / items;
      moments.sum_squares += static_cast<double>(by_answered[3 * a + 2]) / (items * items);
    }
  }
  return group;
}

}  // namespace

void CampaignStatistics::Refresh() const {
  const Plan& plan = *plan_;
  const ResponseLayout& layout = *layout_;
  std::vector<size_t> score_offset;
  for (const auto& dimension : plan.dimensions) score_offset.push_back(dimension.score_offset);
  std::vector<int64_t> counts(totals_.size());
  for (size_t i = 0; i < counts.size(); ++i) counts[i] = totals_[i] + hot_[i];

  cache_.cells.assign(layout.groupings().size(), {});
  for (size_t g = 0; g < layout.groupings().size(); ++g) {
    for (size_t k = 0; k < plan.cells(g); ++k) {
      const size_t cell = plan.block_cell[g] + k;
      cache_.cells[g].push_back(FromCell(layout, plan.hist_offset, score_offset,
                                         counts.data() + cell * plan.count_stride,
                                         scores_.data() + cell * plan.score_stride));
    }
  }

  // The cells of the first block partition every respondent: their sum is the overall group.
  std::vector<int64_t> total_counts(plan.count_stride, 0);
  std::vector<int64_t> total_scores(plan.score_stride, 0);
  for (size_t k = 0; k < plan.cells(0); ++k) {
    const int64_t* cell_counts = counts.data() + k * plan.count_stride;
    const int64_t* cell_scores = scores_.data() + k * plan.score_stride;
    for (size_t i = 0; i < plan.count_stride; ++i) total_counts[i] += cell_counts[i];
    for (size_t i = 0; i < plan.score_stride; ++i) total_scores[i] += cell_scores[i];
  }
  cache_.overall =
      FromCell(layout, plan.hist_offset, score_offset, total_counts.data(), total_scores.data());

  cache_.overall.reliability.clear();
  for (size_t d = 0; d < plan.dimensions.size(); ++d) {
    const Plan::Dimension& dimension = plan.dimensions[d];
    if (!dimension.joint) {
      cache_.overall.reliability.push_back(direct_[d]);
      continue;
    }
    const size_t m = dimension.columns.size();
    std::vector<PairwiseMoments::Pair> pairs(m * (m + 1) / 2);
    // The diagonal: each item alone, from its histogram.
    for (size_t i = 0; i < m; ++i) {
      const size_t c = dimension.columns[i];
      PairwiseMoments::Pair& pair = pairs[PairwiseMoments::PairIndex(m, i, i)];
      for (size_t s = 1; s <= plan.values[c]; ++s) {
        const int64_t n = total_counts[plan.hist_offset[c] + s];
        const int64_t x = plan.Recoded(c, s);
        pair.n += n;
        pair.sum_x += n * x;
        pair.sum_xx += n * x * x;
      }
      pair.sum_y = pair.sum_x;
      pair.sum_yy = pair.sum_xy = pair.sum_xx;
    }
    // Every pair of items, from its joint counts (slot 0, no value, left out).
    const size_t slots = dimension.slots;
    const int64_t* joint = counts.data() + dimension.pair_offset;
    for (size_t i = 0; i + 1 < m; ++i) {
      for (size_t j = i + 1; j < m; ++j, joint += slots * slots) {
        const size_t ci = dimension.columns[i];
        const size_t cj = dimension.columns[j];
        PairwiseMoments::Pair& pair = pairs[PairwiseMoments::PairIndex(m, i, j)];
        for (size_t si = 1; si <= plan.values[ci]; ++si) {
          const int64_t x = plan.Recoded(ci, si);
          for (size_t sj = 1; sj <= plan.values[cj]; ++sj) {
            const int64_t n = joint[si * slots + sj];
            const int64_t y = plan.Recoded(cj, sj);
            pair.n += n;
            pair.sum_x += n * x;
            pair.sum_y += n * y;
            pair.sum_xx += n * x * x;
            pair.sum_yy += n * y * y;
            pair.sum_xy += n * x * y;
          }
        }
      }
    }
    // Respondents who answered all m items: those counted with answered count m.
    const int64_t complete = total_scores[dimension.score_offset + 3 * m];
    cache_.overall.reliability.push_back(
        PairwiseMoments::FromSums(m, std::move(pairs), complete, total_counts[0]));
  }
  cache_.valid = true;
}

const GroupStatistics& CampaignStatistics::overall() const {
  std::lock_guard lock(cache_mutex_);
  if (!cache_.valid) Refresh();
  return cache_.overall;
}

const std::vector<GroupStatistics>& CampaignStatistics::cells(size_t grouping) const {
  std::lock_guard lock(cache_mutex_);
  if (!cache_.valid) Refresh();
  return grouping < cache_.cells.size() ? cache_.cells[grouping] : NoCells();
}

}  // namespace tessera::scoring
