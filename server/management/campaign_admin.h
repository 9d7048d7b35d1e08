// What an organisation's administrator does with a campaign over HTTP: open it or close it
// (draft -> open -> closed, recorded in the audit log with the administrator's email), and the
// page that shows the campaign's settings with those forms.
#ifndef TESSERA_SERVER_MANAGEMENT_CAMPAIGN_ADMIN_H_
#define TESSERA_SERVER_MANAGEMENT_CAMPAIGN_ADMIN_H_

#include <string>
#include <string_view>

#include "server/dashboard/dashboard_chrome.h"
#include "server/management/access_control.h"

namespace tessera::server {

// `state` is "open" or "closed". kInvalidArgument for anything else; the store's own failure
// (kFailedPrecondition) for a move it does not allow, such as reopening a closed campaign.
Status ChangeCampaignState(ManagementServices& services, const CampaignAccess& access,
                           std::string_view state);

std::string RenderCampaignAdminPage(ManagementServices& services, const CampaignAccess& access,
                                    const dashboard::DashboardChrome& chrome);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_CAMPAIGN_ADMIN_H_
