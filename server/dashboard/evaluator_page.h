// The evaluator view: reliability of every scale (psych-style alpha with Feldt's interval) with
// its warnings, item statistics, the provenance of the figures, and links to the CSV downloads.
#ifndef TESSERA_SERVER_DASHBOARD_EVALUATOR_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_EVALUATOR_PAGE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"

namespace tessera::server::dashboard {

// `reliability` is CampaignResults::Reliability(id); `scores` is Scores(id) (item texts,
// "don't know" counts and provenance).
std::string RenderEvaluatorPage(const DashboardChrome& chrome, const engine::Campaign& campaign,
                                const nlohmann::json& reliability, const nlohmann::json& scores);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_EVALUATOR_PAGE_H_
