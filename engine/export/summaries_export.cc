#include "engine/export/summaries_export.h"

#include <algorithm>
#include <set>

#include "engine/export/report_groups.h"

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;
using nlohmann::json;

constexpr const char* kFavourability[] = {"favourable",    "neutral",
                                          "unfavourable",  "favourable_share",
                                          "neutral_share", "unfavourable_share"};

// The distribution columns: every scale value of the scored items (ascending), then every code.
struct DistributionColumns {
  std::vector<int> values;
  std::vector<std::string> codes;
};

DistributionColumns ColumnsOf(const CampaignSnapshot& snapshot) {
  std::set<int> values;
  DistributionColumns columns;
  for (const auto& scored : snapshot.layout->scored()) {
    const ins::Item* item = snapshot.instrument->FindItem(scored.item_id);
    const ins::ResponseScale* scale =
        item != nullptr ? snapshot.instrument->FindScale(item->scale) : nullptr;
    if (scale == nullptr) continue;
    for (const auto& value : scale->values) values.insert(value.number);
    for (const auto& code : scale->codes) {
      if (std::find(columns.codes.begin(), columns.codes.end(), code.code) == columns.codes.end()) {
        columns.codes.push_back(code.code);
      }
    }
  }
  columns.values.assign(values.begin(), values.end());
  return columns;
}

const json* FindEntry(const json* list, const char* key, const std::string& id) {
  if (list == nullptr || !list->is_array()) return nullptr;
  for (const json& entry : *list) {
    const json* name = Member(entry, key);
    if (name != nullptr && *name == id) return &entry;
  }
  return nullptr;
}

}  // namespace

Status WriteSummariesCsv(CampaignResults& results, const DisclosedCampaign& disclosed,
                         CsvWriter& writer, const ExportProgress& progress) {
  const CampaignSnapshot& snapshot = *disclosed.snapshot;
  const DistributionColumns distribution = ColumnsOf(snapshot);
  const size_t figures = 4 + distribution.values.size() + distribution.codes.size() + 6;
  for (const char* column : {"campaign", "instrument", "grouping", "group", "group_label",
                             "dimension", "item_id", "n", "missing", "mean", "sd"}) {
    writer.Text(column);
  }
  for (int value : distribution.values) writer.Text("count_" + std::to_string(value));
  for (const auto& code : distribution.codes) writer.Text("count_" + code);
  for (const char* column : kFavourability) writer.Text(column);
  writer.Text("suppressed");
  writer.Text("reason");
  writer.EndRow();

  const std::string instrument = snapshot.campaign.instrument.ToString();
  int64_t total = 1;
  for (const auto& column : snapshot.layout->groupings()) {
    total += static_cast<int64_t>(column.categories.size()) + 1;
  }
  int64_t done = 0;
  return ForEachReportGroup(results, disclosed, [&](const ReportGroup& group) {
    for (const auto& layout_dimension : snapshot.layout->dimensions()) {
      const json* dimension = FindEntry(group.dimensions, "dimension", layout_dimension.id);
      const json* dimension_suppressed =
          dimension != nullptr ? Member(*dimension, "suppressed") : nullptr;
      const bool dimension_withheld = dimension == nullptr || (dimension_suppressed != nullptr &&
                                                               *dimension_suppressed == true);
      for (size_t column : layout_dimension.columns) {
        const std::string& item_id = snapshot.layout->scored()[column].item_id;
        writer.Integer(snapshot.campaign.id);
        writer.Text(instrument);
        writer.Text(group.grouping);
        writer.Text(group.group);
        writer.Text(group.label);
        writer.Text(layout_dimension.id);
        writer.Text(item_id);
        const json* item =
            dimension_withheld ? nullptr : FindEntry(Member(*dimension, "items"), "item", item_id);
        const json* item_suppressed = item != nullptr ? Member(*item, "suppressed") : nullptr;
        if (item == nullptr || (item_suppressed != nullptr && *item_suppressed == true)) {
          for (size_t i = 0; i < figures; ++i) writer.Empty();
          writer.Bool(true);
          const json* reason = item != nullptr        ? Member(*item, "reason")
                               : dimension != nullptr ? Member(*dimension, "reason")
                                                      : nullptr;
          writer.Text(reason != nullptr && reason->is_string() ? reason->get<std::string>()
                      : group.reason.empty()                   ? std::string("withheld")
                                                               : group.reason);
          writer.EndRow();
          continue;
        }
        for (const char* key : {"n", "missing", "mean", "sd"}) {
          WriteJsonNumber(writer, Member(*item, key));
        }
        const json* values = Member(*item, "values");
        for (int value : distribution.values) {
          const json* entry = FindEntry(values, "value", std::to_string(value));
          if (entry == nullptr && values != nullptr && values->is_array()) {
            for (const json& candidate : *values) {
              const json* number = Member(candidate, "value");
              if (number != nullptr && number->is_number_integer() &&
                  number->get<int64_t>() == value) {
                entry = &candidate;
              }
            }
          }
          WriteJsonNumber(writer, entry != nullptr ? Member(*entry, "count") : nullptr);
        }
        const json* codes = Member(*item, "codes");
        for (const auto& code : distribution.codes) {
          const json* entry = FindEntry(codes, "code", code);
          WriteJsonNumber(writer, entry != nullptr ? Member(*entry, "count") : nullptr);
        }
        const json* favourability = Member(*item, "favourability");
        for (const char* key : kFavourability) {
          WriteJsonNumber(writer, favourability != nullptr ? Member(*favourability, key) : nullptr);
        }
        writer.Bool(false);
        writer.Empty();
        writer.EndRow();
      }
    }
    ++done;
    if (progress) progress(done, total);
    return !writer.stopped();
  });
}

}  // namespace tessera::engine
