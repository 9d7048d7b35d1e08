// Which lists of one free-text question's comments may be shown: the whole campaign's list and
// the list of each grouping cell, decided for all groupings of the campaign together.
//
// Comments are distinct texts, so whoever sees several lists can intersect, unite and subtract
// them as sets: team A's list minus role "frontline"'s list is the comments of A's members who
// are not frontline staff. A comment appears in every shown list that holds its writer, so every
// such expression yields a union of "Boolean atoms": the comments held by exactly the same shown
// lists. A family of lists is therefore released only when every Boolean atom holds 0 or at
// least k comments — then no expression of unions, intersections and differences of the shown
// lists (the whole list included) yields between 1 and k - 1 comments.
//
// Release order: the whole campaign's list (needs at least k comments), then the groupings in
// layout order, each grouping's cells with the most comments first (display order among
// equals); a cell's list is kept only if the family stays safe. Only cells the group-level plan
// shows are candidates.
#ifndef TESSERA_SCORING_COMMENT_PLAN_H_
#define TESSERA_SCORING_COMMENT_PLAN_H_

#include <cstdint>
#include <map>
#include <vector>

#include "scoring/disclosure_plan.h"
#include "scoring/response_layout.h"

namespace tessera::scoring {

// How many comments on one question came from each atom (AtomKey form: per grouping column,
// 1 + category or kAtomNotStated). Blank comments are not counted.
using CommenterAtoms = std::map<std::vector<uint8_t>, int64_t>;

// `groups` is the group-level plan (DisclosurePlan::groups). In the result, a cell shown at
// group level but not here is kBelowThreshold (fewer than k comments in it) or kDifferencing
// (its list, set against the lists released before it, would single out fewer than k comments).
FigureRelease PlanCommentLists(const ResponseLayout& layout, const CommenterAtoms& commenters,
                               const std::vector<std::vector<CellDecision>>& groups, int64_t k);

// True when every Boolean atom of the lists (the whole list, if `whole`, and the cells'
// lists) holds 0 or at least k comments.
bool CommentListsSafe(const CommenterAtoms& commenters, bool whole,
                      const std::vector<std::pair<size_t, uint8_t>>& cells, int64_t k);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_COMMENT_PLAN_H_
