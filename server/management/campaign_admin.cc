#include "server/management/campaign_admin.h"

#include "server/dashboard/campaign_list_page.h"
#include "server/management/campaign_directory.h"
#include "server/pages/html_escape.h"

namespace tessera::server {

Status ChangeCampaignState(ManagementServices& services, const CampaignAccess& access,
                           std::string_view state) {
  std::optional<engine::CampaignState> target = engine::ParseCampaignState(state);
  if (!target || *target == engine::CampaignState::kDraft) {
    return Status::InvalidArgument("state must be \"open\" or \"closed\"", "/state");
  }
  auto changed = services.store.SetCampaignState(access.campaign.id, *target);
  if (!changed.ok()) return changed.status();
  const std::string action = *target == engine::CampaignState::kOpen ? "open" : "close";
  (void)services.store.AppendAudit(access.principal.email, "campaign." + action,
                                   "campaign:" + std::to_string(access.campaign.id),
                                   nlohmann::json::object());
  return Status::Ok();
}

std::string RenderCampaignAdminPage(ManagementServices& services, const CampaignAccess& access,
                                    const dashboard::DashboardChrome& chrome) {
  using pages::HtmlEscape;
  const engine::Campaign& campaign = access.campaign;
  auto listing = ListingOf(services, campaign);
  std::string html;
  html += "<h1>" + HtmlEscape(campaign.title) + "</h1>\n<dl class=\"facts\">\n";
  auto fact = [&html](std::string_view term, std::string_view value) {
    html += "<dt>" + HtmlEscape(term) + "</dt><dd>" + HtmlEscape(value) + "</dd>\n";
  };
  fact("State", engine::ToString(campaign.state));
  fact("Questionnaire", campaign.instrument.ToString());
  fact("Audience", campaign.audience.empty() ? "not stated" : campaign.audience);
  fact("Dates", (campaign.opens_on.empty() ? std::string("when opened") : campaign.opens_on) +
                    " to " +
                    (campaign.closes_on.empty() ? std::string("when closed") : campaign.closes_on));
  fact("Anonymity threshold", std::to_string(campaign.anonymity_threshold) + " people");
  fact("Audience size",
       campaign.audience_size
           ? std::to_string(*campaign.audience_size) + " (no more responses are accepted)"
           : "none set (tessera campaign set " + std::to_string(campaign.id) +
                 " --audience-size N)");
  const std::string fewer = "fewer than " + std::to_string(campaign.anonymity_threshold);
  if (listing.ok()) {
    fact("Personal links created", std::to_string(listing->invited));
    const nlohmann::json& responses = listing->release["responses"];
    fact("Responses",
         responses.is_number_integer() ? std::to_string(responses.get<int64_t>()) : fewer);
    if (listing->shared_link_used) {
      fact("Responses through the shared link",
           listing->shared_link_responses ? std::to_string(*listing->shared_link_responses)
                                          : "not shown (it or the rest is " + fewer + ")");
    }
  } else {
    fact("Personal links created", "unknown");
  }
  html += "</dl>\n";
  if (listing.ok() && !listing->flags.empty()) {
    html +=
        "<section class=\"notice notice-warning\" aria-labelledby=\"flags-heading\">"
        "<h2 id=\"flags-heading\">Bursts of near-identical responses</h2>"
        "<p>Several responses that agree on at least 90% of their answers arrived in the same "
        "group within minutes. That can be one person answering many times. Every response has "
        "been kept.</p>" +
        dashboard::RenderBurstFlagList(listing->flags, campaign.anonymity_threshold) +
        "</section>\n";
  }
  const std::string action = "/campaigns/" + std::to_string(campaign.id) + "/state";
  auto form = [&](std::string_view state, std::string_view label, std::string_view note) {
    html += "<form method=\"post\" action=\"" + action + "\" class=\"state-form\">\n";
    html += "<input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(chrome.csrf_token) +
            "\">\n<input type=\"hidden\" name=\"state\" value=\"" + std::string(state) + "\">\n";
    html += "<p>" + HtmlEscape(note) + "</p>\n<button type=\"submit\">" + HtmlEscape(label) +
            "</button>\n</form>\n";
  };
  html += "<h2>Change the campaign's state</h2>\n";
  switch (campaign.state) {
    case engine::CampaignState::kDraft:
      form("open", "Open the campaign",
           "Opening lets people answer through their links. The questionnaire version is "
           "fixed from now on.");
      break;
    case engine::CampaignState::kOpen:
      form("closed", "Close the campaign",
           "Closing stops answers and releases results to managers, if at least " +
               std::to_string(campaign.anonymity_threshold) +
               " people answered. A closed campaign cannot be reopened.");
      break;
    case engine::CampaignState::kClosed:
      html +=
          "<p>This campaign is closed. Closed campaigns cannot be reopened, so their "
          "results never change once managers have seen them.</p>\n";
      break;
  }
  html += "<p>Create personal links with <code>tessera links create --campaign " +
          std::to_string(campaign.id) + " --count N --csv FILE</code>.</p>\n";
  return dashboard::RenderDashboardDocument(chrome, campaign.title, html);
}

}  // namespace tessera::server
