#include "engine/plan_codec.h"

#include <nlohmann/json.hpp>

#include "instruments/content_hash.h"

namespace tessera::engine {
namespace {

using nlohmann::json;

constexpr int kPlanFormat = 1;

void Append(std::string& bytes, int64_t value) {
  bytes += std::to_string(value);
  bytes += ',';
}

json Decisions(const std::vector<std::vector<scoring::CellDecision>>& cells) {
  json out = json::array();
  for (const auto& column : cells) {
    json names = json::array();
    for (scoring::CellDecision decision : column) names.push_back(scoring::ToString(decision));
    out.push_back(std::move(names));
  }
  return out;
}

json Release(const scoring::FigureRelease& release) {
  return {{"overall", release.overall}, {"cells", Decisions(release.cells)}};
}

bool ReadDecisions(const json& in, std::vector<std::vector<scoring::CellDecision>>* out) {
  if (!in.is_array()) return false;
  for (const json& column : in) {
    if (!column.is_array()) return false;
    std::vector<scoring::CellDecision> decisions;
    for (const json& name : column) {
      if (!name.is_string()) return false;
      auto decision = scoring::ParseCellDecision(name.get<std::string>());
      if (!decision) return false;
      decisions.push_back(*decision);
    }
    out->push_back(std::move(decisions));
  }
  return true;
}

bool ReadRelease(const json& in, scoring::FigureRelease* out) {
  if (!in.is_object() || !in.contains("overall") || !in["overall"].is_boolean()) return false;
  out->overall = in["overall"].get<bool>();
  return in.contains("cells") && ReadDecisions(in["cells"], &out->cells);
}

}  // namespace

std::string PlanFingerprint(const CampaignSnapshot& snapshot) {
  std::string bytes = "tessera-plan|";
  Append(bytes, kPlanFormat);
  Append(bytes, snapshot.campaign.anonymity_threshold);
  bytes += snapshot.campaign.instrument.ToString() + "|" + snapshot.campaign.instrument_hash + "|";
  for (const scoring::GroupingColumn& column : snapshot.layout->groupings()) {
    bytes += column.item_id + ":";
    for (const std::string& category : column.categories) bytes += category + ";";
    bytes += "|";
  }
  const scoring::AtomStatistics& atoms = snapshot.atoms;
  Append(bytes, atoms.respondents());
  for (const auto& [key, counts] : atoms.atoms()) {
    for (uint8_t cell : key) Append(bytes, cell);
    bytes += ':';
    Append(bytes, counts.respondents);
    for (int64_t slot : counts.slots) Append(bytes, slot);
    for (int64_t scored : counts.scored) Append(bytes, scored);
    bytes += '|';
  }
  // The comments' writers' groups (the texts do not change which lists are shown).
  std::map<std::pair<std::string, std::vector<uint8_t>>, int64_t> commenters;
  for (const Comment& comment : snapshot.comments) ++commenters[{comment.item_id, comment.groups}];
  for (const auto& [where, n] : commenters) {
    bytes += where.first + ":";
    for (uint8_t cell : where.second) Append(bytes, cell);
    Append(bytes, n);
  }
  return "v1:" + instruments::Sha256Hex(bytes);
}

std::string EncodePlan(const CampaignPlan& plan) {
  const scoring::DisclosurePlan& figures = plan.figures;
  json items = json::array();
  for (const auto& item : figures.items) items.push_back(Release(item));
  json dimensions = json::array();
  for (const auto& dimension : figures.dimensions) dimensions.push_back(Release(dimension));
  json exported = json::array();
  for (const auto& column : figures.export_columns) {
    exported.push_back(
        {{"included", column.included}, {"shown", column.shown}, {"note", column.note}});
  }
  json comments = json::object();
  for (const auto& [item, release] : plan.comments) comments[item] = Release(release);
  return json{{"format", kPlanFormat},
              {"respondents", figures.respondents},
              {"groups", Decisions(figures.groups)},
              {"items", std::move(items)},
              {"dimensions", std::move(dimensions)},
              {"export_columns", std::move(exported)},
              {"comments", std::move(comments)},
              {"count_audit_programs", figures.count_audit_programs},
              {"count_audit_withheld", figures.count_audit_withheld}}
      .dump();
}

Result<CampaignPlan> DecodePlan(std::string_view text) {
  const json in = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [] { return Status::Corruption("a kept disclosure plan cannot be read"); };
  if (!in.is_object() || in.value("format", 0) != kPlanFormat) return bad();
  CampaignPlan plan;
  scoring::DisclosurePlan& figures = plan.figures;
  if (!in.contains("respondents") || !in["respondents"].is_number_integer()) return bad();
  figures.respondents = in["respondents"].get<int64_t>();
  figures.count_audit_programs = in.value("count_audit_programs", int64_t{0});
  figures.count_audit_withheld = in.value("count_audit_withheld", int64_t{0});
  if (!in.contains("groups") || !ReadDecisions(in["groups"], &figures.groups)) return bad();
  for (const char* key : {"items", "dimensions"}) {
    if (!in.contains(key) || !in[key].is_array()) return bad();
    auto& releases = std::string(key) == "items" ? figures.items : figures.dimensions;
    for (const json& release : in[key]) {
      scoring::FigureRelease read;
      if (!ReadRelease(release, &read)) return bad();
      releases.push_back(std::move(read));
    }
  }
  if (!in.contains("export_columns") || !in["export_columns"].is_array()) return bad();
  for (const json& column : in["export_columns"]) {
    if (!column.is_object() || !column.contains("shown") || !column["shown"].is_array()) {
      return bad();
    }
    scoring::ExportColumn read;
    read.included = column.value("included", false);
    read.note = column.value("note", std::string());
    for (const json& shown : column["shown"]) {
      if (!shown.is_boolean()) return bad();
      read.shown.push_back(shown.get<bool>());
    }
    figures.export_columns.push_back(std::move(read));
  }
  if (!in.contains("comments") || !in["comments"].is_object()) return bad();
  for (const auto& [item, release] : in["comments"].items()) {
    scoring::FigureRelease read;
    if (!ReadRelease(release, &read)) return bad();
    plan.comments[item] = std::move(read);
  }
  return plan;
}

}  // namespace tessera::engine
