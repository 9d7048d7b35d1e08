// Blocks of results shared by several dashboard pages, each a chart with its table: how each
// group of a breakdown sees each domain or scale (with the perspective gap), and the
// favourability of each scale (and optionally each statement) as diverging stacked bars.
#ifndef TESSERA_SERVER_DASHBOARD_RESULT_BLOCKS_H_
#define TESSERA_SERVER_DASHBOARD_RESULT_BLOCKS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "server/dashboard/svg_band_bars.h"

namespace tessera::server::dashboard {

// The cells of a breakdown that may be listed: every cell but "not stated" (never shown, never
// listed: docs/anonymity.md).
std::vector<const nlohmann::json*> ListedCells(const nlohmann::json& scores_by_group);

// Group value -> label, from a breakdown's cells (for comments, which name groups by value).
std::map<std::string, std::string> GroupLabels(const nlohmann::json& scores_by_group);

// A chart with one section per dimension and one bar per group (plus "Everyone"), the largest
// gap between groups written beside each dimension and flagged when over the threshold; then the
// table of the same figures and a list of the flagged gaps. `id` prefixes element ids.
std::string GroupComparisonBlock(std::string_view id, std::string_view title,
                                 const nlohmann::json& scores_by_group, int64_t k,
                                 const std::vector<IndexBand>& bands = {});

// Diverging stacked bars of the favourable, neutral and unfavourable shares of every scale
// (`per_item`: every statement, grouped by scale), then the table of the same figures.
std::string FavourabilityBlock(std::string_view id, std::string_view title,
                               const nlohmann::json& scores, bool per_item);

// A table of every domain or scale of a score report without breakdown: index, 95% interval,
// level, n and "don't know" share; withheld rows say so.
std::string ScoreTable(std::string_view id, std::string_view caption, const nlohmann::json& scores);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_RESULT_BLOCKS_H_
