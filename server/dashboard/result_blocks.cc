#include "server/dashboard/result_blocks.h"

#include "server/dashboard/dashboard_format.h"
#include "server/dashboard/svg_diverging_bars.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

namespace {

const json& BreakdownOf(const json& scores) {
  static const json kEmpty = json::object();
  const auto found = scores.find("breakdown");
  return found != scores.end() && found->is_object() ? *found : kEmpty;
}

const json* FindDimension(const json& container, std::string_view dimension) {
  for (const json& candidate : ArrayAt(container, "dimensions")) {
    if (StringAt(candidate, "dimension") == dimension) return &candidate;
  }
  return nullptr;
}

// At most `limit` bytes of `text`, cut at a character boundary, with "…" when cut.
std::string Shorten(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

struct GroupFigures {
  bool shown = false;
  std::string reason;
  std::optional<double> index, lower, upper;
  std::string level;
  int64_t n = 0;
};

GroupFigures FiguresOf(const json* dimension) {
  GroupFigures figures;
  if (!dimension || IsSuppressed(*dimension)) {
    figures.reason = dimension ? StringAt(*dimension, "reason") : "";
    return figures;
  }
  figures.index = NumberAt(*dimension, "index");
  if (!figures.index) {
    figures.reason = "nobody answered enough of its questions";
    return figures;
  }
  figures.shown = true;
  const json index_ci = dimension->value("index_ci", json::object());
  figures.lower = NumberAt(index_ci, "lower");
  figures.upper = NumberAt(index_ci, "upper");
  figures.level = StringAt(dimension->value("band", json::object()), "name");
  figures.n = IntegerAt(*dimension, "n").value_or(0);
  return figures;
}

std::string IntervalText(const GroupFigures& figures) {
  if (!figures.lower || !figures.upper) return "–";
  return FormatFixed(*figures.lower, 0) + " to " + FormatFixed(*figures.upper, 0);
}

}  // namespace

std::vector<const json*> ListedCells(const json& scores_by_group) {
  std::vector<const json*> cells;
  for (const json& cell : ArrayAt(BreakdownOf(scores_by_group), "cells")) {
    if (StringAt(cell, "decision") == "not_stated") continue;
    cells.push_back(&cell);
  }
  return cells;
}

std::map<std::string, std::string> GroupLabels(const json& scores_by_group) {
  std::map<std::string, std::string> labels;
  for (const json& cell : ArrayAt(BreakdownOf(scores_by_group), "cells")) {
    const std::string value = StringAt(cell, "value");
    if (!value.empty()) labels[value] = StringAt(cell, "label");
  }
  return labels;
}

std::string GroupComparisonBlock(std::string_view id, std::string_view title,
                                 const json& scores_by_group, int64_t k,
                                 const std::vector<IndexBand>& bands) {
  const std::string prefix(id);
  const std::vector<const json*> cells = ListedCells(scores_by_group);
  const json& breakdown = BreakdownOf(scores_by_group);
  std::vector<BandBarSection> sections;
  std::string body;
  std::string flagged;
  double threshold = 15;
  for (const json& overall : ArrayAt(scores_by_group, "dimensions")) {
    const std::string dimension = StringAt(overall, "dimension");
    const std::string dimension_title = StringAt(overall, "title");
    BandBarSection section;
    section.heading = dimension_title;
    std::string gap_text;
    for (const json& gap : ArrayAt(breakdown, "gaps")) {
      if (StringAt(gap, "dimension") != dimension) continue;
      threshold = NumberAt(gap, "threshold").value_or(threshold);
      const json& largest = ObjectAt(gap, "largest");
      const auto points = NumberAt(largest, "index");
      if (!points) continue;
      const bool is_flagged = gap.value("flagged", false);
      section.note =
          "largest gap " + FormatFixed(*points, 1) + " points" + (is_flagged ? ": flagged" : "");
      gap_text = "largest gap " + FormatFixed(*points, 1) + " points, between " +
                 StringAt(largest, "first") + " and " + StringAt(largest, "second") +
                 (is_flagged ? " (flagged: more than " + FormatFixed(threshold, 0) + ")" : "");
      if (is_flagged) {
        std::string groups;
        for (const json& group : ArrayAt(gap, "groups")) {
          const auto index = NumberAt(group, "index");
          if (!groups.empty()) groups += ", ";
          groups += HtmlEscape(StringAt(group, "group")) + " " +
                    (index ? FormatFixed(*index, 0) : std::string("–"));
        }
        flagged += "<li><strong>" + HtmlEscape(dimension_title) +
                   "</strong>: " + HtmlEscape(StringAt(largest, "first")) + " and " +
                   HtmlEscape(StringAt(largest, "second")) + " are " + FormatFixed(*points, 1) +
                   " points apart (" + groups + ").</li>\n";
      }
    }
    body +=
        "<tbody><tr><th scope=\"rowgroup\" colspan=\"5\">" + HtmlEscape(dimension_title) +
        (gap_text.empty() ? "" : "<span class=\"cell-note\">" + HtmlEscape(gap_text) + "</span>") +
        "</th></tr>\n";
    const auto add_row = [&](const std::string& label, const GroupFigures& figures,
                             const std::string& withheld_text) {
      BandBarRow row;
      row.label = label;
      std::string tr = "<tr><th scope=\"row\">" + HtmlEscape(label) + "</th>";
      if (figures.shown) {
        row.value = figures.index;
        row.lower = figures.lower;
        row.upper = figures.upper;
        row.value_text = FormatFixed(*figures.index, 0) + " " + figures.level;
        tr += "<td class=\"number\">" + FormatFixed(*figures.index, 0) +
              "</td><td class=\"number\">" + IntervalText(figures) + "</td><td>" +
              HtmlEscape(figures.level) + "</td><td class=\"number\">" + std::to_string(figures.n) +
              "</td>";
      } else {
        row.withheld = true;
        row.value_text = std::string(kWithheldMarker);
        tr += "<td colspan=\"4\" class=\"withheld-text\">" + std::string(kWithheldMarker) + ": " +
              HtmlEscape(withheld_text) + "</td>";
      }
      body += tr + "</tr>\n";
      section.rows.push_back(std::move(row));
    };
    add_row("Everyone", FiguresOf(&overall), "not enough answers to give a score");
    for (const json* cell : cells) {
      const std::string label = StringAt(*cell, "label");
      if (!cell->value("shown", false)) {
        add_row(label, GroupFigures{}, WithheldCellText(StringAt(*cell, "decision"), k));
        continue;
      }
      const GroupFigures figures = FiguresOf(FindDimension(*cell, dimension));
      add_row(label, figures,
              figures.reason.empty() ? "not enough answers in this group to give a score"
                                     : figures.reason);
    }
    body += "</tbody>\n";
    sections.push_back(std::move(section));
  }
  SvgChartText text;
  text.id = prefix + "-chart";
  text.table_id = prefix + "-table";
  text.title = std::string(title);
  text.description =
      "For each domain or scale, one bar per group on the 0 to 100 index with its 95% "
      "confidence whisker, starting with everyone together. Beside each domain, the largest gap "
      "between groups in index points, marked flagged when it is more than " +
      FormatFixed(threshold, 0) + " points. Hatched bars are groups not shown.";
  std::string table = "<table class=\"data-table\" id=\"" + prefix + "-table\"><caption>" +
                      HtmlEscape(title) + ": figures of the chart</caption>";
  table +=
      "<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Index (0–100)</th>"
      "<th scope=\"col\">95% interval</th><th scope=\"col\">Level</th>"
      "<th scope=\"col\">Respondents (n)</th></tr></thead>\n";
  table += body + "</table>";
  std::string html = ChartFigure(
      RenderBandBarChart(text, bands, sections),
      "A gap of more than " + FormatFixed(threshold, 0) +
          " index points is flagged: it often puts two groups in different levels and is worth "
          "talking through together. With small groups, gaps this size can arise by chance.",
      ScrollRegion(std::string(title) + ", table", table));
  if (!flagged.empty()) {
    html += "<h3 id=\"" + prefix + "-flagged\">Gaps of more than " + FormatFixed(threshold, 0) +
            " points</h3>\n<ul class=\"flagged-gaps\">\n" + flagged + "</ul>\n";
  } else {
    html += "<p>No domain or scale has a gap of more than " + FormatFixed(threshold, 0) +
            " points between groups.</p>\n";
  }
  std::string withheld;
  for (const json* cell : cells) {
    if (cell->value("shown", false)) continue;
    withheld += "<li>" + HtmlEscape(StringAt(*cell, "label")) + ": " +
                HtmlEscape(WithheldCellText(StringAt(*cell, "decision"), k)) + ".</li>";
  }
  if (!withheld.empty()) {
    html +=
        "<div class=\"withheld-note\"><p>Groups not shown:</p><ul>" + withheld + "</ul></div>\n";
  }
  return html;
}

std::string FavourabilityBlock(std::string_view id, std::string_view title, const json& scores,
                               bool per_item) {
  const std::string prefix(id);
  std::vector<DivergingSection> sections;
  std::string body;
  DivergingSection scales;
  const auto shares_row = [](const std::string& label, const json& shares, bool withheld,
                             std::string* tr) {
    DivergingRow row;
    row.label = label;
    if (withheld) {
      row.withheld = true;
      row.withheld_text = std::string(kWithheldMarker);
      *tr += "<td colspan=\"4\" class=\"withheld-text\">" + std::string(kWithheldMarker) + "</td>";
      return row;
    }
    row.unfavourable = NumberAt(shares, "unfavourable_share").value_or(0);
    row.neutral = NumberAt(shares, "neutral_share").value_or(0);
    row.favourable = NumberAt(shares, "favourable_share").value_or(0);
    *tr +=
        "<td class=\"number\">" + FormatPercent(row.unfavourable) + "</td><td class=\"number\">" +
        FormatPercent(row.neutral) + "</td><td class=\"number\">" + FormatPercent(row.favourable) +
        "</td><td class=\"number\">" + std::to_string(IntegerAt(shares, "n").value_or(0)) + "</td>";
    return row;
  };
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    const auto found = dimension.find("favourability");
    if (found == dimension.end() || !found->is_object()) continue;
    const json& favourability = *found;
    const std::string dimension_title = StringAt(dimension, "title");
    const bool withheld = IsSuppressed(dimension) || IsSuppressed(favourability) ||
                          !NumberAt(ObjectAt(favourability, "counts"), "favourable_share");
    if (!per_item) {
      std::string tr = "<tr><th scope=\"row\">" + HtmlEscape(dimension_title) + "</th>";
      scales.rows.push_back(
          shares_row(dimension_title, ObjectAt(favourability, "counts"), withheld, &tr));
      body += tr + "</tr>\n";
      continue;
    }
    DivergingSection section;
    section.heading = dimension_title;
    body += "<tbody><tr><th scope=\"rowgroup\" colspan=\"5\">" + HtmlEscape(dimension_title) +
            "</th></tr>\n";
    for (const json& item : ArrayAt(dimension, "items")) {
      const std::string item_id = StringAt(item, "item");
      const std::string item_text = StringAt(item, "text");
      const bool reverse = item.value("reverse", false);
      const json& shares = ObjectAt(item, "favourability");
      const bool item_withheld = IsSuppressed(item) || !NumberAt(shares, "favourable_share");
      std::string tr = "<tr><th scope=\"row\"><span class=\"item-id\">" + HtmlEscape(item_id) +
                       "</span> " + HtmlEscape(item_text) +
                       (reverse ? "<span class=\"cell-note\">Worded negatively: disagreeing "
                                  "counts as favourable.</span>"
                                : "") +
                       "</th>";
      section.rows.push_back(shares_row(
          Shorten(item_id + " " + item_text, reverse ? 64 : 74) + (reverse ? " (reversed)" : ""),
          shares, item_withheld, &tr));
      body += tr + "</tr>\n";
    }
    body += "</tbody>\n";
    sections.push_back(std::move(section));
  }
  if (!per_item) {
    if (scales.rows.empty()) return "";
    sections.push_back(std::move(scales));
    body = "<tbody>" + body + "</tbody>";
  } else if (sections.empty()) {
    return "";
  }
  SvgChartText text;
  text.id = prefix + "-chart";
  text.table_id = prefix + "-table";
  text.title = std::string(title);
  text.description =
      "For each " + std::string(per_item ? "statement" : "scale") +
      ", a bar split into the share of unfavourable answers (left of the centre line), neutral "
      "answers (across the centre line) and favourable answers (right of it). Shares are "
      "written on the bar where there is room. Hatched bars are not shown.";
  std::string table = "<table class=\"data-table\" id=\"" + prefix + "-table\"><caption>" +
                      HtmlEscape(title) + ": figures of the chart</caption>";
  table += std::string("<thead><tr><th scope=\"col\">") + (per_item ? "Statement" : "Scale") +
           "</th><th scope=\"col\">Unfavourable</th><th scope=\"col\">Neutral</th>"
           "<th scope=\"col\">Favourable</th><th scope=\"col\">Answers (n)</th></tr></thead>\n";
  table += body + "</table>";
  return ChartFigure(RenderDivergingChart(text, sections),
                     "Favourable answers are agreement with a positive statement or disagreement "
                     "with a negative one; &ldquo;Don&rsquo;t know&rdquo; is left out. A "
                     "scale&rsquo;s shares count every answer to its statements.",
                     ScrollRegion(std::string(title) + ", table", table));
}

