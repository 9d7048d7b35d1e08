// The differencing guard for views. A view is the group of respondents matching a filter
// (grouping = value constraints, all of which must hold; no constraint is the whole campaign).
// Two views whose figures can be subtracted must not single out fewer than k respondents:
//
// - CheckView: the quick check with counts the engine already has: the view holds at least k
//   respondents and differs from each related view (every ancestor, down to the whole campaign)
//   by 0 or at least k. Refusals are kFailedPrecondition with a message that names no count.
// - AuditViews: the complete check. Given a cross-tabulation of the respondents' grouping
//   answers and every view released so far (plus the ones about to be), it refuses when any
//   combination of their figures (sums, differences, any linear combination) would describe
//   fewer than k respondents. This catches what pairwise checks miss, such as team A minus
//   role "manager" when all but one of team A are managers.
// - GuardBreakdown: a view broken down by one grouping question: suppression.h's rules, then
//   every shown cell audited against what has been released.
//
// Counts only; docs/scoring-parts/anonymity.md gives the rules and the engine's part.
#ifndef TESSERA_SCORING_VIEW_GUARD_H_
#define TESSERA_SCORING_VIEW_GUARD_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "instruments/status.h"
#include "scoring/suppression.h"

namespace tessera::scoring {

// Grouping question -> value. As a filter: the constraints of a view (empty: the whole
// campaign). As a respondent's answers: a grouping left unanswered or answered "prefer not to
// say" is absent, so no filter can select on it.
using GroupValues = std::map<std::string, std::string>;

// One row of a cross-tabulation: how many respondents gave exactly these grouping answers.
struct GroupsCount {
  GroupValues groups;
  int64_t n = 0;
};

// "team: youth, role: manager", or "the whole campaign" for the empty filter.
std::string FilterLabel(const GroupValues& filter);

// Respondents in the cross-tabulation matching every constraint of the filter.
int64_t CountMatching(std::span<const GroupsCount> crosstab, const GroupValues& filter);

// The views whose figures contain the filter's respondents: the filter minus one or more of its
// constraints, ending with the whole campaign (the empty filter). Parents first.
std::vector<GroupValues> AncestorsOf(const GroupValues& filter);

// Another view, in the counts CheckView needs. Its figures minus the checked view's figures
// describe the respondents in exactly one of the two: n + view n - 2 * n_shared of them.
struct RelatedView {
  std::string label;     // names it in the refusal; never a count
  int64_t n = 0;         // respondents in the related view
  int64_t n_shared = 0;  // respondents in both views
};
// A view that contains the checked one (an ancestor): every respondent of the view is shared.
RelatedView ContainingView(std::string label, int64_t n_containing, int64_t n_view);

// kFailedPrecondition when n < k (including n == 0: the same refusal, so that it does not tell
// "nobody" from "a few"), or when, for a related view, 0 < n + related.n - 2 * n_shared < k.
// kInvalidArgument for counts that cannot be (negative, or more shared than either view holds).
// The engine must pass at least every ancestor of the view (AncestorsOf) with ContainingView.
Status CheckView(int64_t n, std::span<const RelatedView> related, int64_t k);

// CheckView with every ancestor of the filter, counted from the cross-tabulation.
// kInvalidArgument as for AuditViews.
Status CheckFilteredView(std::span<const GroupsCount> crosstab, const GroupValues& filter,
                         int64_t k);

// OK when no linear combination of the views' figures describes fewer than k respondents:
// for every nonzero combination of the views' member sets, the respondents it involves number
// 0 or at least k. Exact (rational arithmetic decides), so it neither misses a disclosure nor
// refuses a safe family, except that a family with too many small groups to examine is refused
// (kFailedPrecondition) rather than passed. Views with no respondents are allowed; a view with
// 0 < n < k is a disclosure on its own. kInvalidArgument for a negative count, counts adding
// up past int64, or an empty grouping name or value. `released` should hold every view whose
// figures have been or will be shown for the campaign, from anyone, whole campaign included.
Status AuditViews(std::span<const GroupsCount> crosstab, std::span<const GroupValues> released,
                  int64_t k);

struct BreakdownRequest {
  GroupValues filter;                 // the view being broken down; empty for the whole campaign
  std::string grouping;               // the grouping question, not one the filter constrains
  std::vector<std::string> values;    // that question's values in display order (no "prefer not
                                      // to say"); respondents with another value or none form
                                      // the "not stated" cell
  std::vector<std::string> withheld;  // values already withheld for another reason, e.g. at
                                      // group level when these are the counts behind one item
};

struct GuardedBreakdown {
  // One decision per request value, in order, then one for the "not stated" cell; total_shown is
  // always true (a view that may not be shown is refused instead).
  BreakdownSuppression suppression;
  // What the engine adds to the campaign's released views once it shows this: the view, its
  // ancestors and every shown cell (the view plus grouping = value).
  std::vector<GroupValues> to_record;
};

// The view must pass CheckFilteredView, and the released views plus the view and its
// ancestors must pass AuditViews; otherwise kFailedPrecondition. Then the cells are suppressed
// (SuppressBreakdown) and each shown cell, largest first (display order among equals), is kept
// only if the released views, the view, its ancestors and the cells kept so far still pass
// AuditViews; a cell that does not is withheld as kDifferencing.
Result<GuardedBreakdown> GuardBreakdown(std::span<const GroupsCount> crosstab,
                                        std::span<const GroupValues> released,
                                        const BreakdownRequest& request, int64_t k);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_VIEW_GUARD_H_
