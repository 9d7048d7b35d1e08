// A campaign's results as managers and evaluators see them, assembled from its sufficient
// statistics (scoring/campaign_statistics.h) with every anonymity rule applied on the way out:
// - the score report: each dimension's summary for the whole campaign (mean, SD, 95% CI, 0-100
//   index, level, "don't know" share, item distributions, favourability for attitude scales),
//   the recommended next steps, and optionally a breakdown by one grouping question with the
//   perspective gaps between its groups and, for rater groups, their within-group agreement;
// - the reliability report: psych-style alpha per dimension;
// - the wave comparison: two campaigns of one instrument, dimension by dimension.
// Nothing describing fewer than k respondents is included: groups, dimensions and items under k
// are replaced by a marker saying so, and breakdown cells follow the decisions the caller passes
// (the engine's disclosure plan) or, without them, primary and complementary suppression.
#ifndef TESSERA_SCORING_CAMPAIGN_REPORT_H_
#define TESSERA_SCORING_CAMPAIGN_REPORT_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/agreement.h"
#include "scoring/campaign_statistics.h"
#include "scoring/disclosure_plan.h"
#include "scoring/item_continuity.h"
#include "scoring/suppression.h"

namespace tessera::scoring {

struct ReportOptions {
  int64_t k = 5;  // the campaign's anonymity threshold
  // False only for an evaluator's own file scored without a campaign (`tessera score FILE`):
  // then nothing is withheld, and the report says so.
  bool enforce_threshold = true;
  std::string content_hash;  // of the pinned instrument, for provenance
  std::string computed_at;   // supplied by the caller (scoring has no clock)
  // Display names of grouping categories by value code, e.g. team slug -> team name.
  std::map<std::string, std::string> category_labels;
  double gap_threshold = kDefaultGapThreshold;
  // The campaign's disclosure plan (disclosure_plan.h), which decides every group's, item's and
  // dimension's visibility; it must fit the statistics' layout. Without one (enforce_threshold
  // still on), groups, items and dimensions under k are withheld and breakdowns get primary and
  // complementary suppression only.
  const DisclosurePlan* plan = nullptr;
};

struct BreakdownOptions {
  size_t grouping = 0;  // the grouping column of the layout
  // One decision per category then one for "not stated"; empty: the plan's (ReportOptions), or
  // without a plan SuppressBreakdown on the cell counts.
  std::vector<CellDecision> decisions;
};

// The score report. InvalidArgument when the statistics do not fit the instrument or the
// breakdown names no grouping column.
Result<nlohmann::json> BuildScoreReport(const instruments::Instrument& instrument,
                                        const CampaignStatistics& statistics,
                                        const ReportOptions& options,
                                        const std::optional<BreakdownOptions>& breakdown = {});

// Reliability of every dimension with at least two items, for the whole campaign.
Result<nlohmann::json> BuildReliabilityReport(const instruments::Instrument& instrument,
                                              const CampaignStatistics& statistics,
                                              const ReportOptions& options);

// One wave of a comparison.
struct Wave {
  const instruments::Instrument* instrument = nullptr;
  const CampaignStatistics* statistics = nullptr;
  std::string label;  // e.g. the campaign's title
  ReportOptions options;
};

// Dimension by dimension, the later wave minus the earlier, for dimensions the continuity rules
// make comparable (scoring/item_continuity.h), with retired and new items listed.
Result<nlohmann::json> BuildWaveReport(const Wave& earlier, const Wave& later,
                                       const ItemContinuity& continuity);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_CAMPAIGN_REPORT_H_
