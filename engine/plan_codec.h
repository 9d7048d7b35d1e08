// How a campaign's disclosure plan is kept in the store: encoded as JSON text, with a
// fingerprint of exactly what it was made for — the threshold, every grouping's categories, the
// instrument version and the answers counted per atom and the comments per question — so that a
// plan is reused only for the snapshot it belongs to. A released campaign's plan is made once
// (the count audit can take seconds on a small campaign with many groupings) and read back
// afterwards, by every process.
#ifndef TESSERA_ENGINE_PLAN_CODEC_H_
#define TESSERA_ENGINE_PLAN_CODEC_H_

#include <string>
#include <string_view>

#include "engine/campaign_results.h"
#include "engine/live_statistics.h"

namespace tessera::engine {

// "v1:" + lower-case hex SHA-256 of everything the plan depends on.
std::string PlanFingerprint(const CampaignSnapshot& snapshot);

std::string EncodePlan(const CampaignPlan& plan);
// kCorruption when the text is not a plan this build wrote.
Result<CampaignPlan> DecodePlan(std::string_view text);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_PLAN_CODEC_H_
