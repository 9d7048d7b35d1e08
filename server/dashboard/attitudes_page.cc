#include "server/dashboard/attitudes_page.h"

#include <algorithm>
#include <map>

#include "engine/campaign_results.h"
#include "server/dashboard/dashboard_format.h"
#include "server/dashboard/result_blocks.h"
#include "server/dashboard/svg_heatmap.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

std::string GroupingHeading(const json& scores_by_group) {
  const json& breakdown = ObjectAt(scores_by_group, "breakdown");
  const std::string grouping = StringAt(breakdown, "grouping");
  const std::string item = StringAt(breakdown, "item");
  if (grouping == "team") return "By team";
  if (grouping == "role") return "By role";
  if (grouping == "tenure") return "By length of service";
  if (grouping == "rater") return "By rater group";
  if (grouping == "side") return "By side of the partnership";
  std::string words = item.empty() ? grouping : item;
  for (char& ch : words) {
    if (ch == '-' || ch == '_') ch = ' ';
  }
  if (grouping == "identity") return "By identity question: " + words;
  return "By " + words;
}

namespace {

std::string Slug(std::string text) {
  for (char& ch : text) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch - 'A' + 'a');
    } else if (!keep) {
      ch = '-';
    }
  }
  return text;
}

std::string Heatmap(const json& breakdown_scores, int64_t k, int number) {
  const std::string heading = GroupingHeading(breakdown_scores);
  const std::string prefix = "heatmap-" + std::to_string(number) + "-" +
                             Slug(StringAt(ObjectAt(breakdown_scores, "breakdown"), "item"));
  const std::vector<const json*> cells = ListedCells(breakdown_scores);
  HeatmapData data;
  for (const json* cell : cells) data.columns.push_back(StringAt(*cell, "label"));
  std::string head = "<thead><tr><th scope=\"col\">Scale</th>";
  for (const std::string& column : data.columns) {
    head += "<th scope=\"col\">" + HtmlEscape(column) + "</th>";
  }
  head += "</tr></thead>";
  std::string body = "<tbody><tr><th scope=\"row\">Respondents (n)</th>";
  bool any_withheld = false;
  for (const json* cell : cells) {
    if (cell->value("shown", false)) {
      body += "<td class=\"number\">" +
              std::to_string(IntegerAt(*cell, "respondents").value_or(0)) + "</td>";
    } else {
      body += "<td class=\"withheld-text\">" + std::string(kWithheldMarker) + "</td>";
    }
  }
  body += "</tr>\n";
  for (const json& overall : ArrayAt(breakdown_scores, "dimensions")) {
    const std::string dimension = StringAt(overall, "dimension");
    data.rows.push_back(StringAt(overall, "title"));
    std::vector<HeatmapCell> row;
    body += "<tr><th scope=\"row\">" + HtmlEscape(StringAt(overall, "title")) + "</th>";
    for (const json* cell : cells) {
      HeatmapCell heat;
      const json* figure = nullptr;
      if (cell->value("shown", false)) {
        for (const json& candidate : ArrayAt(*cell, "dimensions")) {
          if (StringAt(candidate, "dimension") == dimension) figure = &candidate;
        }
      }
      const auto index =
          figure && !IsSuppressed(*figure) ? NumberAt(*figure, "index") : std::nullopt;
      if (index) {
        heat.value = index;
        heat.text = FormatFixed(*index, 0);
        body += "<td class=\"number\">" + heat.text + "</td>";
      } else {
        heat.withheld = true;
        heat.text = std::string(kWithheldMarker);
        any_withheld = true;
        body += "<td class=\"withheld-text\">" + heat.text + "</td>";
      }
      row.push_back(std::move(heat));
    }
    body += "</tr>\n";
    data.cells.push_back(std::move(row));
  }
  body += "</tbody>";
  SvgChartText text;
  text.id = prefix + "-chart";
  text.table_id = prefix + "-table";
  std::string lower_heading = heading;
  if (!lower_heading.empty() && lower_heading[0] == 'B') lower_heading[0] = 'b';
  text.title = "Index of each scale, " + lower_heading;
  text.description =
      "A grid with one row per scale and one column per group. Each cell holds the group's "
      "index from 0 to 100, shaded from orange (low) to blue (high); hatched cells marked "
      "\"not shown\" are withheld to protect anonymity.";
  std::string table = "<table class=\"data-table heatmap-table\" id=\"" + text.table_id +
                      "\"><caption>" + HtmlEscape(text.title) + ": figures of the chart</caption>" +
                      head + body + "</table>";
  std::string html = "<h3 id=\"" + prefix + "\">" + HtmlEscape(heading) + "</h3>\n";
  std::string notes;
  for (const json* cell : cells) {
    if (cell->value("shown", false)) continue;
    notes += "<li>" + HtmlEscape(StringAt(*cell, "label")) + ": " +
             HtmlEscape(WithheldCellText(StringAt(*cell, "decision"), k)) + ".</li>";
  }
  std::string caption = "Numbers are the 0 to 100 index.";
  if (any_withheld) {
    caption += " &ldquo;Not shown&rdquo; cells are withheld to protect anonymity: fewer than " +
               std::to_string(k) +
               " people, or hidden so that a smaller group cannot be worked out from the others.";
  }
  html +=
      ChartFigure(RenderHeatmap(text, data), caption, ScrollRegion(text.title + ", table", table));
  if (!notes.empty()) {
    html += "<div class=\"withheld-note\"><p>Groups not shown:</p><ul>" + notes + "</ul></div>\n";
  }
  return html;
}

