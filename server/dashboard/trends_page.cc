#include "server/dashboard/trends_page.h"

#include "server/dashboard/dashboard_format.h"
#include "server/dashboard/svg_intervals.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

std::map<std::string, std::string> DimensionTitles(const json& scores) {
  std::map<std::string, std::string> titles;
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    titles[StringAt(dimension, "dimension")] = StringAt(dimension, "title");
  }
  return titles;
}

namespace {

std::string ItemList(const json& items) {
  std::string text;
  for (const json& item : items) {
    if (!item.is_string()) continue;
    if (!text.empty()) text += ", ";
    text += item.get<std::string>();
  }
  return text;
}

std::string ItemChanges(const json& dimension) {
  if (dimension.value("unchanged", false)) return "unchanged";
  std::string text;
  const auto add = [&](std::string_view key, std::string_view words) {
    const std::string items = ItemList(ArrayAt(dimension, key));
    if (items.empty()) return;
    if (!text.empty()) text += "; ";
    text += std::string(words) + " " + items;
  };
  add("reworded_items", "reworded");
  add("rescored_items", "rescored");
  add("added_items", "added");
  add("removed_items", "removed");
  return text.empty() ? "–" : text;
}

std::string WaveMean(const json& wave) {
  const auto mean = NumberAt(wave, "mean");
  const auto n = IntegerAt(wave, "n");
  if (!mean) return "–";
  return FormatFixed(*mean, 2) +
         (n ? "<span class=\"cell-note\">n = " + std::to_string(*n) + "</span>" : "");
}

std::string Comparison(const json& comparison, const std::map<std::string, std::string>& titles,
                       int number) {
  const json& earlier = ObjectAt(comparison, "earlier");
  const json& later = ObjectAt(comparison, "later");
  const std::string earlier_label = StringAt(earlier, "label");
  const std::string later_label = StringAt(later, "label");
  const std::string prefix = "wave-" + std::to_string(number);
  std::string html = "<section aria-labelledby=\"" + prefix + "\"><h2 id=\"" + prefix + "\">" +
                     HtmlEscape(later_label) + " compared with " + HtmlEscape(earlier_label) +
                     "</h2>\n";
  const std::string earlier_version = StringAt(earlier, "instrument");
  const std::string later_version = StringAt(later, "instrument");
  html += "<p>" + HtmlEscape(earlier_label) + ": " +
          std::to_string(IntegerAt(earlier, "respondents").value_or(0)) + " responses (<code>" +
          HtmlEscape(earlier_version) + "</code>). " + HtmlEscape(later_label) + ": " +
          std::to_string(IntegerAt(later, "respondents").value_or(0)) + " responses (<code>" +
          HtmlEscape(later_version) + "</code>).";
  if (earlier_version != later_version) {
    html +=
        " The two waves used different versions of the instrument; questions are matched only "
        "where the newer version declares that it continues the older one.";
  }
  html += "</p>\n";
  if (IsSuppressed(comparison)) {
    html += "<p class=\"withheld-text\">Not shown: " + HtmlEscape(StringAt(comparison, "reason")) +
            ".</p></section>\n";
    return html;
  }
  std::vector<IntervalRow> rows;
  std::string body;
  for (const json& dimension : ArrayAt(comparison, "dimensions")) {
    const std::string id = StringAt(dimension, "dimension");
    const auto title = titles.find(id);
    const std::string name = title != titles.end() && !title->second.empty() ? title->second : id;
    IntervalRow row;
    row.label = name;
    std::string tr = "<tr><th scope=\"row\">" + HtmlEscape(name) + "</th>";
    const auto change = NumberAt(dimension, "index_difference");
    if (!dimension.value("comparable", false)) {
      row.value_text = "not comparable";
      tr += "<td colspan=\"7\">Not comparable: " + HtmlEscape(StringAt(dimension, "reason")) +
            "</td>";
    } else if (IsSuppressed(dimension) || !change) {
      row.value_text = std::string(kWithheldMarker);
      tr += "<td colspan=\"6\" class=\"withheld-text\">" + std::string(kWithheldMarker) + ": " +
            HtmlEscape(StringAt(dimension, "reason")) + "</td><td>" +
            HtmlEscape(ItemChanges(dimension)) + "</td>";
    } else {
      const json& index_ci = ObjectAt(dimension, "index_ci");
      row.value = change;
      row.lower = NumberAt(index_ci, "lower");
      row.upper = NumberAt(index_ci, "upper");
      const std::string interval = row.lower && row.upper ? FormatSigned(*row.lower, 1) + " to " +
                                                                FormatSigned(*row.upper, 1)
                                                          : std::string("–");
      row.value_text = FormatSigned(*change, 1) + " (" + interval + ")";
      const auto p = NumberAt(dimension, "p_value");
      const auto g = NumberAt(dimension, "hedges_g");
      tr += "<td class=\"number\">" + WaveMean(ObjectAt(dimension, "earlier")) +
            "</td><td class=\"number\">" + WaveMean(ObjectAt(dimension, "later")) +
            "</td><td class=\"number\">" + FormatSigned(*change, 1) + "</td><td class=\"number\">" +
            interval + "</td><td class=\"number\">" + (p ? FormatPValue(*p) : "–") +
            "</td><td class=\"number\">" + (g ? FormatSigned(*g, 2) : "–") + "</td><td>" +
            HtmlEscape(ItemChanges(dimension)) + "</td>";
    }
    body += tr + "</tr>\n";
    rows.push_back(std::move(row));
  }
  SvgChartText text;
  text.id = prefix + "-chart";
  text.table_id = prefix + "-table";
  text.title = "Change from " + earlier_label + " to " + later_label + ", in index points";
  text.description =
      "One row per scale or domain. The dot is the change in the index (later wave minus "
      "earlier wave); the line with end caps is its 95% confidence interval; the vertical line "
      "is no change. Where the interval crosses that line, the data cannot tell whether "
      "anything changed.";
  std::string table = "<table class=\"data-table\" id=\"" + text.table_id + "\"><caption>" +
                      HtmlEscape(text.title) + ": figures of the chart</caption>";
  table +=
      "<thead><tr><th scope=\"col\">Scale or domain</th><th scope=\"col\">Earlier average</th>"
      "<th scope=\"col\">Later average</th><th scope=\"col\">Change (index points)</th>"
      "<th scope=\"col\">95% interval</th><th scope=\"col\">p-value</th>"
      "<th scope=\"col\">Effect size (Hedges&rsquo; g)</th><th scope=\"col\">Questions "
      "changed</th></tr></thead><tbody>\n" +
      body + "</tbody></table>";
  html += ChartFigure(
      RenderIntervalChart(text, rows, "Change in index points (later minus earlier)"),
      "Positive changes are improvements. A p-value below 0.05 is conventionally called a "
      "significant change; the effect size says whether it matters (about 0.2 small, 0.5 "
      "medium, 0.8 large). Scales whose questions changed should be compared with care.",
      ScrollRegion(text.title + ", table", table));
  const std::string retired = ItemList(ArrayAt(comparison, "retired_items"));
  const std::string added = ItemList(ArrayAt(comparison, "new_items"));
  html += "<h3>Questions that did not carry on</h3>\n<ul class=\"item-changes\">";
  html += "<li>Retired (only in " + HtmlEscape(earlier_label) +
          "): " + (retired.empty() ? "none" : HtmlEscape(retired)) + "</li>";
  html += "<li>New (only in " + HtmlEscape(later_label) +
          "): " + (added.empty() ? "none" : HtmlEscape(added)) + "</li>";
  html += "</ul>\n</section>\n";
  return html;
}

}  // namespace

