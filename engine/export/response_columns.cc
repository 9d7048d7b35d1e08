#include "engine/export/response_columns.h"

#include <algorithm>

namespace tessera::engine {

namespace ins = tessera::instruments;

const GroupingColumnExport* ResponseColumns::FindGrouping(const std::string& item_id) const {
  for (const auto& column : groupings) {
    if (column.item_id == item_id) return &column;
  }
  return nullptr;
}

bool ResponseColumns::IsText(const std::string& item_id) const {
  return std::find(texts.begin(), texts.end(), item_id) != texts.end();
}

ResponseColumns PlanResponseColumns(const DisclosedCampaign& disclosed) {
  const CampaignSnapshot& snapshot = *disclosed.snapshot;
  const auto& groupings = snapshot.layout->groupings();
  const auto& planned = disclosed.plan->figures.export_columns;
  ResponseColumns columns;
  columns.groupings.reserve(groupings.size());
  for (size_t g = 0; g < groupings.size(); ++g) {
    GroupingColumnExport column;
    column.column = g;
    column.item_id = groupings[g].item_id;
    if (g < planned.size() && planned[g].shown.size() == groupings[g].categories.size()) {
      column.included = planned[g].included;
      column.shown = planned[g].shown;
      column.note = planned[g].note;
    } else {
      column.shown.assign(groupings[g].categories.size(), false);
      column.note = "left out: the disclosure plan does not fit this column";
    }
    columns.groupings.push_back(std::move(column));
  }
  for (const ins::Item* item : snapshot.instrument->Items()) {
    if (item->type == ins::ItemType::kText) columns.texts.push_back(item->id);
  }
  return columns;
}

}  // namespace tessera::engine