std::string CommentList(const json& comments) {
  std::string html = "<ul class=\"comments\">";
  for (const json& comment : comments) {
    if (comment.is_string()) html += "<li>" + HtmlEscape(comment.get<std::string>()) + "</li>";
  }
  html += "</ul>\n";
  return html;
}

std::string Comments(const AttitudeInputs& inputs) {
  const int64_t k = inputs.campaign.anonymity_threshold;
  std::string html =
      "<section aria-labelledby=\"comments\"><h2 id=\"comments\">Comments</h2>\n"
      "<p>Written answers are shown only for groups of at least " +
      std::to_string(k) + " people with at least " + std::to_string(k) +
      " comments, in an order that has nothing to do with when they were written. They are "
      "shown as written: people may have named themselves or others despite the reminder "
      "not to.</p>\n";
  const json& questions = ArrayAt(inputs.comments, "questions");
  if (questions.empty()) {
    html += "<p>This survey asked no free-text questions.</p></section>\n";
    return html;
  }
  const json& page = ObjectAt(inputs.comments, "page");
  const int64_t offset = page.value("offset", int64_t{0});
  const int64_t limit = page.value("limit", int64_t{50});
  int64_t longest = 0;
  for (const json& question : questions) {
    html += "<h3>" + HtmlEscape(StringAt(question, "text")) + "</h3>\n";
    const auto overall = question.find("comments");
    if (overall != question.end() && overall->is_array()) {
      const int64_t total = question.value("total", static_cast<int64_t>(overall->size()));
      longest = std::max(longest, total);
      const auto shown = static_cast<int64_t>(overall->size());
      if (shown == total) {
        html +=
            "<p class=\"comment-count\">" + std::to_string(total) + " comments from everyone:</p>";
      } else if (shown == 0) {
        html += "<p class=\"comment-count\">" + std::to_string(total) +
                " comments from everyone; none on this page.</p>";
      } else {
        html += "<p class=\"comment-count\">Comments " + std::to_string(offset + 1) + " to " +
                std::to_string(offset + shown) + " of " + std::to_string(total) +
                " from everyone:</p>";
      }
      html += CommentList(*overall);
    } else {
      html += "<p class=\"withheld-text\">Not shown for everyone together: " +
              HtmlEscape(StringAt(question, "reason")) + ".</p>\n";
    }
    const json& by = ObjectAt(question, "by");
    const json& groups = ArrayAt(by, "groups");
    if (groups.empty()) continue;
    std::map<std::string, std::string> labels;
    for (const auto& breakdown : inputs.breakdowns) {
      if (StringAt(ObjectAt(*breakdown, "breakdown"), "item") == StringAt(by, "item")) {
        labels = GroupLabels(*breakdown);
      }
    }
    for (const json& group : groups) {
      const std::string value = StringAt(group, "value");
      const auto label = labels.find(value);
      const std::string name = label != labels.end() ? label->second : value;
      const auto texts = group.find("comments");
      if (texts != group.end() && texts->is_array()) {
        html += "<h4>" + HtmlEscape(name) + "</h4>" + CommentList(*texts);
      } else {
        const std::string reason = StringAt(group, "reason");
        const bool decision = reason == "below_threshold" || reason == "complementary" ||
                              reason == "no_data" || reason == "differencing" ||
                              reason == "narrowing" || reason == "withheld";
        html += "<h4>" + HtmlEscape(name) + "</h4><p class=\"withheld-text\">Not shown: " +
                HtmlEscape(decision ? WithheldCellText(reason, k) : reason) + ".</p>\n";
      }
    }
  }
  // Long lists come a page at a time: links to the neighbouring pages (no script needed).
  if (offset > 0 || offset + limit < longest) {
    // A page size other than the default (?limit=) is kept from page to page.
    const std::string base =
        "/campaigns/" + std::to_string(inputs.campaign.id) + "/attitudes?" +
        (limit != engine::CommentPage::kDefaultLimit ? "limit=" + std::to_string(limit) + "&"
                                                     : std::string()) +
        "offset=";
    html += "<nav class=\"comment-pages\" aria-label=\"Comment pages\"><ul>";
    if (offset > 0) {
      html += "<li><a rel=\"prev\" href=\"" + base +
              std::to_string(std::max<int64_t>(0, offset - limit)) +
              "#comments\">Earlier comments</a></li>";
    }
    if (offset + limit < longest) {
      html += "<li><a rel=\"next\" href=\"" + base + std::to_string(offset + limit) +
              "#comments\">Later comments</a></li>";
    }
    html += "</ul></nav>\n";
  }
  html += "</section>\n";
  return html;
}

}  // namespace

