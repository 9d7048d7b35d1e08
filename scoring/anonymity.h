// The anonymity threshold k for one figure: whether a result over n respondents may be shown
// (n >= k), the stricter rule for item-level figures (the item's own answering n must reach k
// too), and the flag for a distribution in which everyone gave the same answer. Counts only.
// Breakdowns are in suppression.h, views in view_guard.h, comments in comment_order.h and the
// timing of results in release_policy.h; docs/scoring-parts/anonymity.md explains the rules.
#ifndef TESSERA_SCORING_ANONYMITY_H_
#define TESSERA_SCORING_ANONYMITY_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "instruments/status.h"

namespace tessera::scoring {

// The same values as engine/records.h (scoring cannot depend on the engine).
inline constexpr int64_t kMinimumAnonymityThreshold = 3;
inline constexpr int64_t kDefaultAnonymityThreshold = 5;

// kInvalidArgument when k is below kMinimumAnonymityThreshold.
Status ValidateThreshold(int64_t k);

// The threshold the rules apply: k, raised to the minimum when smaller. Every function of the
// anonymity rules goes through it, so a wrong k can make a rule stricter, never weaker.
int64_t EffectiveThreshold(int64_t k);

enum class Visibility {
  kShown,           // n >= k
  kNoData,          // n <= 0: nothing to show
  kBelowThreshold,  // 0 < n < k: withheld
};
std::string_view ToString(Visibility visibility);

// Whether a result over a group of n respondents may be shown.
Visibility GroupVisibility(int64_t n, int64_t k);

// Whether an item-level figure (an item's mean, distribution or favourable share, or any
// figure computed from only some of a group's respondents) may be shown: the group itself must
// be shown, and at least k of its respondents must have answered the item with a value on its
// scale. `answering_n` above `group_n` is treated as `group_n`.
Visibility FigureVisibility(int64_t group_n, int64_t answering_n, int64_t k);

// True when a distribution has all of its answers on one option (and at least one answer):
// then it tells every respondent's answer. Not a reason to withhold (see the doc); a flag for
// the display to say so.
bool RevealsEveryAnswer(std::span<const int64_t> option_counts);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_ANONYMITY_H_
