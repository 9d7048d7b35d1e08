// The page of a campaign whose results are withheld: why (the engine's release decision), how
// many responses have arrived when that number has reached k, and what happens next. It shows
// no figure of the results.
#ifndef TESSERA_SERVER_DASHBOARD_NOT_RELEASED_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_NOT_RELEASED_PAGE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"

namespace tessera::server::dashboard {

// `release` is CampaignResults::Release(id): {"threshold", "responses" (null below k),
// "results_released", "reason"}.
std::string RenderNotReleasedPage(const DashboardChrome& chrome, const engine::Campaign& campaign,
                                  const nlohmann::json& release);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_NOT_RELEASED_PAGE_H_
