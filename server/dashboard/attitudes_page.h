// The staff attitudes view (also used for any instrument scored by scales): favourable /
// neutral / unfavourable shares per scale and per statement as diverging stacked bars; a heatmap
// of scales by group for every grouping question, withheld cells drawn and explained; and the
// free-text comments of groups of at least k.
#ifndef TESSERA_SERVER_DASHBOARD_ATTITUDES_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_ATTITUDES_PAGE_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"

namespace tessera::server::dashboard {

struct AttitudeInputs {
  engine::Campaign campaign;
  std::shared_ptr<const nlohmann::json> scores;                   // SharedScores(id)
  std::vector<std::shared_ptr<const nlohmann::json>> breakdowns;  // SharedScores(id, by) each
  nlohmann::json comments;  // a page of Comments(id) or Comments(id, by); null: none asked
};

std::string RenderAttitudesPage(const DashboardChrome& chrome, const AttitudeInputs& inputs);

// A breakdown's heading: "By team", "By length of service", ...
std::string GroupingHeading(const nlohmann::json& scores_by_group);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_ATTITUDES_PAGE_H_
