// When a campaign's results may be shown at all: only once it is closed (and has at least k
// responses), so that there is a single set of responses behind every result and no two
// moments can be compared; while it is open, only its total number of responses, once at least
// k. Once closed, its responses never change again. docs/scoring-parts/anonymity.md explains
// why snapshots of an open campaign cannot be made safe with counts alone.
#ifndef TESSERA_SCORING_RELEASE_POLICY_H_
#define TESSERA_SCORING_RELEASE_POLICY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "instruments/status.h"

namespace tessera::scoring {

// The campaign states of engine/records.h (draft -> open -> closed, never back).
enum class CampaignPhase { kDraft, kOpen, kClosed };
std::string_view ToString(CampaignPhase phase);

struct ReleaseDecision {
  // The campaign's total number of responses (one number; never counts per group while open).
  bool response_count = false;
  // Scores, distributions, breakdowns, counts per group and comments, each still subject to
  // the threshold, suppression and view guard.
  bool results = false;
  // Plain words for what is withheld and why; empty when both are shown.
  std::string reason;
};

// results: closed and responses >= k. response_count: responses >= k, in any phase.
ReleaseDecision DecideRelease(CampaignPhase phase, int64_t responses, int64_t k);

// Whether the campaign's responses may change now: responses submitted, imported or deleted.
// OK in draft and open; kFailedPrecondition once closed, whatever the number (results are
// released at closing, and any later change, even of k or more responses, can change some
// group by fewer than k).
Status CheckResponsesMayChange(CampaignPhase phase);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_RELEASE_POLICY_H_
