// The trends view: for each pair of consecutive waves of one instrument, the change in each scale
// or domain with its 95% interval (later minus earlier), across instrument versions through
// declared continuity, with the questions that were reworded, added, retired or new listed.
#ifndef TESSERA_SERVER_DASHBOARD_TRENDS_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_TRENDS_PAGE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"

namespace tessera::server::dashboard {

struct TrendInputs {
  std::vector<engine::Campaign> waves;      // oldest first
  std::vector<nlohmann::json> comparisons;  // comparisons[i] = Compare(waves[i], waves[i+1])
  std::map<std::string, std::string> dimension_titles;  // optional: id -> title (DimensionTitles)
};

// Dimension id -> title from a score report (the wave report names dimensions by id only).
std::map<std::string, std::string> DimensionTitles(const nlohmann::json& scores);

std::string RenderTrendsPage(const DashboardChrome& chrome, const engine::Campaign& current,
                             const TrendInputs& inputs);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_TRENDS_PAGE_H_
