// Primary and complementary suppression of one breakdown: a group of respondents (the whole
// campaign, or a filtered view) split into cells by one grouping question, with the group's
// total shown. Cells under k are withheld (primary); if the withheld cells together hold fewer
// than k people, the total minus the shown cells would describe them, so the smallest shown
// cell is withheld too (complementary). Counts only; docs/scoring-parts/anonymity.md.
#ifndef TESSERA_SCORING_SUPPRESSION_H_
#define TESSERA_SCORING_SUPPRESSION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tessera::scoring {

enum class CellKind {
  kValue,      // one value of the grouping question (a team, a role, a tenure band, ...)
  kNotStated,  // no answer or "prefer not to say": a cell that is never shown, but counts
  kWithheld,   // withheld for a reason decided elsewhere (e.g. by the view guard, or at group
               // level when these are the counts behind one item's figures); counts as hidden
};

struct BreakdownCell {
  int64_t n = 0;  // respondents in the cell (for an item's figures: those who answered it)
  CellKind kind = CellKind::kValue;
};

enum class CellDecision {
  kShown,           // n >= k and nothing smaller can be worked out from it
  kNoData,          // n == 0: no respondents, nothing to show and nothing to protect
  kBelowThreshold,  // primary suppression: 0 < n < k
  kComplementary,   // n >= k, withheld so that the withheld cells together reach k
  kNotStated,       // the "not stated" cell: never shown
  kWithheld,        // withheld by the caller (CellKind::kWithheld)
  kDifferencing,    // withheld by the view guard: shown, it would differ from a view already
                    // released by fewer than k (see view_guard.h)
  kNarrowing,       // withheld by the count audit: with the other published counts it would
                    // narrow down the answers of fewer than k people (see count_audit.h)
};
std::string_view ToString(CellDecision decision);
// The decision ToString names; nullopt for anything else.
std::optional<CellDecision> ParseCellDecision(std::string_view name);
// Only kShown cells have figures (and a count) shown.
inline bool IsShown(CellDecision decision) { return decision == CellDecision::kShown; }

struct BreakdownSuppression {
  bool total_shown = false;         // the group's own result (its n is the sum of all cells)
  std::vector<CellDecision> cells;  // one per input cell, in the input's order
};

// Primary then complementary suppression. The complementary cell is the smallest shown cell,
// the first in input order among equals. When the total is under k, nothing is shown.
// Negative counts are treated as 0. Guarantees, for the result: no shown cell has n < k, and
// the hidden cells (every cell not shown) together hold 0 or at least k respondents, so no
// difference of the total and shown cells describes fewer than k people.
BreakdownSuppression SuppressBreakdown(std::span<const BreakdownCell> cells, int64_t k);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_SUPPRESSION_H_
