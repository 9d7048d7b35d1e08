// Small formatting helpers shared by the dashboard pages: rounding numbers for display, reading
// optional figures from the engine's result JSON, the wording of withheld results, campaign
// URLs and the tabs of a campaign's views.
#ifndef TESSERA_SERVER_DASHBOARD_DASHBOARD_FORMAT_H_
#define TESSERA_SERVER_DASHBOARD_DASHBOARD_FORMAT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/records.h"

namespace tessera::server::dashboard {

// `value` rounded to `decimals` places ("%.*f"); never "-0". Non-finite: "–".
std::string FormatFixed(double value, int decimals);
// As FormatFixed with a leading "+" or "−" (U+2212) for non-zero values.
std::string FormatSigned(double value, int decimals);
// A share 0..1 as a whole percentage: "42%".
std::string FormatPercent(double share);
// A p-value: "< 0.001" or three decimals.
std::string FormatPValue(double p);

// A finite number at `key` of `object`, or nullopt (missing, null, not a number).
std::optional<double> NumberAt(const nlohmann::json& object, std::string_view key);
std::optional<int64_t> IntegerAt(const nlohmann::json& object, std::string_view key);
// The string at `key`, or "" when missing or not a string.
std::string StringAt(const nlohmann::json& object, std::string_view key);
// The object at `key`, or an empty object (a reference: no copy of large reports).
const nlohmann::json& ObjectAt(const nlohmann::json& object, std::string_view key);
// The array at `key`, or an empty array.
const nlohmann::json& ArrayAt(const nlohmann::json& object, std::string_view key);
// True when `object` is marked {"suppressed": true}.
bool IsSuppressed(const nlohmann::json& object);

// How a withheld breakdown cell is explained. Primary and complementary suppression are worded
// the same (docs/anonymity.md: a withheld cell shows no count, not even a range).
std::string WithheldCellText(std::string_view decision, int64_t k);
// The short marker drawn in a withheld chart cell.
inline constexpr std::string_view kWithheldMarker = "not shown";

std::string CampaignPath(int64_t campaign_id, std::string_view view = "");
std::string CampaignDates(const engine::Campaign& campaign);

// One view of a campaign as a tab.
struct CampaignView {
  std::string slug;   // "capability", "perspectives", "attitudes", "trends", "evaluator"
  std::string label;  // shown on the tab
};
// The views that make sense for the campaign's instrument and the signed-in role, in tab order:
// evaluators see only the evaluator view.
std::vector<CampaignView> ViewsFor(const engine::Campaign& campaign, std::string_view role);
// The <nav> of a campaign's views with aria-current on `current`.
std::string RenderCampaignTabs(const engine::Campaign& campaign, std::string_view role,
                               std::string_view current);
// The page heading block of a campaign view: <h1>, instrument, dates, threshold, and the tabs.
std::string RenderCampaignHeading(const engine::Campaign& campaign, std::string_view role,
                                  std::string_view view, std::string_view view_title);

// A wide table in a horizontally scrolling, focusable, labelled region.
std::string ScrollRegion(std::string_view label, std::string_view table_html);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_DASHBOARD_FORMAT_H_
