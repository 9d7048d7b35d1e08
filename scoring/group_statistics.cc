#include "scoring/group_statistics.h"

#include <cassert>

namespace tessera::scoring {

namespace {

template <typename T, typename MergeOne>
void MergeVector(std::vector<T>& to, const std::vector<T>& from, MergeOne merge_one) {
  if (from.empty()) return;
  if (to.empty()) {
    to = from;
    return;
  }
  assert(to.size() == from.size());
  for (size_t i = 0; i < to.size() && i < from.size(); ++i) merge_one(to[i], from[i]);
}

bool SameMoments(const ScoreMoments& a, const ScoreMoments& b) {
  return a.n == b.n && a.excluded == b.excluded && a.sum == b.sum && a.sum_squares == b.sum_squares;
}

}  // namespace

void GroupStatistics::Merge(const GroupStatistics& other) {
  respondents += other.respondents;
  MergeVector(items, other.items, [](ItemHistogram& a, const ItemHistogram& b) { a.Merge(b); });
  MergeVector(dimensions, other.dimensions,
              [](ScoreMoments& a, const ScoreMoments& b) { a.Merge(b); });
  MergeVector(reliability, other.reliability,
              [](PairwiseMoments& a, const PairwiseMoments& b) { a.Merge(b); });
}

GroupStatistics EmptyGroupStatistics(const ResponseLayout& layout, bool reliability) {
  GroupStatistics group;
  group.items.reserve(layout.scored().size());
  for (const ScoredColumn& column : layout.scored()) {
    group.items.emplace_back(column.min, column.max, column.codes);
  }
  group.dimensions.resize(layout.dimensions().size());
  if (reliability) {
    group.reliability.reserve(layout.dimensions().size());
    for (const DimensionColumns& dimension : layout.dimensions()) {
      group.reliability.emplace_back(dimension.columns.size());
    }
  }
  return group;
}

bool operator==(const GroupStatistics& a, const GroupStatistics& b) {
  if (a.respondents != b.respondents || a.items != b.items || a.reliability != b.reliability ||
      a.dimensions.size() != b.dimensions.size()) {
    return false;
  }
  for (size_t d = 0; d < a.dimensions.size(); ++d) {
    if (!SameMoments(a.dimensions[d], b.dimensions[d])) return false;
  }
  return true;
}

}  // namespace tessera::scoring