std::string RenderAttitudesPage(const DashboardChrome& chrome, const AttitudeInputs& inputs) {
  const engine::Campaign& campaign = inputs.campaign;
  const bool staff = campaign.instrument.id == "staff-attitudes";
  const std::string view_title = staff ? "Staff attitudes" : "Scales and groups";
  std::string main = RenderCampaignHeading(campaign, chrome.role, "attitudes", view_title);
  static const json kNoScores = json::object();
  const json& scores = inputs.scores != nullptr ? *inputs.scores : kNoScores;
  const auto respondents = IntegerAt(scores, "respondents");
  main += "<p class=\"lead\">";
  if (respondents) main += "Based on " + std::to_string(*respondents) + " responses. ";
  main +=
      "For each scale: how many answers were favourable, neutral or unfavourable, how each "
      "group scores, and what people wrote.</p>\n";

  main += "<section aria-labelledby=\"scales\"><h2 id=\"scales\">Favourability by scale</h2>\n";
  main += FavourabilityBlock("scales", "Favourable, neutral and unfavourable answers by scale",
                             scores, false);
  main += "<h3>Scores by scale</h3>\n";
  main += ScoreTable("scale-scores", "Index, interval and level of each scale", scores);
  main += "</section>\n";

  main +=
      "<section aria-labelledby=\"statements\"><h2 id=\"statements\">Favourability by "
      "statement</h2>\n";
  main += FavourabilityBlock(
      "statements", "Favourable, neutral and unfavourable answers by statement", scores, true);
  main += "</section>\n";

  main += "<section aria-labelledby=\"groups\"><h2 id=\"groups\">Scales by group</h2>\n";
  if (inputs.breakdowns.empty()) {
    main += "<p>No breakdown by group is available for this campaign.</p>\n";
  } else {
    main +=
        "<p>Each grid shows every scale for each group of one question about the "
        "respondents. Groups of fewer than " +
        std::to_string(campaign.anonymity_threshold) +
        " people are never shown, and people who preferred not to say are counted in the "
        "totals but never shown as a group.</p>\n";
    int number = 0;
    for (const auto& breakdown : inputs.breakdowns) {
      main += Heatmap(*breakdown, campaign.anonymity_threshold, ++number);
    }
  }
  main += "</section>\n";
  if (!inputs.comments.is_null()) main += Comments(inputs);
  return RenderDashboardDocument(chrome, view_title + " – " + campaign.title, main);
}

}  // namespace tessera::server::dashboard
