#include "server/dashboard/not_released_page.h"

#include <cctype>

#include "server/dashboard/dashboard_format.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

std::string RenderNotReleasedPage(const DashboardChrome& chrome, const engine::Campaign& campaign,
                                  const json& release) {
  const int64_t k = IntegerAt(release, "threshold").value_or(campaign.anonymity_threshold);
  std::string main = "<p class=\"breadcrumb\"><a href=\"/dashboard\">Campaigns</a></p>\n";
  main +=
      "<h1>Results not available yet<span class=\"campaign-name\">: " + HtmlEscape(campaign.title) +
      "</span></h1>\n";
  main += "<p class=\"campaign-facts\"><span>Instrument <code>" +
          HtmlEscape(campaign.instrument.ToString()) + "</code></span>";
  const std::string dates = CampaignDates(campaign);
  if (!dates.empty()) main += " <span>" + HtmlEscape(dates) + "</span>";
  main += " <span>" + HtmlEscape(std::string(engine::ToString(campaign.state))) + "</span></p>\n";
  main += "<div class=\"notice\" role=\"note\"><h2>Why</h2><p>";
  const std::string reason = StringAt(release, "reason");
  main += HtmlEscape(
      reason.empty()
          ? "The results of this campaign are not released."
          : std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(reason[0])))) +
                reason.substr(1) + ".");
  main += "</p></div>\n";
  main += "<h2>Responses so far</h2>\n";
  const auto responses = IntegerAt(release, "responses");
  if (responses) {
    main += "<p class=\"response-count\">" + std::to_string(*responses) +
            (*responses == 1 ? " response" : " responses") + " so far.</p>\n";
  } else {
    main += "<p class=\"response-count\">Fewer than " + std::to_string(k) +
            ". The number is shown once it reaches " + std::to_string(k) +
            ", so that no one can tell who has answered.</p>\n";
  }
  main += "<h2>What happens next</h2>\n<ul>";
  if (campaign.state == engine::CampaignState::kClosed) {
    main +=
        "<li>This campaign is closed with too few responses for any result to be shown "
        "without risking someone's anonymity. Its results will not be released; run a new "
        "campaign to ask again.</li>";
  } else {
    main += "<li>Results appear here when the campaign closes";
    if (!campaign.closes_on.empty()) {
      main += " (planned for <time datetime=\"" + HtmlEscape(campaign.closes_on) + "\">" +
              HtmlEscape(campaign.closes_on) + "</time>)";
    }
    main += ", provided it has at least " + std::to_string(k) + " responses.</li>";
    main +=
        "<li>While it is open, only the number of responses is shown: showing results at 9 "
        "responses and again at 10 would reveal the tenth person's answers.</li>";
    main +=
        "<li>To raise the response rate, remind people of their link and that the survey is "
        "anonymous.</li>";
  }
  main += "</ul>\n";
  main += "<p><a href=\"/dashboard\">Back to all campaigns</a></p>\n";
  return RenderDashboardDocument(chrome, "Results not available yet – " + campaign.title, main);
}

}  // namespace tessera::server::dashboard
