#include "scoring/release_policy.h"

#include "scoring/anonymity.h"

namespace tessera::scoring {

std::string_view ToString(CampaignPhase phase) {
  switch (phase) {
    case CampaignPhase::kDraft:
      return "draft";
    case CampaignPhase::kOpen:
      return "open";
    case CampaignPhase::kClosed:
      return "closed";
  }
  return "draft";
}

ReleaseDecision DecideRelease(CampaignPhase phase, int64_t responses, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  const std::string k_text = std::to_string(threshold);
  ReleaseDecision decision;
  decision.response_count = responses >= threshold;
  if (!decision.response_count) {
    decision.reason = "fewer than " + k_text + " responses: nothing is shown until there are " +
                      k_text + " or more";
    return decision;
  }
  if (phase != CampaignPhase::kClosed) {
    decision.reason =
        "results are shown when the campaign closes, so that no one can compare results from "
        "before and after someone answers";
    return decision;
  }
  decision.results = true;
  return decision;
}

Status CheckResponsesMayChange(CampaignPhase phase) {
  if (phase == CampaignPhase::kClosed) {
    return Status::FailedPrecondition(
        "the campaign is closed and its results have been released; adding or removing "
        "responses now would let them be compared with the released results. Run a new "
        "campaign instead");
  }
  return Status::Ok();
}

}  // namespace tessera::scoring