std::string RenderTrendsPage(const DashboardChrome& chrome, const engine::Campaign& current,
                             const TrendInputs& inputs) {
  std::string main = RenderCampaignHeading(current, chrome.role, "trends", "Trends");
  main +=
      "<p class=\"lead\">How each scale or domain changed from one wave of this survey to the "
      "next. The waves are different groups of people (answers are anonymous and cannot be "
      "linked), so each change comes with the range it most likely lies in.</p>\n";
  if (!inputs.waves.empty()) {
    main += "<h2>Waves</h2>\n<ol class=\"waves\">";
    for (const engine::Campaign& wave : inputs.waves) {
      main += "<li><a href=\"" + CampaignPath(wave.id) + "\">" + HtmlEscape(wave.title) +
              "</a> <code>" + HtmlEscape(wave.instrument.ToString()) + "</code>";
      const std::string dates = CampaignDates(wave);
      if (!dates.empty()) main += " " + HtmlEscape(dates);
      main += "</li>";
    }
    main += "</ol>\n";
  }
  if (inputs.comparisons.empty()) {
    main +=
        "<p class=\"notice\">There is no earlier closed campaign of this instrument to compare "
        "with yet. Trends appear once a second wave has closed.</p>\n";
    return RenderDashboardDocument(chrome, "Trends – " + current.title, main);
  }
  // Latest change first.
  int number = static_cast<int>(inputs.comparisons.size());
  for (auto it = inputs.comparisons.rbegin(); it != inputs.comparisons.rend(); ++it) {
    main += Comparison(*it, inputs.dimension_titles, number--);
  }
  return RenderDashboardDocument(chrome, "Trends – " + current.title, main);
}

}  // namespace tessera::server::dashboard
