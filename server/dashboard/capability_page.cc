#include "server/dashboard/capability_page.h"

#include <algorithm>
#include <cmath>

#include "server/dashboard/dashboard_format.h"
#include "server/dashboard/svg_common.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

std::vector<IndexBand> IndexBandsOf(const instruments::ScoringModel& model) {
  std::vector<IndexBand> bands;
  const double span = model.range_max - model.range_min;
  if (!(span > 0)) return bands;
  for (const instruments::Band& band : model.bands) {
    bands.push_back({band.name, 100.0 * (band.from - model.range_min) / span,
                     100.0 * (band.to - model.range_min) / span});
  }
  return bands;
}

std::optional<std::pair<double, double>> ScoringRangeOf(const json& scores) {
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    const auto mean = NumberAt(dimension, "mean");
    const auto index = NumberAt(dimension, "index");
    const json& ci = ObjectAt(dimension, "ci");
    const json& index_ci = ObjectAt(dimension, "index_ci");
    const auto lower = NumberAt(ci, "lower");
    const auto index_lower = NumberAt(index_ci, "lower");
    if (!mean || !index || !lower || !index_lower) continue;
    if (std::abs(*index - *index_lower) < 1e-6) continue;
    const double per_point = (*mean - *lower) / (*index - *index_lower);
    const double low = *mean - *index * per_point;
    const double high = low + 100 * per_point;
    // The catalogue's ranges are whole numbers; remove floating-point noise.
    return std::make_pair(std::round(low * 1e6) / 1e6, std::round(high * 1e6) / 1e6);
  }
  return std::nullopt;
}

IndicatorFigures IndicatorStatusFor(const json& item) {
  IndicatorFigures figures;
  if (!item.is_object() || IsSuppressed(item)) return figures;
  const json& values = ArrayAt(item, "values");
  if (values.empty()) return figures;
  double low = 0;
  double high = 0;
  bool first = true;
  for (const json& value : values) {
    const auto v = NumberAt(value, "value");
    if (!v) continue;
    low = first ? *v : std::min(low, *v);
    high = first ? *v : std::max(high, *v);
    first = false;
  }
  const bool reverse = item.value("reverse", false);
  // The top two answers by position after recoding (docs/scoring.md, favourability).
  std::vector<double> ordered;
  for (const json& value : values) {
    if (const auto v = NumberAt(value, "value")) ordered.push_back(reverse ? low + high - *v : *v);
  }
  std::sort(ordered.begin(), ordered.end());
  const double top_two_from = ordered.size() >= 2 ? ordered[ordered.size() - 2] : high;
  for (const json& value : values) {
    const auto v = NumberAt(value, "value");
    const int64_t count = IntegerAt(value, "count").value_or(0);
    if (!v) continue;
    figures.answered += count;
    if ((reverse ? low + high - *v : *v) >= top_two_from) figures.top_two += count;
  }
  for (const json& code : ArrayAt(item, "codes")) {
    if (StringAt(code, "meaning") == "dont_know") {
      figures.dont_know += IntegerAt(code, "count").value_or(0);
    }
  }
  figures.mean = NumberAt(item, "mean");
  if (!figures.mean || figures.answered == 0 || !(high > low)) return figures;
  figures.index = 100.0 * (*figures.mean - low) / (high - low);
  // Compare the rounded index, as shown, so that the status always matches the figure on screen.
  const double shown = std::round(*figures.index * 10) / 10;
  figures.status = shown >= 75   ? IndicatorStatus::kInPlace
                   : shown >= 50 ? IndicatorStatus::kPartly
                                 : IndicatorStatus::kNotYet;
  return figures;
}

