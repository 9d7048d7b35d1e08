// A campaign's disclosure plan: for one fixed set of responses and one fixed list of every
// grouping's categories, which figures may be shown for the whole campaign and for each cell of
// each grouping question. Every result of the campaign — every breakdown, page, API answer and
// export — follows the one plan, decided for all groupings together:
//
// 1. groups: each grouping's cells, in the layout's order, through the differencing guard on the
//    respondents (view_guard.h: primary and complementary suppression, then each cell kept only
//    while no combination of everything kept describes 1 to k - 1 respondents);
// 2. figures with their own n — each item's answers (the respondents who gave a scale value) and
//    each dimension's scores (the respondents with a score) — through the same guard on their own
//    respondents, with the cells withheld at group level withheld for them too;
// 3. the count audit (count_audit.h) over every item's published answer counts and every
//    dimension's scored counts, across all the cells where they are shown: a cell whose counts,
//    combined with the others, would narrow down the answers of fewer than k people is withheld
//    for that figure (the latest cell in release order among those the bound rests on, until
//    the audit passes).
// 4. the grouping columns of the responses export (see ExportColumn).
// Release order: the whole campaign, then the groupings in layout order, each grouping's cells
// largest first (display order among equals). Earlier releases win.
#ifndef TESSERA_SCORING_DISCLOSURE_PLAN_H_
#define TESSERA_SCORING_DISCLOSURE_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "instruments/status.h"
#include "scoring/atom_statistics.h"
#include "scoring/suppression.h"
#include "scoring/view_guard.h"

namespace tessera::scoring {

// Where one figure may be shown.
struct FigureRelease {
  bool overall = false;  // for the whole campaign
  // Per grouping column: one decision per category, then one for "not stated".
  std::vector<std::vector<CellDecision>> cells;

  bool Shown(size_t grouping, size_t cell) const {
    return grouping < cells.size() && cell < cells[grouping].size() &&
           IsShown(cells[grouping][cell]);
  }
};

// A grouping column of the responses export (one row per respondent, every answer): whether it
// is exported, and which categories appear as themselves; the others (and "not stated") merge
// into one value, "withheld".
struct ExportColumn {
  bool included = false;
  std::vector<bool> shown;  // per category
  std::string note;         // why it was left out, or what was merged
};

struct DisclosurePlan {
  int64_t respondents = 0;  // of the statistics it was made for
  // Group level, per grouping column: one decision per category, then "not stated".
  std::vector<std::vector<CellDecision>> groups;
  std::vector<FigureRelease> items;       // per scored column of the layout
  std::vector<FigureRelease> dimensions;  // per dimension of the layout
  // The responses export's grouping columns, per grouping column of the layout. A category
  // appears only where the group and every item and dimension are shown; the first column kept
  // adds no cell the breakdowns do not show. Each further column crosses the kept ones, so it is
  // kept only if every cell of the crossing holds 0 or at least k respondents (and k of each
  // figure's own respondents), the respondents' differencing audit passes with the crossing's
  // cells added to the breakdowns, and so does every figure's count audit.
  std::vector<ExportColumn> export_columns;
  // Counters for logs and tests.
  int64_t count_audit_programs = 0;
  int64_t count_audit_withheld = 0;

  // The plan has the shape of `layout` (one decision per category plus "not stated" for every
  // grouping; one release per scored column and dimension). Plans are checked before use:
  // sizes are never assumed.
  bool Fits(const ResponseLayout& layout) const;
};

struct DisclosurePlanOptions {
  int64_t k = 5;
  // Work limits: beyond them a figure's cell is withheld rather than shown unchecked.
  int64_t max_linear_programs = 200'000;
};

// The cross-tabulation of the respondents (view_guard.h's form) from the atoms.
std::vector<GroupsCount> RespondentCrosstab(const AtomStatistics& atoms);

// Builds the plan. kInvalidArgument when the atoms do not fit their layout.
Result<DisclosurePlan> BuildDisclosurePlan(const AtomStatistics& atoms,
                                           const DisclosurePlanOptions& options);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_DISCLOSURE_PLAN_H_
