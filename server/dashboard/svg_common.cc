#include "server/dashboard/svg_common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using pages::HtmlEscape;

std::string SvgNumber(double value) {
  if (!std::isfinite(value)) value = 0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string text = buffer;
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  if (text == "-0") text = "0";
  return text;
}

std::string HatchFill(const SvgChartText& text) { return "url(#" + text.id + "-hatch)"; }

std::string SvgOpen(const SvgChartText& text, double width, double height) {
  const std::string id = HtmlEscape(text.id);
  std::string svg = "<svg class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    SvgNumber(width) + " " + SvgNumber(height) + "\" width=\"" + SvgNumber(width) +
                    "\" height=\"" + SvgNumber(height) + "\" role=\"img\" aria-labelledby=\"" + id +
                    "-title " + id + "-desc\"";
  if (!text.table_id.empty()) svg += " aria-details=\"" + HtmlEscape(text.table_id) + "\"";
  svg += " font-size=\"13\">";
  svg += "<title id=\"" + id + "-title\">" + HtmlEscape(text.title) + "</title>";
  svg += "<desc id=\"" + id + "-desc\">" + HtmlEscape(text.description) + "</desc>";
  // Withheld results: grey diagonal lines on white, distinct from every data fill.
  svg += "<defs><pattern id=\"" + id +
         "-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/>"
         "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#6f6f6f\" stroke-width=\"3\"/>"
         "</pattern></defs>";
  return svg;
}

std::string SvgText(double x, double y, std::string_view text, std::string_view anchor,
                    std::string_view css_class, std::string_view fill, int font_size,
                    bool weight_bold) {
  std::string svg = "<text x=\"" + SvgNumber(x) + "\" y=\"" + SvgNumber(y) + "\"";
  if (anchor != "start") svg += " text-anchor=\"" + std::string(anchor) + "\"";
  if (!css_class.empty()) svg += " class=\"" + std::string(css_class) + "\"";
  svg += " fill=\"" + std::string(fill) + "\"";
  if (font_size != 13) svg += " font-size=\"" + std::to_string(font_size) + "\"";
  if (weight_bold) svg += " font-weight=\"700\"";
  svg += ">" + HtmlEscape(text) + "</text>";
  return svg;
}

std::string SvgRect(double x, double y, double width, double height, std::string_view fill,
                    std::string_view extra_attributes) {
  std::string svg = "<rect x=\"" + SvgNumber(x) + "\" y=\"" + SvgNumber(y) + "\" width=\"" +
                    SvgNumber(std::max(0.0, width)) + "\" height=\"" + SvgNumber(height) +
                    "\" fill=\"" + std::string(fill) + "\"";
  if (!extra_attributes.empty()) svg += " " + std::string(extra_attributes);
  svg += "/>";
  return svg;
}

std::string SvgLine(double x1, double y1, double x2, double y2, std::string_view stroke,
                    double stroke_width, std::string_view extra_attributes) {
  std::string svg = "<line x1=\"" + SvgNumber(x1) + "\" y1=\"" + SvgNumber(y1) + "\" x2=\"" +
                    SvgNumber(x2) + "\" y2=\"" + SvgNumber(y2) + "\" stroke=\"" +
                    std::string(stroke) + "\" stroke-width=\"" + SvgNumber(stroke_width) + "\"";
  if (!extra_attributes.empty()) svg += " " + std::string(extra_attributes);
  svg += "/>";
  return svg;
}

std::string ChartFigure(std::string_view svg, std::string_view caption_html,
                        std::string_view table_html) {
  std::string html = "<figure class=\"chart\">\n<div class=\"chart-frame\">";
  html += svg;
  html += "</div>\n";
  if (!caption_html.empty()) {
    html += "<figcaption>";
    html += caption_html;
    html += "</figcaption>\n";
  }
  html += table_html;
  html += "</figure>\n";
  return html;
}

}  // namespace tessera::server::dashboard
