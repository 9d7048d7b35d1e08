#include "server/dashboard/svg_heatmap.h"

#include <algorithm>

#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

namespace {

constexpr double kLabelWidth = 300;
constexpr double kCellWidth = 84;
constexpr double kCellHeight = 34;
constexpr double kHeaderHeight = 110;  // column names, turned
constexpr double kLegendHeight = 44;

}  // namespace

std::string_view HeatmapFill(double index) {
  if (index < 35) return "#f4c7a9";
  if (index < 50) return "#fbe6d6";
  if (index < 65) return "#dce8f5";
  if (index < 80) return "#a9c6e8";
  return "#6f98cc";
}

std::string RenderHeatmap(const SvgChartText& text, const HeatmapData& data) {
  const double columns = static_cast<double>(std::max<size_t>(data.columns.size(), 1));
  // Room on the right for the last column's slanted label.
  const double width = std::max(640.0, kLabelWidth + kCellWidth * columns + 120);
  const double grid_bottom = kHeaderHeight + kCellHeight * static_cast<double>(data.rows.size());
  const double height = grid_bottom + kLegendHeight;
  std::string svg = SvgOpen(text, width, height);
  for (size_t c = 0; c < data.columns.size(); ++c) {
    const double x = kLabelWidth + kCellWidth * (static_cast<double>(c) + 0.5);
    svg += "<text x=\"" + SvgNumber(x) + "\" y=\"" + SvgNumber(kHeaderHeight - 8) +
           "\" transform=\"rotate(-35 " + SvgNumber(x) + " " + SvgNumber(kHeaderHeight - 8) +
           ")\" class=\"column-label\" fill=\"#1b1b1b\" font-size=\"12\">";
    svg += pages::HtmlEscape(data.columns[c]) + "</text>";
  }
  for (size_t r = 0; r < data.rows.size(); ++r) {
    const double y = kHeaderHeight + kCellHeight * static_cast<double>(r);
    svg += "<g class=\"heatmap-row\">";
    svg += SvgText(kLabelWidth - 8, y + 22, data.rows[r], "end", "row-label", kInk, 12);
    for (size_t c = 0; c < data.columns.size(); ++c) {
      const double x = kLabelWidth + kCellWidth * static_cast<double>(c);
      const HeatmapCell empty;
      const HeatmapCell& cell =
          r < data.cells.size() && c < data.cells[r].size() ? data.cells[r][c] : empty;
      std::string_view fill = "#ffffff";
      std::string fill_text;
      if (cell.withheld) {
        fill_text = HatchFill(text);
        fill = fill_text;
      } else if (cell.value) {
        fill = HeatmapFill(*cell.value);
      }
      svg += SvgRect(x + 1, y + 1, kCellWidth - 2, kCellHeight - 2, fill,
                     "stroke=\"#6f6f6f\" stroke-width=\"1\"");
      if (cell.withheld) {
        // A white plate keeps the words readable over the hatching.
        svg += SvgRect(x + 8, y + 9, kCellWidth - 16, 16, "#ffffff");
        svg += SvgText(x + kCellWidth / 2, y + 21, cell.text, "middle", "value withheld", kInk, 11);
      } else {
        svg += SvgText(x + kCellWidth / 2, y + 22, cell.text.empty() ? "–" : cell.text, "middle",
                       "value", kInk, 13, true);
      }
    }
    svg += "</g>";
  }
  // Legend: the five shades and the hatching.
  const double legend_y = grid_bottom + 14;
  const char* kSteps[] = {"below 35", "35–49", "50–64", "65–79", "80 or more"};
  const double kStepValues[] = {0, 40, 55, 70, 90};
  double x = 8;
  svg += SvgText(x, legend_y + 12, "Index:", "start", "legend", kInk, 12);
  x += 48;
  for (size_t s = 0; s < 5; ++s) {
    svg += SvgRect(x, legend_y, 14, 14, HeatmapFill(kStepValues[s]),
                   "stroke=\"#6f6f6f\" stroke-width=\"1\"");
    svg += SvgText(x + 18, legend_y + 12, kSteps[s], "start", "legend", kInk, 12);
    x += 92;
  }
  svg += SvgRect(x, legend_y, 14, 14, HatchFill(text), "stroke=\"#6f6f6f\" stroke-width=\"1\"");
  svg += SvgText(x + 18, legend_y + 12, "not shown", "start", "legend", kInk, 12);
  svg += SvgClose();
  return svg;
}

}  // namespace tessera::server::dashboard
