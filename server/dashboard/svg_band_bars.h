// A chart of horizontal bars on the 0-100 index: the instrument's levels (bands) drawn behind the
// bars, a 95% confidence whisker on each bar, the value and level in words beside it; rows may
// be grouped under headings (one per domain, say) and a withheld row is drawn hatched.
#ifndef TESSERA_SERVER_DASHBOARD_SVG_BAND_BARS_H_
#define TESSERA_SERVER_DASHBOARD_SVG_BAND_BARS_H_

#include <optional>
#include <string>
#include <vector>

#include "server/dashboard/svg_common.h"

namespace tessera::server::dashboard {

// One level of the instrument, on the index scale.
struct IndexBand {
  std::string name;
  double from = 0;  // 0..100
  double to = 0;
};

struct BandBarRow {
  std::string label;
  std::optional<double> value;  // 0..100; nullopt: nothing to draw
  std::optional<double> lower;  // the interval, when known
  std::optional<double> upper;
  std::string value_text;  // beside the bar, e.g. "57 Established"
  bool withheld = false;   // drawn hatched with `value_text` as its reason marker
};

struct BandBarSection {
  std::string heading;  // empty: no heading row
  std::string note;     // drawn after the heading, e.g. "gap 19 points: flagged"
  std::vector<BandBarRow> rows;
};

std::string RenderBandBarChart(const SvgChartText& text, const std::vector<IndexBand>& bands,
                               const std::vector<BandBarSection>& sections);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_SVG_BAND_BARS_H_
