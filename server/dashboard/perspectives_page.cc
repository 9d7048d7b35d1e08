#include "server/dashboard/perspectives_page.h"

#include "server/dashboard/dashboard_format.h"
#include "server/dashboard/result_blocks.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

namespace {

std::string CampaignLink(const engine::Campaign& campaign) {
  return "<a href=\"" + CampaignPath(campaign.id) + "\">" + HtmlEscape(campaign.title) + "</a>";
}

std::string Respondents(const json& scores) {
  const auto n = IntegerAt(scores, "respondents");
  return n ? " (" + std::to_string(*n) + " responses)" : "";
}

}  // namespace

std::string RenderPerspectivesPage(const DashboardChrome& chrome, const PerspectiveInputs& inputs) {
  std::string main;
  const engine::Campaign* heading = inputs.current            ? &*inputs.current
                                    : inputs.capability       ? &*inputs.capability
                                    : inputs.partner_feedback ? &*inputs.partner_feedback
                                    : inputs.charter          ? &*inputs.charter
                                                              : nullptr;
  if (heading) {
    main += RenderCampaignHeading(*heading, chrome.role, "perspectives", "Perspectives");
  } else {
    main += "<p class=\"breadcrumb\"><a href=\"/dashboard\">Campaigns</a></p>\n";
    main += "<h1>Perspectives</h1>\n";
  }
  main +=
      "<p class=\"lead\">Board members, managers, staff, volunteers and community partners do not "
      "stand in the same place, and may see the same work differently. A large gap between "
      "groups is a finding in its own right: a prompt for a conversation, not an error to "
      "average away.</p>\n";

  main +=
      "<section aria-labelledby=\"by-role\"><h2 id=\"by-role\">How each group inside the "
      "organisation sees each domain</h2>\n";
  if (inputs.capability && inputs.capability_by_role.is_object()) {
    const int64_t k = inputs.capability->anonymity_threshold;
    main += "<p>From " + CampaignLink(*inputs.capability) + Respondents(inputs.capability_by_role) +
            ", by the role people gave.</p>\n";
    main += GroupComparisonBlock("roles", "Each rater group's view of each domain",
                                 inputs.capability_by_role, k, inputs.capability_bands);
  } else {
    main +=
        "<p class=\"notice\">There is no closed capability self-assessment yet. Once one "
        "closes, each group's view of each domain appears here.</p>\n";
  }
  main += "</section>\n";

  main += "<section aria-labelledby=\"partners\"><h2 id=\"partners\">What partners say</h2>\n";
  if (inputs.partner_feedback && inputs.partner_scores.is_object()) {
    main += "<p>From " + CampaignLink(*inputs.partner_feedback) +
            Respondents(inputs.partner_scores) +
            ": community partners rate how the organisation works with them.</p>\n";
    const std::string favourability = FavourabilityBlock(
        "partner-feedback", "Partner feedback: how favourable partners are, by scale",
        inputs.partner_scores, false);
    main += favourability;
    main += "<h3>Partner feedback scores</h3>\n";
    main += ScoreTable("partner-scales", "Partner feedback: index and level by scale",
                       inputs.partner_scores);
  } else {
    main += "<p class=\"notice\">There is no closed partner feedback campaign yet.</p>\n";
  }
  main += "</section>\n";

  main +=
      "<section aria-labelledby=\"charter\"><h2 id=\"charter\">The partnership charter "
      "check, by side</h2>\n";
  if (inputs.charter && inputs.charter_by_side.is_object()) {
    const int64_t k = inputs.charter->anonymity_threshold;
    main += "<p>From " + CampaignLink(*inputs.charter) + Respondents(inputs.charter_by_side) +
            ": the lead organisation and its partners each rate the partnership against the "
            "charter.</p>\n";
    main += GroupComparisonBlock("charter-sides", "Each side's view of the charter",
                                 inputs.charter_by_side, k);
  } else {
    main += "<p class=\"notice\">There is no closed partnership charter check yet.</p>\n";
  }
  main += "</section>\n";
  return RenderDashboardDocument(chrome, "Perspectives", main);
}

}  // namespace tessera::server::dashboard
