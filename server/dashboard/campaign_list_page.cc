#include "server/dashboard/campaign_list_page.h"

#include "engine/burst_detector.h"
#include "server/dashboard/dashboard_format.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using pages::HtmlEscape;

namespace {

std::string StateText(engine::CampaignState state) {
  switch (state) {
    case engine::CampaignState::kDraft:
      return "Draft";
    case engine::CampaignState::kOpen:
      return "Open";
    case engine::CampaignState::kClosed:
      return "Closed";
  }
  return "";
}

std::string Row(const CampaignRow& row, std::string_view role) {
  const engine::Campaign& campaign = row.campaign;
  const int64_t k = campaign.anonymity_threshold;
  std::string html = "<tr>";
  // The link goes to the view that suits the instrument (the server picks it).
  const std::string target =
      role == "evaluator" ? CampaignPath(campaign.id, "evaluator") : CampaignPath(campaign.id);
  html += "<th scope=\"row\"><a href=\"" + target + "\">" + HtmlEscape(campaign.title) + "</a>";
  if (!campaign.audience.empty()) {
    html += "<span class=\"cell-note\">Asked: " + HtmlEscape(campaign.audience) + "</span>";
  }
  if (!row.flags.empty()) {
    html +=
        "<span class=\"cell-note warning-figure\">Flagged: near-identical responses (see "
        "below)</span>";
  }
  html += "</th>";
  html += "<td><span class=\"state state-" + std::string(engine::ToString(campaign.state)) + "\">" +
          StateText(campaign.state) + "</span></td>";
  const std::string dates = CampaignDates(campaign);
  html += "<td>" + (dates.empty() ? std::string("–") : HtmlEscape(dates)) + "</td>";
  html += "<td><code>" + HtmlEscape(campaign.instrument.ToString()) + "</code></td>";
  std::string notes;
  if (row.shared_link_used && row.responses) {
    notes += "<span class=\"cell-note\">" +
             (row.shared_link_responses
                  ? std::to_string(*row.shared_link_responses) + " through the shared link"
                  : "through the shared link: not shown (it or the rest is fewer than " +
                        std::to_string(k) + ")") +
             "</span>";
  }
  if (campaign.audience_size) {
    notes += "<span class=\"cell-note\">audience size " + std::to_string(*campaign.audience_size) +
             "</span>";
  }
  if (row.responses) {
    html += "<td class=\"number\">" + std::to_string(*row.responses) + notes + "</td>";
  } else {
    html += "<td><span class=\"withheld-text\">fewer than " + std::to_string(k) + "</span>" +
            notes + "</td>";
  }
  if (row.responses && row.invited && *row.invited > 0) {
    const double rate = static_cast<double>(*row.responses) / static_cast<double>(*row.invited);
    html += "<td class=\"number\">" + FormatPercent(rate) + "<span class=\"cell-note\">of " +
            std::to_string(*row.invited) + " invited</span></td>";
  } else if (row.invited && *row.invited > 0) {
    html +=
        "<td>–<span class=\"cell-note\">" + std::to_string(*row.invited) + " invited</span></td>";
  } else {
    html += "<td>–<span class=\"cell-note\">open link or none sent</span></td>";
  }
  if (row.released) {
    html += "<td><a href=\"" + target + "\">See results</a></td>";
  } else {
    html += "<td><span class=\"withheld-text\">Not yet</span><span class=\"cell-note\">" +
            HtmlEscape(row.release_reason) + "</span></td>";
  }
  html += "</tr>\n";
  return html;
}

std::string FlagGroupText(const engine::BurstFlag& flag) {
  if (flag.grouping.empty()) return "responses with no grouping answer";
  return flag.grouping + " = " + flag.group;
}

}  // namespace

std::string RenderBurstFlagList(const std::vector<engine::BurstFlag>& flags, int64_t k) {
  if (flags.empty()) return "";
  const std::string at_least = std::to_string(engine::BurstOptions{}.min_responses);
  std::string html = "<ul class=\"burst-flags\">";
  for (const engine::BurstFlag& flag : flags) {
    html +=
        "<li><time datetime=\"" + HtmlEscape(flag.day) + "\">" + HtmlEscape(flag.day) +
        "</time>, <code>" + HtmlEscape(FlagGroupText(flag)) + "</code>: " +
        (flag.responses >= k ? std::to_string(flag.responses)
                             : "at least " + at_least + " (fewer than " + std::to_string(k) + ")") +
        " near-identical responses within minutes of each other</li>";
  }
  html += "</ul>";
  return html;
}

std::string RenderCampaignList(const DashboardChrome& chrome,
                               const std::vector<CampaignRow>& rows) {
  std::string main = "<h1>Campaigns</h1>\n";
  main +=
      "<p>Each campaign is one survey sent to one audience. Results appear once a campaign is "
      "closed and has enough responses; numbers of responses appear once they reach the "
      "campaign's anonymity threshold.</p>\n";
  if (rows.empty()) {
    main +=
        "<p class=\"notice\">There are no campaigns yet. An administrator creates them with "
        "<code>tessera campaign create</code>.</p>\n";
    return RenderDashboardDocument(chrome, "Campaigns", main);
  }
  std::string table = "<table class=\"data-table campaign-table\" id=\"campaigns\">";
  table += "<caption>Campaigns of " + HtmlEscape(chrome.organisation_name) + "</caption>";
  table +=
      "<thead><tr><th scope=\"col\">Campaign</th><th scope=\"col\">State</th>"
      "<th scope=\"col\">Dates</th><th scope=\"col\">Instrument version</th>"
      "<th scope=\"col\">Responses</th><th scope=\"col\">Response rate</th>"
      "<th scope=\"col\">Results</th></tr></thead><tbody>\n";
  for (const CampaignRow& row : rows) table += Row(row, chrome.role);
  table += "</tbody></table>";
  main += ScrollRegion("Campaigns (scrolls sideways)", table);
  std::string flagged;
  for (const CampaignRow& row : rows) {
    if (row.flags.empty()) continue;
    flagged += "<h3>" + HtmlEscape(row.campaign.title) + "</h3>" +
               RenderBurstFlagList(row.flags, row.campaign.anonymity_threshold);
  }
  if (!flagged.empty()) {
    main +=
        "<section class=\"notice notice-warning\" aria-labelledby=\"flags-heading\">"
        "<h2 id=\"flags-heading\">Bursts of near-identical responses</h2>"
        "<p>Several responses that agree on at least 90% of their answers arrived in the same "
        "group within minutes. That can be one person answering many times, for example to make "
        "a small team look large enough for its results to be shown. Every response has been "
        "kept; no more were accepted than a team's headcount or the campaign's audience size. "
        "Bear this in mind when reading the results of these groups.</p>" +
        flagged + "</section>";
  }
  return RenderDashboardDocument(chrome, "Campaigns", main);
}

}  // namespace tessera::server::dashboard
