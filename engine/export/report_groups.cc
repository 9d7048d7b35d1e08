#include "engine/export/report_groups.h"

namespace tessera::engine {

using nlohmann::json;

std::string DecisionReason(const std::string& decision, int64_t k) {
  const std::string fewer = "fewer than " + std::to_string(k) + " respondents";
  if (decision == "below_threshold") return fewer;
  if (decision == "complementary") {
    return "withheld so that a smaller group cannot be worked out from the shown ones";
  }
  if (decision == "not_stated") return "not stated (no answer or prefer not to say): never shown";
  if (decision == "no_data") return "no respondents";
  if (decision == "differencing") {
    return "withheld: with figures already shown it would single out " + fewer;
  }
  if (decision == "narrowing") {
    return "withheld: with the other figures shown it would narrow down the answers of " + fewer;
  }
  return "withheld";
}

const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

void WriteJsonNumber(CsvWriter& writer, const json* value) {
  if (value == nullptr) {
    writer.Empty();
  } else if (value->is_number_integer()) {
    writer.Integer(value->get<int64_t>());
  } else if (value->is_number()) {
    writer.Number(value->get<double>());
  } else {
    writer.Empty();
  }
}

Status ForEachReportGroup(CampaignResults& results, const DisclosedCampaign& disclosed,
                          const std::function<bool(const ReportGroup&)>& visit) {
  const int64_t id = disclosed.snapshot->campaign.id;
  const int64_t k = disclosed.snapshot->campaign.anonymity_threshold;
  Result<json> whole = results.Scores(id);
  if (!whole.ok()) return whole.status();
  ReportGroup all;
  all.group = "all";
  all.label = "Whole campaign";
  all.dimensions = Member(*whole, "dimensions");
  if (all.dimensions == nullptr) {
    const json* reason = Member(*whole, "reason");
    all.reason = reason != nullptr && reason->is_string() ? reason->get<std::string>() : "withheld";
  }
  if (!visit(all)) return Status::IoError("stopped");
  for (const auto& column : disclosed.snapshot->layout->groupings()) {
    Result<json> report = results.Scores(id, column.item_id);
    if (!report.ok()) return report.status();
    const json* breakdown = Member(*report, "breakdown");
    const json* cells = breakdown != nullptr ? Member(*breakdown, "cells") : nullptr;
    if (cells == nullptr || !cells->is_array()) continue;
    for (const json& cell : *cells) {
      ReportGroup group;
      group.grouping = column.item_id;
      const json* value = Member(cell, "value");
      group.group = value != nullptr && value->is_string() ? value->get<std::string>()
                                                           : std::string("not_stated");
      const json* label = Member(cell, "label");
      group.label = label != nullptr && label->is_string() ? label->get<std::string>() : "";
      const json* shown = Member(cell, "shown");
      if (shown != nullptr && shown->is_boolean() && shown->get<bool>()) {
        group.dimensions = Member(cell, "dimensions");
      }
      if (group.dimensions == nullptr) {
        const json* decision = Member(cell, "decision");
        group.reason = DecisionReason(
            decision != nullptr && decision->is_string() ? decision->get<std::string>() : "", k);
      }
      if (!visit(group)) return Status::IoError("stopped");
    }
  }
  return Status::Ok();
}

}  // namespace tessera::engine