namespace {

std::string StatusWords(IndicatorStatus status) {
  switch (status) {
    case IndicatorStatus::kInPlace:
      return "In place";
    case IndicatorStatus::kPartly:
      return "Partly in place";
    case IndicatorStatus::kNotYet:
      return "Not yet in place";
    case IndicatorStatus::kNotShown:
      return "Not shown";
  }
  return "";
}

std::string StatusClass(IndicatorStatus status) {
  switch (status) {
    case IndicatorStatus::kInPlace:
      return "status-in-place";
    case IndicatorStatus::kPartly:
      return "status-partly";
    case IndicatorStatus::kNotYet:
      return "status-not-yet";
    case IndicatorStatus::kNotShown:
      return "status-not-shown";
  }
  return "";
}

// A symbol that differs in shape, so the status never rests on colour.
std::string StatusSymbol(IndicatorStatus status) {
  switch (status) {
    case IndicatorStatus::kInPlace:
      return "✓";
    case IndicatorStatus::kPartly:
      return "◐";
    case IndicatorStatus::kNotYet:
      return "✗";
    case IndicatorStatus::kNotShown:
      return "–";
  }
  return "";
}

std::string DomainChart(const engine::Campaign& campaign, const json& scores,
                        const instruments::ScoringModel* model) {
  const std::vector<IndexBand> bands = model ? IndexBandsOf(*model) : std::vector<IndexBand>{};
  const auto range = ScoringRangeOf(scores);
  const std::string range_text =
      range ? FormatFixed(range->first, 0) + " to " + FormatFixed(range->second, 0) : "";
  BandBarSection section;
  std::string rows_html;
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    const std::string title = StringAt(dimension, "title");
    BandBarRow row;
    row.label = title;
    const auto index = NumberAt(dimension, "index");
    std::string tr = "<tr><th scope=\"row\">" + HtmlEscape(title) + "</th>";
    if (IsSuppressed(dimension) || !index) {
      row.withheld = true;
      row.value_text = std::string(kWithheldMarker);
      const std::string reason = IsSuppressed(dimension) ? StringAt(dimension, "reason")
                                                         : "not enough answers to give a score";
      tr +=
          "<td colspan=\"6\" class=\"withheld-text\">" + std::string(kWithheldMarker) + ": " +
          HtmlEscape(reason.empty() ? WithheldCellText("", campaign.anonymity_threshold) : reason) +
          "</td></tr>";
    } else {
      const json& index_ci = ObjectAt(dimension, "index_ci");
      const json& ci = ObjectAt(dimension, "ci");
      row.value = index;
      row.lower = NumberAt(index_ci, "lower");
      row.upper = NumberAt(index_ci, "upper");
      const std::string level = StringAt(ObjectAt(dimension, "band"), "name");
      row.value_text = FormatFixed(*index, 0) + " " + level;
      tr += "<td class=\"number\">" + FormatFixed(*index, 0) + "</td>";
      tr +=
          "<td class=\"number\">" +
          (row.lower && row.upper ? FormatFixed(*row.lower, 0) + " to " + FormatFixed(*row.upper, 0)
                                  : std::string("–")) +
          "</td>";
      tr += "<td>" + HtmlEscape(level) + "</td>";
      const auto mean = NumberAt(dimension, "mean");
      const auto lower = NumberAt(ci, "lower");
      const auto upper = NumberAt(ci, "upper");
      tr += "<td class=\"number\">" + (mean ? FormatFixed(*mean, 2) : "–") +
            (lower && upper ? "<span class=\"cell-note\">" + FormatFixed(*lower, 2) + " to " +
                                  FormatFixed(*upper, 2) + "</span>"
                            : "") +
            "</td>";
      tr +=
          "<td class=\"number\">" + std::to_string(IntegerAt(dimension, "n").value_or(0)) + "</td>";
      const auto dk = NumberAt(ObjectAt(dimension, "dont_know"), "share");
      tr += "<td class=\"number\">" + (dk ? FormatPercent(*dk) : "–") + "</td></tr>";
    }
    rows_html += tr + "\n";
    section.rows.push_back(std::move(row));
  }
  SvgChartText text;
  text.id = "domains-chart";
  text.table_id = "domains-table";
  text.title = "Capability by domain, on the 0 to 100 index";
  text.description =
      "One bar per domain. The bar's length is the domain's index from 0 to 100; the black "
      "whisker is its 95% confidence interval";
  text.description += bands.empty() ? "." : "; the shaded columns behind the bars are the levels";
  text.description += ". The index and level are written beside each bar.";
  std::string table = "<table class=\"data-table\" id=\"domains-table\">";
  table += "<caption>Capability by domain: figures of the chart</caption>";
  table +=
      "<thead><tr><th scope=\"col\">Domain</th><th scope=\"col\">Index (0–100)</th>"
      "<th scope=\"col\">95% interval (index)</th><th scope=\"col\">Level</th>"
      "<th scope=\"col\">Average" +
      (range_text.empty() ? std::string() : " (" + range_text + ")") +
      "</th><th scope=\"col\">Respondents (n)</th>"
      "<th scope=\"col\">&ldquo;Don&rsquo;t know&rdquo; share</th></tr></thead><tbody>\n";
  table += rows_html + "</tbody></table>";
  std::string caption =
      "The whisker on each bar shows the range the organisation-wide index most likely lies "
      "in (95% confidence). Where whiskers of two domains overlap, the data cannot tell which "
      "is stronger.";
  return ChartFigure(RenderBandBarChart(text, bands, {section}), caption,
                     ScrollRegion("Capability by domain, table", table));
}

