// Shared pieces of the dashboard's inline SVG charts: the accessible <svg> opening (role="img",
// <title>, <desc>, a reference to the table that holds the same figures), coordinates, text,
// and the hatched pattern that marks withheld results without relying on colour.
#ifndef TESSERA_SERVER_DASHBOARD_SVG_COMMON_H_
#define TESSERA_SERVER_DASHBOARD_SVG_COMMON_H_

#include <string>
#include <string_view>

namespace tessera::server::dashboard {

// What a chart says about itself. `id` must be unique within the page; `table_id` names the
// <table> next to the chart that gives the same figures as text.
struct SvgChartText {
  std::string id;
  std::string title;        // plain text
  std::string description;  // plain text: what the chart shows and how to read it
  std::string table_id;
};

// Colours (WCAG AA against white and against the text drawn on them).
inline constexpr std::string_view kInk = "#1b1b1b";
inline constexpr std::string_view kMutedInk = "#4a4a4a";
inline constexpr std::string_view kBarFill = "#1d4f91";
inline constexpr std::string_view kFavourableFill = "#1d4f91";
inline constexpr std::string_view kNeutralFill = "#d4d4d4";
inline constexpr std::string_view kUnfavourableFill = "#a3421c";
inline constexpr std::string_view kGridStroke = "#6f6f6f";

// <svg viewBox="0 0 width height" role="img" aria-labelledby=... aria-details=...> with its
// <title>, <desc> and the hatch pattern "<id>-hatch".
std::string SvgOpen(const SvgChartText& text, double width, double height);
inline std::string SvgClose() { return "</svg>\n"; }
// The id of the chart's hatch pattern, for fill="url(#...)".
std::string HatchFill(const SvgChartText& text);

// A coordinate with at most one decimal.
std::string SvgNumber(double value);
// <text x y ...>escaped text</text>; `anchor` "start", "middle" or "end"; `css_class` may be
// empty. `weight_bold` adds font-weight="700".
std::string SvgText(double x, double y, std::string_view text, std::string_view anchor,
                    std::string_view css_class, std::string_view fill = kInk, int font_size = 13,
                    bool weight_bold = false);
std::string SvgRect(double x, double y, double width, double height, std::string_view fill,
                    std::string_view extra_attributes = "");
std::string SvgLine(double x1, double y1, double x2, double y2, std::string_view stroke,
                    double stroke_width, std::string_view extra_attributes = "");

// A <figure> holding the chart, a caption and the alternative table (already rendered).
std::string ChartFigure(std::string_view svg, std::string_view caption_html,
                        std::string_view table_html);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_SVG_COMMON_H_