std::string ScoreTable(std::string_view id, std::string_view caption, const json& scores) {
  std::string table = "<table class=\"data-table\" id=\"" + std::string(id) + "\"><caption>" +
                      HtmlEscape(caption) + "</caption>";
  table +=
      "<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\">Index (0–100)</th>"
      "<th scope=\"col\">95% interval</th><th scope=\"col\">Level</th>"
      "<th scope=\"col\">Respondents (n)</th><th scope=\"col\">&ldquo;Don&rsquo;t "
      "know&rdquo; share</th></tr></thead><tbody>";
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    table += "<tr><th scope=\"row\">" + HtmlEscape(StringAt(dimension, "title")) + "</th>";
    const GroupFigures figures = FiguresOf(&dimension);
    if (!figures.shown) {
      table += "<td colspan=\"5\" class=\"withheld-text\">" + std::string(kWithheldMarker) +
               (figures.reason.empty() ? "" : ": " + HtmlEscape(figures.reason)) + "</td></tr>";
      continue;
    }
    const auto dk = NumberAt(ObjectAt(dimension, "dont_know"), "share");
    table += "<td class=\"number\">" + FormatFixed(*figures.index, 0) +
             "</td><td class=\"number\">" + IntervalText(figures) + "</td><td>" +
             HtmlEscape(figures.level) + "</td><td class=\"number\">" + std::to_string(figures.n) +
             "</td><td class=\"number\">" + (dk ? FormatPercent(*dk) : "–") + "</td></tr>";
  }
  table += "</tbody></table>";
  return ScrollRegion(caption, table);
}

}  // namespace tessera::server::dashboard
