// A chart of differences with their 95% intervals around a zero line (wave-over-wave change):
// one row per scale or domain, a dot for the change and a line with end caps for the interval,
// the change and interval written beside it. Rows that cannot be compared carry a note instead.
#ifndef TESSERA_SERVER_DASHBOARD_SVG_INTERVALS_H_
#define TESSERA_SERVER_DASHBOARD_SVG_INTERVALS_H_

#include <optional>
#include <string>
#include <vector>

#include "server/dashboard/svg_common.h"

namespace tessera::server::dashboard {

struct IntervalRow {
  std::string label;
  std::optional<double> value;  // nullopt: no dot, `value_text` explains
  std::optional<double> lower;
  std::optional<double> upper;
  std::string value_text;
};

// `axis_title` names the unit, e.g. "Change in index points". The axis is symmetric around zero
// and wide enough for every interval (at least ±10).
std::string RenderIntervalChart(const SvgChartText& text, const std::vector<IntervalRow>& rows,
                                std::string_view axis_title);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_SVG_INTERVALS_H_
