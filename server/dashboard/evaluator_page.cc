#include "server/dashboard/evaluator_page.h"

#include <map>

#include "server/dashboard/dashboard_format.h"
#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using nlohmann::json;
using pages::HtmlEscape;

namespace {

std::string Figure(const json& object, std::string_view key, int decimals) {
  const auto value = NumberAt(object, key);
  return value ? FormatFixed(*value, decimals) : "–";
}

std::string ReliabilityTable(const json& reliability) {
  std::string table =
      "<table class=\"data-table\" id=\"reliability-table\"><caption>Reliability "
      "of each scale</caption>";
  table +=
      "<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\">Alpha (raw)</th>"
      "<th scope=\"col\">95% interval (Feldt)</th><th scope=\"col\">Alpha (standardised)</th>"
      "<th scope=\"col\">Lambda 6 (G6)</th><th scope=\"col\">Average r</th>"
      "<th scope=\"col\">Items used</th><th scope=\"col\">Respondents</th>"
      "<th scope=\"col\">Answered every item</th><th scope=\"col\">Warnings</th></tr></thead>"
      "<tbody>\n";
  for (const json& scale : ArrayAt(reliability, "scales")) {
    table += "<tr><th scope=\"row\">" + HtmlEscape(StringAt(scale, "title")) + "</th>";
    if (IsSuppressed(scale)) {
      table += "<td colspan=\"9\" class=\"withheld-text\">" + std::string(kWithheldMarker) + ": " +
               HtmlEscape(StringAt(scale, "reason")) + "</td></tr>\n";
      continue;
    }
    const json& feldt = ArrayAt(scale, "feldt_ci");
    std::string interval = "–";
    if (feldt.size() == 2 && feldt[0].is_number() && feldt[1].is_number()) {
      interval =
          FormatFixed(feldt[0].get<double>(), 2) + " to " + FormatFixed(feldt[1].get<double>(), 2);
    }
    const json& warnings = ArrayAt(scale, "warnings");
    std::string warning_text;
    for (const json& warning : warnings) {
      warning_text += "<li>" + HtmlEscape(StringAt(warning, "message")) + "</li>";
    }
    table +=
        "<td class=\"number\">" + Figure(scale, "raw_alpha", 2) + "</td><td class=\"number\">" +
        interval + "</td><td class=\"number\">" + Figure(scale, "std_alpha", 2) +
        "</td><td class=\"number\">" + Figure(scale, "g6", 2) + "</td><td class=\"number\">" +
        Figure(scale, "average_r", 2) + "</td><td class=\"number\">" +
        std::to_string(IntegerAt(scale, "items_used").value_or(0)) + "</td><td class=\"number\">" +
        std::to_string(IntegerAt(scale, "n_rows").value_or(0)) + "</td><td class=\"number\">" +
        std::to_string(IntegerAt(scale, "n_complete").value_or(0)) + "</td><td>" +
        (warning_text.empty() ? "none" : "<ul class=\"warnings\">" + warning_text + "</ul>") +
        "</td></tr>\n";
  }
  table += "</tbody></table>";
  return ScrollRegion("Reliability of each scale, table", table);
}

std::string ItemTables(const json& reliability, const json& scores) {
  std::map<std::string, const json*> items;
  for (const json& dimension : ArrayAt(scores, "dimensions")) {
    for (const json& item : ArrayAt(dimension, "items")) items[StringAt(item, "item")] = &item;
  }
  std::string html;
  for (const json& scale : ArrayAt(reliability, "scales")) {
    if (IsSuppressed(scale)) continue;
    const std::string title = StringAt(scale, "title");
    html += "<h3>" + HtmlEscape(title) + "</h3>\n";
    std::string table =
        "<table class=\"data-table item-table\"><caption>Item statistics: " + HtmlEscape(title) +
        "</caption>";
    table +=
        "<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">n</th>"
        "<th scope=\"col\">Mean</th><th scope=\"col\">SD</th><th scope=\"col\">raw.r</th>"
        "<th scope=\"col\">std.r</th><th scope=\"col\">r.cor</th><th scope=\"col\">r.drop</th>"
        "<th scope=\"col\">Alpha if dropped</th><th scope=\"col\">&ldquo;Don&rsquo;t "
        "know&rdquo;</th></tr></thead><tbody>\n";
    for (const json& item : ArrayAt(scale, "items")) {
      const std::string id = StringAt(item, "id");
      const auto found = items.find(id);
      std::string text;
      int64_t dont_know = 0;
      bool reverse = false;
      if (found != items.end()) {
        text = StringAt(*found->second, "text");
        reverse = found->second->value("reverse", false);
        for (const json& code : ArrayAt(*found->second, "codes")) {
          if (StringAt(code, "meaning") == "dont_know") {
            dont_know += IntegerAt(code, "count").value_or(0);
          }
        }
      }
      const auto r_drop = NumberAt(item, "r_drop");
      table += "<tr><th scope=\"row\"><span class=\"item-id\">" + HtmlEscape(id) + "</span>" +
               (reverse ? " (reversed)" : "") +
               (text.empty() ? "" : "<span class=\"cell-note\">" + HtmlEscape(text) + "</span>") +
               "</th>";
      table += "<td class=\"number\">" + std::to_string(IntegerAt(item, "n").value_or(0)) +
               "</td><td class=\"number\">" + Figure(item, "mean", 2) +
               "</td><td class=\"number\">" + Figure(item, "sd", 2) + "</td><td class=\"number\">" +
               Figure(item, "raw_r", 2) + "</td><td class=\"number\">" + Figure(item, "std_r", 2) +
               "</td><td class=\"number\">" + Figure(item, "r_cor", 2) + "</td><td class=\"number" +
               (r_drop && *r_drop < 0 ? " warning-figure" : "") + "\">" +
               Figure(item, "r_drop", 2) + "</td><td class=\"number\">" +
               Figure(ObjectAt(item, "if_dropped"), "raw_alpha", 2) + "</td><td class=\"number\">" +
               std::to_string(dont_know) + "</td></tr>\n";
    }
    table += "</tbody></table>";
    html += ScrollRegion("Item statistics: " + title, table);
  }
  return html;
}

std::string Provenance(const json& provenance) {
  if (!provenance.is_object()) return "<p>No provenance was recorded.</p>\n";
  const auto field = [&](std::string_view key) {
    const auto found = provenance.find(key);
    if (found == provenance.end() || found->is_null()) return std::string("not recorded");
    if (found->is_string()) return found->get<std::string>();
    return found->dump();
  };
  std::string html = "<dl class=\"provenance\">";
  const std::pair<std::string_view, std::string_view> rows[] = {
      {"instrument", "Instrument version"},
      {"content_hash", "Content hash (SHA-256) of that version"},
      {"scoring_method", "Scoring method"},
      {"scoring_version", "Version of the scoring rules"},
      {"n_used", "Respondents used"},
      {"n_excluded", "Respondents left out by the missing-data rule"},
      {"missing_data_rule", "Missing-data rule"},
      {"computed_at", "Computed at (UTC)"}};
  for (const auto& [key, label] : rows) {
    html += "<div><dt>" + std::string(label) + "</dt><dd>";
    const std::string value = field(key);
    html += key == "content_hash" ? "<code class=\"hash\">" + HtmlEscape(value) + "</code>"
                                  : HtmlEscape(value);
    html += "</dd></div>";
  }
  html += "</dl>\n";
  return html;
}

}  // namespace

