// Which grouping columns the responses export holds, as the campaign's disclosure plan decided
// them (scoring/disclosure_plan.h, ExportColumn), decided per column (never per row, so no
// row-wise blank can be subtracted from a dashboard figure): in each kept column a category
// appears only where the group and every item and dimension are shown, and every other cell
// (including "not stated") becomes the one value "withheld"; a further column is kept only if
// crossing it with the kept ones shows no combination of fewer than k respondents and narrows
// down nobody's answers. Free text is never in this export (it has its own, the comments
// export, under the same rule as the dashboard's comment lists).
#ifndef TESSERA_ENGINE_EXPORT_RESPONSE_COLUMNS_H_
#define TESSERA_ENGINE_EXPORT_RESPONSE_COLUMNS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/campaign_results.h"

namespace tessera::engine {

// The value every hidden grouping cell is merged into.
inline constexpr char kWithheldValue[] = "withheld";

struct GroupingColumnExport {
  size_t column = 0;  // the layout's grouping column
  std::string item_id;
  bool included = false;
  std::vector<bool> shown;  // per category of the layout's column: written as itself
  std::string note;         // what was merged or why the column was left out
};

struct ResponseColumns {
  std::vector<GroupingColumnExport> groupings;  // in the layout's (the plan's) order
  std::vector<std::string> texts;               // free-text questions: never exported here
  const GroupingColumnExport* FindGrouping(const std::string& item_id) const;
  bool IsText(const std::string& item_id) const;
};

ResponseColumns PlanResponseColumns(const DisclosedCampaign& disclosed);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_RESPONSE_COLUMNS_H_
