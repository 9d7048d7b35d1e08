// The dashboard's home page: the organisation's campaigns with state, dates, instrument version,
// responses and response rate (counts only once they reach the campaign's threshold k) and
// whether results are released.
#ifndef TESSERA_SERVER_DASHBOARD_CAMPAIGN_LIST_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_CAMPAIGN_LIST_PAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"

namespace tessera::server::dashboard {

struct CampaignRow {
  engine::Campaign campaign;
  std::optional<int64_t> responses;  // nullopt below k: shown as "fewer than k"
  std::optional<int64_t> invited;    // personal links created; rate = responses / invited
  bool released = false;
  std::string release_reason;  // why results are withheld (Release JSON "reason")
};

std::string RenderCampaignList(const DashboardChrome& chrome, const std::vector<CampaignRow>& rows);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_CAMPAIGN_LIST_PAGE_H_
