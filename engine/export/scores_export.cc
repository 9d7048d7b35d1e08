#include "engine/export/scores_export.h"

#include "engine/export/report_groups.h"

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;
using nlohmann::json;

constexpr const char* kColumns[] = {"campaign", "instrument", "grouping", "group",    "group_label",
                                    "kind",     "id",         "n",        "excluded", "mean",
                                    "sd",       "se",         "ci_lower", "ci_upper", "index",
                                    "level",    "suppressed", "reason"};

const json* FindDimension(const json* dimensions, const std::string& id) {
  if (dimensions == nullptr || !dimensions->is_array()) return nullptr;
  for (const json& dimension : *dimensions) {
    const json* name = Member(dimension, "dimension");
    if (name != nullptr && *name == id) return &dimension;
  }
  return nullptr;
}

}  // namespace

Status WriteScoresCsv(CampaignResults& results, const DisclosedCampaign& disclosed,
                      CsvWriter& writer, const ExportProgress& progress) {
  for (const char* column : kColumns) writer.Text(column);
  writer.EndRow();
  const CampaignSnapshot& snapshot = *disclosed.snapshot;
  const std::string instrument = snapshot.campaign.instrument.ToString();
  int64_t total = 1;
  for (const auto& column : snapshot.layout->groupings()) {
    total += static_cast<int64_t>(column.categories.size()) + 1;
  }
  int64_t done = 0;
  return ForEachReportGroup(results, disclosed, [&](const ReportGroup& group) {
    for (const auto& layout_dimension : snapshot.layout->dimensions()) {
      const ins::Dimension* dimension = snapshot.instrument->FindDimension(layout_dimension.id);
      writer.Integer(snapshot.campaign.id);
      writer.Text(instrument);
      writer.Text(group.grouping);
      writer.Text(group.group);
      writer.Text(group.label);
      writer.Text(dimension != nullptr ? ins::ToString(dimension->kind) : "");
      writer.Text(layout_dimension.id);
      const json* entry = FindDimension(group.dimensions, layout_dimension.id);
      const json* suppressed = entry != nullptr ? Member(*entry, "suppressed") : nullptr;
      if (entry == nullptr || (suppressed != nullptr && *suppressed == true)) {
        for (int i = 0; i < 9; ++i) writer.Empty();
        writer.Bool(true);
        const json* reason = entry != nullptr ? Member(*entry, "reason") : nullptr;
        writer.Text(reason != nullptr && reason->is_string() ? reason->get<std::string>()
                    : group.reason.empty()                   ? std::string("withheld")
                                                             : group.reason);
        writer.EndRow();
        continue;
      }
      WriteJsonNumber(writer, Member(*entry, "n"));
      WriteJsonNumber(writer, Member(*entry, "excluded"));
      WriteJsonNumber(writer, Member(*entry, "mean"));
      WriteJsonNumber(writer, Member(*entry, "sd"));
      WriteJsonNumber(writer, Member(*entry, "standard_error"));
      const json* ci = Member(*entry, "ci");
      WriteJsonNumber(writer, ci != nullptr ? Member(*ci, "lower") : nullptr);
      WriteJsonNumber(writer, ci != nullptr ? Member(*ci, "upper") : nullptr);
      WriteJsonNumber(writer, Member(*entry, "index"));
      const json* band = Member(*entry, "band");
      const json* level = band != nullptr ? Member(*band, "name") : nullptr;
      writer.Text(level != nullptr && level->is_string() ? level->get<std::string>() : "");
      writer.Bool(false);
      writer.Empty();
      writer.EndRow();
    }
    ++done;
    if (progress) progress(done, total);
    return !writer.stopped();
  });
}

}  // namespace tessera::engine
