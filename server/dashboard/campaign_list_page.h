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
  // Responses that came through the shared link: nullopt when withheld (it or the rest would be
  // fewer than k); shown only when `shared_link_used`.
  std::optional<int64_t> shared_link_responses;
  bool shared_link_used = false;  // personal links were minted from the shared link
  std::vector<engine::BurstFlag> flags;
};

std::string RenderCampaignList(const DashboardChrome& chrome, const std::vector<CampaignRow>& rows);

// The bursts of near-identical responses flagged for one campaign, as a list (empty string when
// there are none): day, group and how many (from k; "at least 3, fewer than k" below).
std::string RenderBurstFlagList(const std::vector<engine::BurstFlag>& flags, int64_t k);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_CAMPAIGN_LIST_PAGE_H_
