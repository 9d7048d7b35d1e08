// The capability view of a partnership-capability campaign: the seven domains as bars on the
// 0-100 index with the instrument's levels behind them and 95% confidence whiskers, the level in
// words and n; the recommended next steps, weakest domain first; and the ten performance
// indicators of framework section 6.5 as a checklist with a status derived from each
// indicator's answers (IndicatorStatusFor).
#ifndef TESSERA_SERVER_DASHBOARD_CAPABILITY_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_CAPABILITY_PAGE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/records.h"
#include "instruments/instrument.h"
#include "server/dashboard/dashboard_chrome.h"
#include "server/dashboard/svg_band_bars.h"

namespace tessera::server::dashboard {

// The instrument's levels restated on the 0-100 index, for drawing behind the bars.
std::vector<IndexBand> IndexBandsOf(const instruments::ScoringModel& model);

// The instrument's scoring range [min, max] worked out from a score report's figures (a
// dimension's mean and index at two points), or nullopt when no dimension allows it.
std::optional<std::pair<double, double>> ScoringRangeOf(const nlohmann::json& scores);

// A performance indicator's status, from the item's answer counts in the score report:
// its recoded mean restated on 0-100 (as the index) is at least 75 ("in place": on average
// at least the second-highest answer), at least 50 ("partly in place"), or below 50 ("not yet
// in place"); "not shown" when the item is withheld (answered by fewer than k) or has no answers.
enum class IndicatorStatus { kInPlace, kPartly, kNotYet, kNotShown };
struct IndicatorFigures {
  IndicatorStatus status = IndicatorStatus::kNotShown;
  std::optional<double> index;  // 0..100
  std::optional<double> mean;   // on the item's scale
  int64_t answered = 0;         // answers with a value
  int64_t top_two = 0;          // of them, in the top two answers
  int64_t dont_know = 0;        // "Don't know" answers
};
IndicatorFigures IndicatorStatusFor(const nlohmann::json& item);

// `scores` is CampaignResults::Scores(id) (no breakdown). `model`, when given, is the pinned
// instrument's scoring model: its levels are drawn behind the bars (without it, no bands).
std::string RenderCapabilityPage(const DashboardChrome& chrome, const engine::Campaign& campaign,
                                 const nlohmann::json& scores,
                                 const instruments::ScoringModel* model = nullptr);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_CAPABILITY_PAGE_H_
