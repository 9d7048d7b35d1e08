#include "scoring/suppression.h"

#include <algorithm>
#include <optional>

#include "scoring/anonymity.h"

namespace tessera::scoring {

std::string_view ToString(CellDecision decision) {
  switch (decision) {
    case CellDecision::kShown:
      return "shown";
    case CellDecision::kNoData:
      return "no_data";
    case CellDecision::kBelowThreshold:
      return "below_threshold";
    case CellDecision::kComplementary:
      return "complementary";
    case CellDecision::kNotStated:
      return "not_stated";
    case CellDecision::kWithheld:
      return "withheld";
    case CellDecision::kDifferencing:
      return "differencing";
    case CellDecision::kNarrowing:
      return "narrowing";
  }
  return "withheld";
}

std::optional<CellDecision> ParseCellDecision(std::string_view name) {
  for (CellDecision decision :
       {CellDecision::kShown, CellDecision::kNoData, CellDecision::kBelowThreshold,
        CellDecision::kComplementary, CellDecision::kNotStated, CellDecision::kWithheld,
        CellDecision::kDifferencing, CellDecision::kNarrowing}) {
    if (ToString(decision) == name) return decision;
  }
  return std::nullopt;
}

BreakdownSuppression SuppressBreakdown(std::span<const BreakdownCell> cells, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  BreakdownSuppression result;
  result.cells.reserve(cells.size());
  int64_t total = 0;
  int64_t hidden = 0;  // respondents in the cells not shown
  for (const BreakdownCell& cell : cells) {
    const int64_t n = std::max<int64_t>(cell.n, 0);
    total += n;
    CellDecision decision = CellDecision::kShown;
    if (cell.kind == CellKind::kNotStated) {
      decision = CellDecision::kNotStated;
    } else if (cell.kind == CellKind::kWithheld) {
      decision = CellDecision::kWithheld;
    } else if (n == 0) {
      decision = CellDecision::kNoData;
    } else if (n < threshold) {
      decision = CellDecision::kBelowThreshold;
    }
    if (decision != CellDecision::kShown) hidden += n;
    result.cells.push_back(decision);
  }
  result.total_shown = total >= threshold;
  if (!result.total_shown) {
    for (CellDecision& decision : result.cells) {
      if (decision == CellDecision::kShown) decision = CellDecision::kBelowThreshold;
    }
    return result;
  }
  // Each shown cell holds at least k, so one complementary cell always lifts the hidden
  // respondents to k or more; the loop states the rule rather than relying on that.
  while (hidden > 0 && hidden < threshold) {
    std::optional<size_t> smallest;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (result.cells[i] != CellDecision::kShown) continue;
      if (!smallest || cells[i].n < cells[*smallest].n) smallest = i;
    }
    if (!smallest) break;  // everything is hidden: the hidden cells hold the total, >= k
    result.cells[*smallest] = CellDecision::kComplementary;
    hidden += cells[*smallest].n;
  }
  return result;
}

}  // namespace tessera::scoring
