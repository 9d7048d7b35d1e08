#include "server/score_text.h"

#include <cstdio>
#include <string>

namespace tessera::server {
namespace {

using nlohmann::json;

// A number with `decimals` places, or "-" for null.
std::string Num(const json& value, int decimals = 2) {
  if (!value.is_number()) return "-";
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value.get<double>());
  return text;
}

std::string Percent(const json& share) {
  if (!share.is_number()) return "-";
  char text[16];
  std::snprintf(text, sizeof(text), "%.0f%%", 100.0 * share.get<double>());
  return text;
}

std::string Interval(const json& interval, int decimals = 2) {
  if (!interval.is_object()) return "-";
  return "[" + Num(interval["lower"], decimals) + ", " + Num(interval["upper"], decimals) + "]";
}

std::string Pad(std::string text, size_t width) {
  // Pads by code points so labels with accents line up.
  size_t points = 0;
  for (unsigned char c : text) points += (c & 0xC0) != 0x80 ? 1 : 0;
  if (points < width) text.append(width - points, ' ');
  return text;
}

std::string Str(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

void Header(const json& report, std::ostream& out) {
  if (report.contains("campaign")) {
    const json& campaign = report["campaign"];
    out << "Campaign " << campaign.value("id", 0) << ": " << Str(campaign["title"]) << " ("
        << Str(campaign["state"]) << ")\n";
  } else if (report.contains("source")) {
    out << "File " << Str(report["source"]) << "\n";
  }
  out << "Instrument " << Str(report["instrument"]) << " - " << Str(report["instrument_title"])
      << "\n";
  out << "Respondents " << report.value("respondents", int64_t{0});
  if (report["threshold"].is_number()) {
    out << "; anonymity threshold k = " << report["threshold"].get<int64_t>()
        << " (nothing describing fewer people is shown)";
  }
  out << "\n";
  if (report.contains("note")) out << "Note: " << Str(report["note"]) << "\n";
}

void DimensionTable(const json& dimensions, std::ostream& out) {
  out << "\n"
      << Pad("Domain / scale", 34) << Pad("Score", 7) << Pad("Index", 7) << Pad("95% CI", 16)
      << Pad("Level", 14) << Pad("n", 7) << Pad("DK", 6) << "Fav/Neu/Unfav\n";
  for (const json& d : dimensions) {
    out << Pad(Str(d["title"]).substr(0, 32), 34);
    if (d.value("suppressed", false)) {
      out << "withheld: " << Str(d["reason"]) << "\n";
      continue;
    }
    std::string favourable = "";
    if (d.contains("favourability") && !d["favourability"].value("suppressed", false)) {
      const json& counts = d["favourability"]["counts"];
      favourable = Percent(counts["favourable_share"]) + "/" + Percent(counts["neutral_share"]) +
                   "/" + Percent(counts["unfavourable_share"]);
    } else if (d.contains("favourability")) {
      favourable = "withheld";
    }
    out << Pad(Num(d["mean"]), 7) << Pad(Num(d["index"], 0), 7) << Pad(Interval(d["ci"]), 16)
        << Pad(d["band"].is_object() ? Str(d["band"]["name"]) : "-", 14)
        << Pad(std::to_string(d.value("n", int64_t{0})), 7)
        << Pad(d["dont_know"].contains("share") ? Percent(d["dont_know"]["share"]) : "-", 6)
        << favourable << "\n";
  }
}

}  // namespace

void RenderScoreReport(const json& report, std::ostream& out) {
  Header(report, out);
  if (report.value("suppressed", false)) {
    out << "Results withheld: " << Str(report["reason"]) << "\n";
    return;
  }
  DimensionTable(report["dimensions"], out);
  if (report.contains("recommendations")) {
    out << "\nNext steps, weakest first:\n";
    for (const json& r : report["recommendations"]["dimensions"]) {
      out << "- " << Str(r["title"]);
      if (r["band"].is_object()) out << " (" << Str(r["band"]["name"]) << ")";
      if (r["next_steps"].empty()) {
        out << ": " << Str(r["status"]) << "\n";
        continue;
      }
      out << "\n";
      for (const json& step : r["next_steps"]) out << "    * " << Str(step) << "\n";
    }
  }
  if (report.contains("breakdown")) {
    const json& breakdown = report["breakdown"];
    out << "\nBy " << Str(breakdown["item"]) << " (index 0-100; withheld cells describe fewer "
        << "than k people or could be worked out from the others)\n";
    for (const json& cell : breakdown["cells"]) {
      out << "\n" << Str(cell["label"]);
      if (!cell.value("shown", false)) {
        out << ": withheld (" << Str(cell["decision"]) << ")\n";
        continue;
      }
      out << " - " << cell.value("respondents", int64_t{0}) << " respondents\n";
      for (const json& d : cell["dimensions"]) {
        out << "  " << Pad(Str(d["title"]).substr(0, 32), 34);
        if (d.value("suppressed", false)) {
          out << "withheld\n";
          continue;
        }
        out << Pad(Num(d["index"], 0), 6) << Pad(Interval(d["index_ci"], 0), 12)
            << (d["band"].is_object() ? Str(d["band"]["name"]) : "-") << "\n";
      }
    }
    bool any_gap = false;
    for (const json& gap : breakdown["gaps"]) {
      if (!gap.value("flagged", false)) continue;
      if (!any_gap) out << "\nPerspective gaps over " << Num(gap["threshold"], 0) << " points:\n";
      any_gap = true;
      const json& largest = gap["largest"];
      out << "- " << Str(gap["dimension"]) << ": " << Str(largest["first"]) << " vs "
          << Str(largest["second"]) << ", " << Num(largest["index"], 1) << " points\n";
    }
  }
}

void RenderWaveReport(const json& report, std::ostream& out) {
  out << "Earlier: " << Str(report["earlier"]["label"]) << " ("
      << Str(report["earlier"]["instrument"]) << ", "
      << report["earlier"].value("respondents", int64_t{0}) << " respondents)\n"
      << "Later:   " << Str(report["later"]["label"]) << " (" << Str(report["later"]["instrument"])
      << ", " << report["later"].value("respondents", int64_t{0}) << " respondents)\n";
  if (report.value("suppressed", false)) {
    out << "Comparison withheld: " << Str(report["reason"]) << "\n";
    return;
  }
  out << "\n"
      << Pad("Scale / domain", 28) << Pad("Earlier", 9) << Pad("Later", 9) << Pad("Change", 9)
      << Pad("95% CI", 18) << Pad("g", 7) << "Note\n";
  for (const json& d : report["dimensions"]) {
    out << Pad(Str(d["dimension"]), 28);
    if (!d.value("comparable", false)) {
      out << "not compared: " << Str(d["reason"]) << "\n";
      continue;
    }
    if (d.value("suppressed", false)) {
      out << "withheld: " << Str(d["reason"]) << "\n";
      continue;
    }
    std::string note = d.value("unchanged", false) ? "" : "items changed";
    out << Pad(Num(d["earlier"]["mean"]), 9) << Pad(Num(d["later"]["mean"]), 9)
        << Pad(Num(d["difference"]), 9) << Pad(Interval(d["ci"]), 18) << Pad(Num(d["hedges_g"]), 7)
        << note << "\n";
  }
  if (!report["retired_items"].empty() || !report["new_items"].empty()) {
    out << "\nRetired items: " << report["retired_items"].dump()
        << "\nNew items: " << report["new_items"].dump() << "\n";
  }
}

void RenderReliabilityReport(const json& report, std::ostream& out) {
  Header(report, out);
  if (report.value("suppressed", false)) {
    out << "Results withheld: " << Str(report["reason"]) << "\n";
    return;
  }
  for (const json& scale : report["scales"]) {
    out << "\n" << Str(scale["title"]) << " (" << Str(scale["dimension"]) << ")\n";
    if (scale.contains("note")) {
      out << "  " << Str(scale["note"]) << "\n";
      continue;
    }
    const json& ci = scale["feldt_ci"];
    out << "  alpha " << Num(scale["raw_alpha"]) << "  std alpha " << Num(scale["std_alpha"])
        << "  average r " << Num(scale["average_r"]) << "  n complete "
        << scale.value("n_complete", int64_t{0}) << "  Feldt 95% CI [" << Num(ci[0]) << ", "
        << Num(ci[1]) << "]\n";
    out << "  " << Pad("item", 12) << Pad("mean", 7) << Pad("sd", 7) << Pad("r.drop", 8)
        << "alpha if dropped\n";
    for (const json& item : scale["items"]) {
      out << "  " << Pad(Str(item["id"]), 12);
      if (item.value("suppressed", false)) {
        out << "withheld\n";
        continue;
      }
      out << Pad(Num(item["mean"]), 7) << Pad(Num(item["sd"]), 7) << Pad(Num(item["r_drop"]), 8)
          << Num(item["if_dropped"]["raw_alpha"]) << "\n";
    }
    for (const json& warning : scale["warnings"]) {
      out << "  warning: " << Str(warning["message"]) << "\n";
    }
  }
}

void RenderComments(const json& report, std::ostream& out) {
  const json& campaign = report["campaign"];
  out << "Campaign " << campaign.value("id", 0) << ": " << Str(campaign["title"])
      << "; comments are shown only for groups of at least " << report.value("threshold", 0)
      << " people with at least as many comments, in an order unrelated to submission\n";
  auto list = [&out](const json& comments, const json& reason, const char* indent) {
    if (comments.is_null()) {
      out << indent << "withheld: " << Str(reason) << "\n";
      return;
    }
    for (const json& comment : comments) out << indent << "- " << Str(comment) << "\n";
  };
  for (const json& question : report["questions"]) {
    out << "\n" << Str(question["item"]) << ": " << Str(question["text"]) << "\n";
    list(question["comments"], question.value("reason", json()), "  ");
    if (!question.contains("by")) continue;
    for (const json& group : question["by"]["groups"]) {
      out << "  " << Str(group["value"]) << ":\n";
      list(group["comments"], group.value("reason", json()), "    ");
    }
  }
}

}  // namespace tessera::server
