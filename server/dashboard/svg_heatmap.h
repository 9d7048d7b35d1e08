// A heatmap of rows (scales or domains) by columns (the groups of one grouping question): each
// cell shaded by its 0-100 index with the number written in it; withheld cells hatched and
// marked in words, so that neither colour nor shading alone carries the meaning.
#ifndef TESSERA_SERVER_DASHBOARD_SVG_HEATMAP_H_
#define TESSERA_SERVER_DASHBOARD_SVG_HEATMAP_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/dashboard/svg_common.h"

namespace tessera::server::dashboard {

struct HeatmapCell {
  std::optional<double> value;  // 0..100; nullopt with !withheld: nothing to show ("–")
  std::string text;             // written in the cell, e.g. "64" or "not shown"
  bool withheld = false;
};

struct HeatmapData {
  std::vector<std::string> columns;
  std::vector<std::string> rows;
  std::vector<std::vector<HeatmapCell>> cells;  // [row][column]
};

// The shade of an index value: five steps from orange (low) to blue (high), each dark text
// readable on it.
std::string_view HeatmapFill(double index);

std::string RenderHeatmap(const SvgChartText& text, const HeatmapData& data);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_SVG_HEATMAP_H_
