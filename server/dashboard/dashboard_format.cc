#include "server/dashboard/dashboard_format.h"

#include <cmath>
#include <cstdio>

#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return "–";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) {
    text.erase(0, 1);
  }
  return text;
}

std::string FormatSigned(double value, int decimals) {
  std::string text = FormatFixed(value, decimals);
  if (text == "–") return text;
  if (text.front() == '-') return "−" + text.substr(1);
  if (text.find_first_not_of("0.") == std::string::npos) return text;
  return "+" + text;
}

std::string FormatPercent(double share) {
  if (!std::isfinite(share)) return "–";
  return FormatFixed(share * 100.0, 0) + "%";
}

std::string FormatPValue(double p) {
  if (!std::isfinite(p)) return "–";
  if (p < 0.001) return "&lt; 0.001";
  return FormatFixed(p, 3);
}

std::optional<double> NumberAt(const json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number()) return std::nullopt;
  const double value = found->get<double>();
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int64_t> IntegerAt(const json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<int64_t>();
}

std::string StringAt(const json& object, std::string_view key) {
  if (!object.is_object()) return "";
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return "";
  return found->get<std::string>();
}

const json& ObjectAt(const json& object, std::string_view key) {
  static const json kEmpty = json::object();
  if (!object.is_object()) return kEmpty;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_object()) return kEmpty;
  return *found;
}

const json& ArrayAt(const json& object, std::string_view key) {
  static const json kEmpty = json::array();
  if (!object.is_object()) return kEmpty;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_array()) return kEmpty;
  return *found;
}

bool IsSuppressed(const json& object) {
  if (!object.is_object()) return false;
  const auto found = object.find("suppressed");
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

std::string WithheldCellText(std::string_view decision, int64_t k) {
  if (decision == "no_data") return "no responses in this group";
  if (decision == "differencing") {
    return "not shown: it could be worked out from other results";
  }
  if (decision == "narrowing") {
    return "not shown: together with the other results it would narrow down how fewer than " +
           std::to_string(k) + " people answered";
  }
  return "not shown to protect anonymity: fewer than " + std::to_string(k) +
         " responses, or hidden so that a smaller group cannot be worked out";
}

std::string CampaignPath(int64_t campaign_id, std::string_view view) {
  std::string path = "/campaigns/" + std::to_string(campaign_id);
  if (!view.empty()) path += "/" + std::string(view);
  return path;
}

std::string CampaignDates(const engine::Campaign& campaign) {
  if (campaign.opens_on.empty() && campaign.closes_on.empty()) return "";
  if (campaign.closes_on.empty()) return "from " + campaign.opens_on;
  if (campaign.opens_on.empty()) return "until " + campaign.closes_on;
  return campaign.opens_on + " to " + campaign.closes_on;
}

std::vector<CampaignView> ViewsFor(const engine::Campaign& campaign, std::string_view role) {
  if (role == "evaluator") return {{"evaluator", "Reliability and downloads"}};
  const std::string& id = campaign.instrument.id;
  std::vector<CampaignView> views;
  if (id == "partnership-capability") {
    views.push_back({"capability", "Capability"});
    views.push_back({"perspectives", "Perspectives"});
  } else if (id == "staff-attitudes") {
    views.push_back({"attitudes", "Staff attitudes"});
  } else if (id == "partner-feedback" || id == "partnership-charter") {
    views.push_back({"attitudes", "Scales and groups"});
    views.push_back({"perspectives", "Perspectives"});
  } else {
    views.push_back({"attitudes", "Scales and groups"});
  }
  views.push_back({"trends", "Trends"});
  views.push_back({"evaluator", "Reliability and downloads"});
  return views;
}

std::string RenderCampaignTabs(const engine::Campaign& campaign, std::string_view role,
                               std::string_view current) {
  std::string html = "<nav class=\"campaign-tabs\" aria-label=\"Views of this campaign\"><ul>";
  for (const CampaignView& view : ViewsFor(campaign, role)) {
    html += "<li><a href=\"" + CampaignPath(campaign.id, view.slug) + "\"";
    if (view.slug == current) html += " aria-current=\"page\"";
    html += ">" + HtmlEscape(view.label) + "</a></li>";
  }
  html += "</ul></nav>\n";
  return html;
}

std::string RenderCampaignHeading(const engine::Campaign& campaign, std::string_view role,
                                  std::string_view view, std::string_view view_title) {
  std::string html = "<p class=\"breadcrumb\"><a href=\"/dashboard\">Campaigns</a></p>\n";
  html += "<h1>" + HtmlEscape(view_title) +
          "<span class=\"campaign-name\">: " + HtmlEscape(campaign.title) + "</span></h1>\n";
  html += "<p class=\"campaign-facts\">";
  html += "<span>Instrument <code>" + HtmlEscape(campaign.instrument.ToString()) + "</code></span>";
  const std::string dates = CampaignDates(campaign);
  if (!dates.empty()) html += " <span>" + HtmlEscape(dates) + "</span>";
  html += " <span>" + HtmlEscape(std::string(engine::ToString(campaign.state))) + "</span>";
  if (!campaign.audience.empty()) {
    html += " <span>Asked: " + HtmlEscape(campaign.audience) + "</span>";
  }
  html += " <span>Groups smaller than " + std::to_string(campaign.anonymity_threshold) +
          " are not shown</span></p>\n";
  html += RenderCampaignTabs(campaign, role, view);
  return html;
}

std::string ScrollRegion(std::string_view label, std::string_view table_html) {
  std::string html = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"";
  html += HtmlEscape(label);
  html += "\">";
  html += table_html;
  html += "</div>\n";
  return html;
}

}  // namespace tessera::server::dashboard
