// Which grouping and free-text columns the responses export may hold, decided per column (never
// per row, so no row-wise blank can be subtracted from a dashboard figure):
// 1. in each grouping column, a category appears only if the campaign's disclosure plan shows
//    that cell; every hidden cell (including "not stated") becomes the one value "withheld";
// 2. grouping columns are then taken in the plan's order, and one is kept only if the
//    cross-classification of every kept column has no non-empty combination with fewer than
//    k responses; a column that would break that is left out entirely;
// 3. a free-text column is included only if at least k respondents answered it.
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

struct TextColumnExport {
  std::string item_id;
  bool included = false;
  std::string note;
};

struct ResponseColumns {
  std::vector<GroupingColumnExport> groupings;  // in the layout's (the plan's) order
  std::vector<TextColumnExport> texts;          // in page order
  const GroupingColumnExport* FindGrouping(const std::string& item_id) const;
  const TextColumnExport* FindText(const std::string& item_id) const;
};

ResponseColumns PlanResponseColumns(const DisclosedCampaign& disclosed);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_RESPONSE_COLUMNS_H_
