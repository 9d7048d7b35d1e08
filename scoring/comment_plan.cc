#include "scoring/comment_plan.h"

#include <algorithm>

#include "scoring/anonymity.h"

namespace tessera::scoring {

bool CommentListsSafe(const CommenterAtoms& commenters, bool whole,
                      const std::vector<std::pair<size_t, uint8_t>>& cells, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  std::map<std::vector<bool>, int64_t> boolean_atoms;
  for (const auto& [key, n] : commenters) {
    if (n <= 0) continue;
    std::vector<bool> signature;
    signature.reserve(cells.size());
    bool anywhere = whole;
    for (const auto& [g, cell] : cells) {
      const bool in = g < key.size() && key[g] == cell;
      signature.push_back(in);
      anywhere = anywhere || in;
    }
    // Comments in no shown list are not shown at all.
    if (anywhere) boolean_atoms[signature] += n;
  }
  for (const auto& [signature, n] : boolean_atoms) {
    if (n > 0 && n < threshold) return false;
  }
  return true;
}

FigureRelease PlanCommentLists(const ResponseLayout& layout, const CommenterAtoms& commenters,
                               const std::vector<std::vector<CellDecision>>& groups, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  const auto& groupings = layout.groupings();
  FigureRelease release;
  int64_t total = 0;
  for (const auto& [key, n] : commenters) total += std::max<int64_t>(n, 0);
  release.overall = total >= threshold;
  for (size_t g = 0; g < groupings.size(); ++g) {
    std::vector<CellDecision> cells =
        g < groups.size() ? groups[g]
                          : std::vector<CellDecision>(groupings[g].categories.size() + 1,
                                                      CellDecision::kWithheld);
    cells.resize(groupings[g].categories.size() + 1, CellDecision::kWithheld);
    cells.back() = CellDecision::kNotStated;
    for (CellDecision& cell : cells) {
      if (!release.overall && IsShown(cell)) cell = CellDecision::kBelowThreshold;
    }
    release.cells.push_back(std::move(cells));
  }
  if (!release.overall) return release;
  std::vector<std::pair<size_t, uint8_t>> kept;
  for (size_t g = 0; g < groupings.size(); ++g) {
    const size_t categories = groupings[g].categories.size();
    std::vector<int64_t> n(categories, 0);
    for (const auto& [key, count] : commenters) {
      if (g < key.size() && key[g] != kAtomNotStated && key[g] <= categories) {
        n[key[g] - 1u] += std::max<int64_t>(count, 0);
      }
    }
    std::vector<size_t> candidates;
    for (size_t c = 0; c < categories; ++c) {
      if (!IsShown(release.cells[g][c])) continue;
      if (n[c] < threshold) {
        release.cells[g][c] = CellDecision::kBelowThreshold;
        continue;
      }
      candidates.push_back(c);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&n](size_t a, size_t b) { return n[a] > n[b]; });
    for (size_t c : candidates) {
      kept.emplace_back(g, static_cast<uint8_t>(c + 1));
      if (!CommentListsSafe(commenters, true, kept, threshold)) {
        kept.pop_back();
        release.cells[g][c] = CellDecision::kDifferencing;
      }
    }
  }
  return release;
}

}  // namespace tessera::scoring
