#include "server/dashboard/svg_band_bars.h"

#include <algorithm>

namespace tessera::server::dashboard {

namespace {

constexpr double kWidth = 640;
constexpr double kPlotLeft = 8;
constexpr double kPlotWidth = 470;
constexpr double kValueX = kPlotLeft + kPlotWidth + 10;
constexpr double kTop = 30;  // room for the band names
constexpr double kHeadingHeight = 28;
constexpr double kRowHeight = 44;
constexpr double kAxisHeight = 40;

double X(double index) { return kPlotLeft + kPlotWidth * std::clamp(index, 0.0, 100.0) / 100.0; }

// Alternating greys with visible boundaries; the band names say which is which.
constexpr std::string_view kBandFills[] = {"#ececec", "#d9d9d9"};

}  // namespace

std::string RenderBandBarChart(const SvgChartText& text, const std::vector<IndexBand>& bands,
                               const std::vector<BandBarSection>& sections) {
  double content = 0;
  for (const BandBarSection& section : sections) {
    if (!section.heading.empty()) content += kHeadingHeight;
    content += kRowHeight * static_cast<double>(section.rows.size());
  }
  const double height = kTop + content + kAxisHeight;
  std::string svg = SvgOpen(text, kWidth, height);
  const double plot_bottom = kTop + content;

  // Bands behind everything, named along the top.
  for (size_t b = 0; b < bands.size(); ++b) {
    const double x1 = X(bands[b].from);
    const double x2 = X(bands[b].to);
    svg += SvgRect(x1, kTop - 6, x2 - x1, plot_bottom - kTop + 6, kBandFills[b % 2]);
    if (b > 0) svg += SvgLine(x1, kTop - 6, x1, plot_bottom, "#ffffff", 2);
    const int size = (x2 - x1) < 60 ? 11 : 12;
    svg += SvgText((x1 + x2) / 2, kTop - 12, bands[b].name, "middle", "band-name", kMutedInk, size);
  }
  // Axis with ticks every 25 points.
  svg += SvgLine(kPlotLeft, plot_bottom, kPlotLeft + kPlotWidth, plot_bottom, kGridStroke, 1);
  for (int tick = 0; tick <= 100; tick += 25) {
    const double x = X(tick);
    svg += SvgLine(x, plot_bottom, x, plot_bottom + 5, kGridStroke, 1);
    svg += SvgText(x, plot_bottom + 18, std::to_string(tick), "middle", "tick", kMutedInk, 12);
  }
  svg += SvgText(kPlotLeft + kPlotWidth / 2, plot_bottom + 34, "Index, 0 to 100", "middle",
                 "axis-title", kMutedInk, 12);

  double y = kTop;
  for (const BandBarSection& section : sections) {
    if (!section.heading.empty()) {
      svg += SvgText(kPlotLeft + 2, y + 19, section.heading, "start", "section-heading", kInk, 14,
                     true);
      if (!section.note.empty()) {
        svg += SvgText(kWidth - 4, y + 19, section.note, "end", "section-note", kInk, 12, true);
      }
      y += kHeadingHeight;
    }
    for (const BandBarRow& row : section.rows) {
      svg += "<g class=\"bar-row\">";
      svg += SvgText(kPlotLeft + 2, y + 15, row.label, "start", "row-label", kInk, 13);
      const double bar_y = y + 22;
      const double bar_height = 14;
      if (row.withheld || !row.value) {
        svg += SvgRect(kPlotLeft, bar_y - 2, kPlotWidth, bar_height + 4, HatchFill(text),
                       "stroke=\"#6f6f6f\" stroke-width=\"1\"");
      } else {
        svg += SvgRect(kPlotLeft, bar_y, X(*row.value) - kPlotLeft, bar_height, kBarFill);
        if (row.lower && row.upper) {
          const double cy = bar_y + bar_height / 2;
          const double x1 = X(*row.lower);
          const double x2 = X(*row.upper);
          // A white halo keeps the black whisker visible over the dark bar.
          svg += SvgLine(x1, cy, x2, cy, "#ffffff", 4);
          svg += SvgLine(x1, cy, x2, cy, "#000000", 2);
          svg += SvgLine(x1, cy - 9, x1, cy + 9, "#000000", 2);
          svg += SvgLine(x2, cy - 9, x2, cy + 9, "#000000", 2);
        }
      }
      svg +=
          SvgText(kValueX, bar_y + 12, row.value_text, "start", "value", kInk, 13, !row.withheld);
      svg += "</g>";
      y += kRowHeight;
    }
  }
  svg += SvgClose();
  return svg;
}

}  // namespace tessera::server::dashboard