std::string NextSteps(const json& scores) {
  std::string html =
      "<section aria-labelledby=\"next-steps\"><h2 id=\"next-steps\">Recommended next steps, "
      "weakest domain first</h2>\n";
  html +=
      "<p>The steps come from the instrument, for the level each domain has reached. Start "
      "with the first: it is where action is most needed.</p>\n";
  const json& recommendations = ArrayAt(ObjectAt(scores, "recommendations"), "dimensions");
  if (recommendations.empty()) {
    html += "<p>No recommendations are available for this campaign.</p></section>\n";
    return html;
  }
  html += "<ol class=\"next-steps\">\n";
  for (const json& recommendation : recommendations) {
    const std::string title = StringAt(recommendation, "title");
    const json& band = ObjectAt(recommendation, "band");
    html += "<li class=\"next-step\"><h3>" + HtmlEscape(title) + "</h3>";
    if (StringAt(recommendation, "status") != "scored") {
      html +=
          "<p class=\"withheld-text\">Not enough responses to recommend steps for this "
          "domain.</p></li>\n";
      continue;
    }
    const auto index = NumberAt(recommendation, "index");
    html += "<p class=\"level-line\">Level: <strong>" + HtmlEscape(StringAt(band, "name")) +
            "</strong>" + (index ? " (index " + FormatFixed(*index, 0) + ")" : "") + "</p>";
    const std::string description = StringAt(band, "description");
    if (!description.empty()) html += "<p>" + HtmlEscape(description) + "</p>";
    const json& steps = ArrayAt(recommendation, "next_steps");
    if (!steps.empty()) {
      html += "<ul>";
      for (const json& step : steps) {
        if (step.is_string()) html += "<li>" + HtmlEscape(step.get<std::string>()) + "</li>";
      }
      html += "</ul>";
    }
    html += "</li>\n";
  }
  html += "</ol></section>\n";
  return html;
}

std::string Checklist(const json& scores, int64_t k) {
  std::string html =
      "<section aria-labelledby=\"indicators\"><h2 id=\"indicators\">The ten performance "
      "indicators (framework section 6.5)</h2>\n";
  const json* performance = nullptr;
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    if (StringAt(dimension, "dimension") == "performance") performance = &dimension;
  }
  if (!performance) {
    html += "<p>This campaign's instrument has no performance indicators.</p></section>\n";
    return html;
  }
  html +=
      "<p>How each indicator&rsquo;s status is decided: each indicator&rsquo;s answers are "
      "averaged "
      "(&ldquo;Don&rsquo;t know&rdquo; left out) and the average is put on the 0 to 100 index. "
      "<strong>In place</strong>: 75 or more, that is on average at least &ldquo;In place&rdquo;. "
      "<strong>Partly in place</strong>: 50 to 74.9, on average at least &ldquo;Partly in "
      "place&rdquo;. <strong>Not yet in place</strong>: below 50. <strong>Not shown</strong>: "
      "fewer than " +
      std::to_string(k) + " people answered it.</p>\n";
  const json& items = ArrayAt(*performance, "items");
  html += "<ol class=\"checklist\">\n";
  int number = 0;
  int in_place = 0;
  for (const json& item : items) {
    ++number;
    const IndicatorFigures figures = IndicatorStatusFor(item);
    if (figures.status == IndicatorStatus::kInPlace) ++in_place;
    html += "<li class=\"indicator " + StatusClass(figures.status) + "\">";
    html += "<p class=\"indicator-status\"><span class=\"status-symbol\" aria-hidden=\"true\">" +
            StatusSymbol(figures.status) + "</span> <strong>" + StatusWords(figures.status) +
            "</strong></p>";
    html += "<p class=\"indicator-text\"><span class=\"indicator-number\">Indicator " +
            std::to_string(number) + ".</span> " + HtmlEscape(StringAt(item, "text")) + "</p>";
    if (figures.status == IndicatorStatus::kNotShown) {
      html += "<p class=\"indicator-figures withheld-text\">" +
              HtmlEscape(IsSuppressed(item) && !StringAt(item, "reason").empty()
                             ? "Not shown: " + StringAt(item, "reason") + "."
                             : "Not shown: no answers to score.") +
              "</p>";
    } else {
      html += "<p class=\"indicator-figures\">Index " + FormatFixed(*figures.index, 0) +
              " (average " + FormatFixed(*figures.mean, 2) + "). " +
              std::to_string(figures.top_two) + " of " + std::to_string(figures.answered) +
              " answers say it is in place or embedded";
      if (figures.dont_know > 0) {
        html += "; " + std::to_string(figures.dont_know) + " said they don&rsquo;t know";
      }
      html += ".</p>";
    }
    html += "</li>\n";
  }
  html += "</ol>\n";
  html += "<p class=\"checklist-summary\">" + std::to_string(in_place) + " of " +
          std::to_string(number) + " indicators are in place.</p></section>\n";
  return html;
}

}  // namespace

std::string RenderCapabilityPage(const DashboardChrome& chrome, const engine::Campaign& campaign,
                                 const json& scores, const instruments::ScoringModel* model) {
  std::string main = RenderCampaignHeading(campaign, chrome.role, "capability", "Capability");
  const auto respondents = IntegerAt(scores, "respondents");
  main += "<p class=\"lead\">";
  if (respondents) main += "Based on " + std::to_string(*respondents) + " responses. ";
  main +=
      "Each domain's score is the average of its statements, restated on an index from 0 "
      "(nothing in place) to 100 (everything embedded and reviewed).</p>\n";
  main += "<section aria-labelledby=\"domains\"><h2 id=\"domains\">Capability by domain</h2>\n";
  main += DomainChart(campaign, scores, model);
  main += "</section>\n";
  main += NextSteps(scores);
  main += Checklist(scores, campaign.anonymity_threshold);
  return RenderDashboardDocument(chrome, "Capability – " + campaign.title, main);
}

}  // namespace tessera::server::dashboard
