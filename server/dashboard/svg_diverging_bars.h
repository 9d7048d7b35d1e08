// A diverging stacked bar chart of favourability: for each scale or statement, the unfavourable
// share to the left of the centre line, the neutral share straddling it and the favourable share
// to the right, with the shares written on the segments; rows may be grouped under headings and
// a withheld row is drawn hatched.
#ifndef TESSERA_SERVER_DASHBOARD_SVG_DIVERGING_BARS_H_
#define TESSERA_SERVER_DASHBOARD_SVG_DIVERGING_BARS_H_

#include <string>
#include <vector>

#include "server/dashboard/svg_common.h"

namespace tessera::server::dashboard {

struct DivergingRow {
  std::string label;
  double unfavourable = 0;  // shares 0..1
  double neutral = 0;
  double favourable = 0;
  bool withheld = false;
  std::string withheld_text;  // the marker drawn for a withheld row
};

struct DivergingSection {
  std::string heading;  // empty: no heading row
  std::vector<DivergingRow> rows;
};

std::string RenderDivergingChart(const SvgChartText& text,
                                 const std::vector<DivergingSection>& sections);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_SVG_DIVERGING_BARS_H_