std::string RenderEvaluatorPage(const DashboardChrome& chrome, const engine::Campaign& campaign,
                                const json& reliability, const json& scores) {
  std::string main =
      RenderCampaignHeading(campaign, chrome.role, "evaluator", "Reliability and downloads");
  main += "<section aria-labelledby=\"downloads\"><h2 id=\"downloads\">Downloads</h2>\n";
  main +=
      "<p>Comma-separated files (UTF-8, RFC 4180) that open in spreadsheets, R and "
      "Python. Groups smaller than " +
      std::to_string(campaign.anonymity_threshold) + " are withheld in them too.</p>\n";
  main += "<ul class=\"downloads\">";
  const std::pair<std::string_view, std::string_view> kinds[] = {
      {"responses", "one row per response, one column per question"},
      {"scores", "each scale or domain, overall and by group: n, mean, SD, interval, level"},
      {"summaries", "each question: answer counts and favourability, by group"},
      {"codebook", "each question: text, scale, reverse keying, codes and labels, source"},
      {"comments", "the written comments shown on the dashboard: question, group, comment"}};
  for (const auto& [kind, what] : kinds) {
    main += "<li><a href=\"" + CampaignPath(campaign.id, "exports/" + std::string(kind) + ".csv") +
            "\" download>" + std::string(kind) + ".csv</a>: " + std::string(what) + "</li>";
  }
  main += "</ul></section>\n";

  main +=
      "<section aria-labelledby=\"reliability\"><h2 id=\"reliability\">Reliability per "
      "scale</h2>\n";
  main +=
      "<p>Alpha says how well a scale's questions hang together (computed as R's "
      "<code>psych::alpha</code> does, from pairwise covariances). Below 0.6 a scale's average "
      "should be read with caution. A negative r.drop usually means a question is keyed the "
      "wrong way round.</p>\n";
  int warnings = 0;
  for (const json& scale : ArrayAt(reliability, "scales")) {
    warnings += static_cast<int>(ArrayAt(scale, "warnings").size());
  }
  if (warnings > 0) {
    main += "<div class=\"notice notice-warning\" role=\"note\"><p><strong>" +
            std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
            "</strong> about reliability: see the last column of the table.</p></div>\n";
  } else {
    main += "<p>No reliability warnings.</p>\n";
  }
  main += ReliabilityTable(reliability);
  main += "</section>\n";

  main += "<section aria-labelledby=\"items\"><h2 id=\"items\">Item statistics</h2>\n";
  main +=
      "<p>For each question: respondents who answered it, its mean and SD (reverse-keyed "
      "questions turned round), its correlation with the scale (raw.r, std.r, r.cor, and r.drop "
      "with the other questions) and the scale's alpha without it.</p>\n";
  main += ItemTables(reliability, scores);
  main += "</section>\n";

  main += "<section aria-labelledby=\"provenance\"><h2 id=\"provenance\">Provenance</h2>\n";
  main += "<p>Where these figures come from, so that anyone can trace and reproduce them.</p>\n";
  if (scores.contains("instrument_title") && scores["instrument_title"].is_string()) {
    main += "<p>Questionnaire: <cite>" +
            HtmlEscape(scores["instrument_title"].get_ref<const std::string&>()) + "</cite></p>\n";
  }
  const json provenance = reliability.contains("provenance") ? reliability.at("provenance")
                                                             : scores.value("provenance", json());
  main += Provenance(provenance);
  main += "</section>\n";
  return RenderDashboardDocument(chrome, "Reliability and downloads – " + campaign.title, main);
}

}  // namespace tessera::server::dashboard
