// The groups the scores and summaries exports walk, taken from the score reports themselves
// (CampaignResults::Scores), so an export can never disagree with the dashboard: the whole
// campaign first, then each grouping question's cells in the disclosure plan's order.
#ifndef TESSERA_ENGINE_EXPORT_REPORT_GROUPS_H_
#define TESSERA_ENGINE_EXPORT_REPORT_GROUPS_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/campaign_results.h"
#include "engine/export/csv_writer.h"

namespace tessera::engine {

struct ReportGroup {
  std::string grouping;  // the grouping question's item id; "" for the whole campaign
  std::string group;     // the category's value code; "all" for the whole campaign
  std::string label;     // its display name
  const nlohmann::json* dimensions = nullptr;  // the report's dimensions; null when not shown
  std::string reason;                          // why the group is not shown
};

// Calls `visit` for every group; stops at the first failure (including a false from `visit`,
// reported as kIoError("stopped")).
Status ForEachReportGroup(CampaignResults& results, const DisclosedCampaign& disclosed,
                          const std::function<bool(const ReportGroup&)>& visit);

// A cell decision ("below_threshold", ...) in plain words for the reason column.
std::string DecisionReason(const std::string& decision, int64_t k);

// Writes a JSON number (or an empty cell for null or anything else).
void WriteJsonNumber(CsvWriter& writer, const nlohmann::json* value);
// The member `key` of `object`, or null.
const nlohmann::json* Member(const nlohmann::json& object, const char* key);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_REPORT_GROUPS_H_
