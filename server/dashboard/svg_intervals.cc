#include "server/dashboard/svg_intervals.h"

#include <algorithm>
#include <cmath>

#include "server/dashboard/dashboard_format.h"

namespace tessera::server::dashboard {

namespace {

constexpr double kWidth = 640;
constexpr double kLeft = 8;
constexpr double kPlotWidth = 430;
constexpr double kValueX = kLeft + kPlotWidth + 12;
constexpr double kTop = 10;
constexpr double kRowHeight = 44;
constexpr double kAxisHeight = 40;

}  // namespace

std::string RenderIntervalChart(const SvgChartText& text, const std::vector<IntervalRow>& rows,
                                std::string_view axis_title) {
  double extent = 10;
  for (const IntervalRow& row : rows) {
    for (const auto& bound : {row.value, row.lower, row.upper}) {
      if (bound) extent = std::max(extent, std::abs(*bound));
    }
  }
  extent = std::ceil(extent / 5.0) * 5.0;
  const auto x_of = [&](double value) {
    return kLeft + kPlotWidth * (std::clamp(value, -extent, extent) + extent) / (2 * extent);
  };
  const double bottom = kTop + kRowHeight * static_cast<double>(rows.size());
  std::string svg = SvgOpen(text, kWidth, bottom + kAxisHeight);
  const double step = extent / 2;
  for (int i = -2; i <= 2; ++i) {
    const double tick = step * i;
    const double x = x_of(tick);
    svg += SvgLine(x, kTop, x, bottom + 4, i == 0 ? "#1b1b1b" : "#b1b4b6", i == 0 ? 2 : 1);
    svg += SvgText(x, bottom + 18, FormatSigned(tick, std::fmod(step, 1.0) == 0 ? 0 : 1), "middle",
                   "tick", kMutedInk, 12);
  }
  svg += SvgText(kLeft + kPlotWidth / 2, bottom + 34, axis_title, "middle", "axis-title", kMutedInk,
                 12);
  double y = kTop;
  for (const IntervalRow& row : rows) {
    svg += "<g class=\"interval-row\">";
    svg += SvgText(kLeft + 2, y + 15, row.label, "start", "row-label", kInk, 13);
    const double cy = y + 30;
    if (row.value) {
      if (row.lower && row.upper) {
        const double x1 = x_of(*row.lower);
        const double x2 = x_of(*row.upper);
        svg += SvgLine(x1, cy, x2, cy, "#1b1b1b", 2);
        svg += SvgLine(x1, cy - 7, x1, cy + 7, "#1b1b1b", 2);
        svg += SvgLine(x2, cy - 7, x2, cy + 7, "#1b1b1b", 2);
      }
      svg += "<circle cx=\"" + SvgNumber(x_of(*row.value)) + "\" cy=\"" + SvgNumber(cy) +
             "\" r=\"6\" fill=\"" + std::string(kBarFill) +
             "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>";
      svg += SvgText(kValueX, cy + 5, row.value_text, "start", "value", kInk, 13, true);
    } else {
      svg += SvgText(kValueX, cy + 5, row.value_text, "start", "value", kInk, 12);
    }
    svg += "</g>";
    y += kRowHeight;
  }
  svg += SvgClose();
  return svg;
}

}  // namespace tessera::server::dashboard
