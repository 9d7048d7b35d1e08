#include "server/dashboard/svg_diverging_bars.h"

#include <algorithm>
#include <cmath>

#include "server/dashboard/dashboard_format.h"

namespace tessera::server::dashboard {

namespace {

constexpr double kWidth = 640;
constexpr double kLeft = 20;
constexpr double kHalf = 300;  // 100% on either side of the centre
constexpr double kCentre = kLeft + kHalf;
constexpr double kTop = 44;  // the legend
constexpr double kHeadingHeight = 28;
constexpr double kRowHeight = 44;
constexpr double kAxisHeight = 36;

double Share(double share) { return std::isfinite(share) ? std::clamp(share, 0.0, 1.0) : 0.0; }

// A segment with its share written on it when there is room (32 units is about "100%").
std::string Segment(double x, double y, double width, double height, std::string_view fill,
                    std::string_view ink, double share) {
  std::string svg = SvgRect(x, y, width, height, fill, "stroke=\"#1b1b1b\" stroke-width=\"0.75\"");
  if (width >= 32) {
    svg += SvgText(x + width / 2, y + height - 5, FormatPercent(share), "middle", "value", ink, 12,
                   true);
  }
  return svg;
}

std::string LegendKey(double x, std::string_view fill, std::string_view label) {
  return SvgRect(x, 8, 14, 14, fill, "stroke=\"#1b1b1b\" stroke-width=\"1\"") +
         SvgText(x + 20, 20, label, "start", "legend", kInk, 12);
}

}  // namespace

std::string RenderDivergingChart(const SvgChartText& text,
                                 const std::vector<DivergingSection>& sections) {
  double content = 0;
  for (const DivergingSection& section : sections) {
    if (!section.heading.empty()) content += kHeadingHeight;
    content += kRowHeight * static_cast<double>(section.rows.size());
  }
  const double height = kTop + content + kAxisHeight;
  const double bottom = kTop + content;
  std::string svg = SvgOpen(text, kWidth, height);
  svg += LegendKey(kLeft, kUnfavourableFill, "Unfavourable (left)");
  svg += LegendKey(kLeft + 190, kNeutralFill, "Neutral (centre)");
  svg += LegendKey(kLeft + 360, kFavourableFill, "Favourable (right)");
  for (int tick = -100; tick <= 100; tick += 50) {
    const double x = kCentre + kHalf * tick / 100.0;
    svg += SvgLine(x, kTop, x, bottom + 4, tick == 0 ? "#1b1b1b" : "#b1b4b6", tick == 0 ? 2 : 1);
    svg += SvgText(x, bottom + 18, std::to_string(std::abs(tick)) + "%", "middle", "tick",
                   kMutedInk, 12);
  }
  svg += SvgText(kCentre - 8, bottom + 32, "← unfavourable", "end", "axis-title", kMutedInk, 12);
  svg += SvgText(kCentre + 8, bottom + 32, "favourable →", "start", "axis-title", kMutedInk, 12);

  double y = kTop;
  for (const DivergingSection& section : sections) {
    if (!section.heading.empty()) {
      svg += SvgText(kLeft, y + 19, section.heading, "start", "section-heading", kInk, 14, true);
      y += kHeadingHeight;
    }
    for (const DivergingRow& row : section.rows) {
      svg += "<g class=\"bar-row\">";
      svg += SvgText(kLeft, y + 15, row.label, "start", "row-label", kInk, 13);
      const double bar_y = y + 20;
      const double bar_height = 20;
      if (row.withheld) {
        svg += SvgRect(kCentre - 80, bar_y, 160, bar_height, HatchFill(text),
                       "stroke=\"#6f6f6f\" stroke-width=\"1\"");
        svg += SvgText(kCentre + 88, bar_y + 15, row.withheld_text, "start", "value", kInk, 12);
      } else {
        const double unfavourable = Share(row.unfavourable);
        const double neutral = Share(row.neutral);
        const double favourable = Share(row.favourable);
        const double neutral_left = kCentre - kHalf * neutral / 2;
        const double unfavourable_left = neutral_left - kHalf * unfavourable;
        svg += Segment(unfavourable_left, bar_y, kHalf * unfavourable, bar_height,
                       kUnfavourableFill, "#ffffff", unfavourable);
        svg +=
            Segment(neutral_left, bar_y, kHalf * neutral, bar_height, kNeutralFill, kInk, neutral);
        svg += Segment(kCentre + kHalf * neutral / 2, bar_y, kHalf * favourable, bar_height,
                       kFavourableFill, "#ffffff", favourable);
      }
      svg += "</g>";
      y += kRowHeight;
    }
  }
  svg += SvgClose();
  return svg;
}

}  // namespace tessera::server::dashboard
