#include "scoring/campaign_report.h"

#include <optional>
#include <string_view>
#include <utility>

#include "scoring/dimension_summary.h"
#include "scoring/favourability.h"
#include "scoring/provenance.h"
#include "scoring/recommendations.h"
#include "scoring/reliability.h"
#include "scoring/wave_comparison.h"

namespace tessera::scoring {

namespace ins = tessera::instruments;
using nlohmann::json;

namespace {

std::string FewerThan(int64_t k) { return "fewer than " + std::to_string(k) + " respondents"; }

bool Below(const ReportOptions& options, int64_t n) {
  return options.enforce_threshold && n < options.k;
}

std::vector<ItemHistogram> HistogramsOf(const ResponseLayout& layout, const GroupStatistics& group,
                                        size_t dimension) {
  std::vector<ItemHistogram> histograms;
  for (size_t column : layout.dimensions()[dimension].columns) {
    histograms.push_back(group.items[column]);
  }
  return histograms;
}

Result<const ins::Dimension*> DimensionAt(const ins::Instrument& instrument,
                                          const ResponseLayout& layout, size_t index) {
  const ins::Dimension* dimension = instrument.FindDimension(layout.dimensions()[index].id);
  if (dimension == nullptr) {
    return Status::InvalidArgument("the statistics do not fit the instrument: no dimension \"" +
                                   layout.dimensions()[index].id + "\"");
  }
  return dimension;
}

// Which group a figure belongs to: the whole campaign, or one cell of one grouping.
struct GroupRef {
  bool overall = true;
  size_t grouping = 0;
  size_t cell = 0;
};

// The plan's decision for a figure in a group; nullopt without a plan.
std::optional<CellDecision> PlannedDecision(const ReportOptions& options,
                                            const FigureRelease& release, const GroupRef& group) {
  if (options.plan == nullptr) return std::nullopt;
  if (group.overall) return release.overall ? CellDecision::kShown : CellDecision::kBelowThreshold;
  if (group.grouping < release.cells.size() && group.cell < release.cells[group.grouping].size()) {
    return release.cells[group.grouping][group.cell];
  }
  return CellDecision::kWithheld;
}

// Why a figure is withheld, in words.
std::string WithheldReason(CellDecision decision, const std::string& counted,
                           const ReportOptions& options) {
  switch (decision) {
    case CellDecision::kComplementary:
    case CellDecision::kDifferencing:
    case CellDecision::kWithheld:
      return "withheld so that figures cannot be subtracted to describe " + FewerThan(options.k);
    case CellDecision::kNarrowing:
      return "withheld: with the other figures shown it would narrow down the answers of " +
             FewerThan(options.k);
    default:
      return counted + " " + FewerThan(options.k);
  }
}

// Whether a figure with its own n (an item's answers, a dimension's scores) is shown for the
// group: the plan decides; without one, n >= k. `reason` says why not.
bool FigureShown(const ReportOptions& options, const std::vector<FigureRelease>& releases,
                 size_t index, const GroupRef& group, int64_t n, const std::string& counted,
                 std::string* reason) {
  if (options.plan != nullptr && index < releases.size()) {
    const CellDecision decision = *PlannedDecision(options, releases[index], group);
    if (IsShown(decision) && !Below(options, n)) return true;
    *reason = WithheldReason(IsShown(decision) ? CellDecision::kBelowThreshold : decision, counted,
                             options);
    return false;
  }
  if (!Below(options, n)) return true;
  *reason = counted + " " + FewerThan(options.k);
  return false;
}

// Item figures the plan (or, without one, n < k) withholds are replaced by a marker; returns
// whether any was.
bool SuppressItems(json& items, const ResponseLayout& layout, size_t dimension,
                   const ReportOptions& options, const GroupRef& group) {
  bool any = false;
  const std::vector<size_t>& columns = layout.dimensions()[dimension].columns;
  for (json& item : items) {
    const std::string id = item.value("item", std::string());
    size_t column = layout.scored().size();
    for (size_t c : columns) {
      if (layout.scored()[c].item_id == id) column = c;
    }
    std::string reason;
    const std::vector<FigureRelease> none;
    if (FigureShown(options, options.plan != nullptr ? options.plan->items : none, column, group,
                    item.value("n", int64_t{0}), "answered by", &reason) &&
        column < layout.scored().size()) {
      continue;
    }
    if (reason.empty()) reason = "withheld";
    any = true;
    item = json{{"item", item["item"]},
                {"text", item["text"]},
                {"reverse", item["reverse"]},
                {"suppressed", true},
                {"reason", reason}};
  }
  return any;
}

// One group's dimensions with their items' distributions and favourability (items answered by
// fewer than k withheld). `provenance` attaches it to each dimension (the whole campaign; a
// breakdown's cells share the report's).
Result<json> GroupDimensions(const ins::Instrument& instrument, const ResponseLayout& layout,
                             const GroupStatistics& group, const ReportOptions& options,
                             bool provenance, std::vector<DimensionMean>* means,
                             const GroupRef& where = GroupRef{},
                             std::vector<bool>* all_items_shown = nullptr) {
  json dimensions = json::array();
  const std::vector<FigureRelease> none;
  const std::vector<FigureRelease>& planned =
      options.plan != nullptr ? options.plan->dimensions : none;
  if (all_items_shown != nullptr) all_items_shown->clear();
  for (size_t d = 0; d < layout.dimensions().size(); ++d) {
    Result<const ins::Dimension*> dimension = DimensionAt(instrument, layout, d);
    if (!dimension.ok()) return dimension.status();
    const std::vector<ItemHistogram> histograms = HistogramsOf(layout, group, d);
    Result<DimensionSummary> summary =
        SummariseDimension(instrument, **dimension, group.dimensions[d], histograms);
    if (!summary.ok()) return summary.status();
    std::string withheld;
    if (!FigureShown(options, planned, d, where, summary->n, "scored for", &withheld)) {
      dimensions.push_back({{"dimension", summary->dimension},
                            {"title", summary->title},
                            {"kind", std::string(ins::ToString(summary->kind))},
                            {"suppressed", true},
                            {"reason", withheld}});
      if (means != nullptr) means->push_back(DimensionMean{summary->dimension, std::nullopt});
      if (all_items_shown != nullptr) all_items_shown->push_back(false);
      continue;
    }
    if (means != nullptr) means->push_back(DimensionMean{summary->dimension, summary->mean});
    if (provenance) {
      summary->provenance = MakeProvenance(instrument, options.content_hash, group.dimensions[d],
                                           options.computed_at);
    }
    json entry = summary->ToJson();
    if (!provenance) entry.erase("provenance");
    const bool items_suppressed = SuppressItems(entry["items"], layout, d, options, where);
    if (all_items_shown != nullptr) all_items_shown->push_back(!items_suppressed);
    if (items_suppressed) {
      // Summed over the items, the "don't know" and answer counts minus the shown items' would
      // give the withheld item's.
      entry["dont_know"] = {{"suppressed", true},
                            {"reason", "an item of this dimension is withheld in this group"}};
    }
    if ((*dimension)->kind == ins::DimensionKind::kScale) {
      Result<ScaleFavourability> favourability =
          FavourabilityOfScale(instrument, **dimension, histograms);
      if (!favourability.ok()) return favourability.status();
      if (items_suppressed) {
        // The pooled shares minus the shown items' would give the withheld item's answers.
        entry["favourability"] = {
            {"suppressed", true},
            {"reason", "an item of this scale was answered by " + FewerThan(options.k)}};
      } else {
        json pooled = favourability->ToJson();
        for (const char* key : {"items", "provenance", "dimension", "title"}) pooled.erase(key);
        entry["favourability"] = std::move(pooled);
      }
      for (size_t i = 0; i < favourability->items.size() && i < entry["items"].size(); ++i) {
        json& item = entry["items"][i];
        if (item.contains("suppressed")) continue;
        item["favourability"] = favourability->items[i].counts.ToJson();
      }
    }
    dimensions.push_back(std::move(entry));
  }
  return dimensions;
}

std::string CategoryLabel(const ins::Instrument& instrument, const GroupingColumn& column,
                          size_t category, const ReportOptions& options) {
  const std::string& value = column.categories[category];
  if (auto it = options.category_labels.find(value); it != options.category_labels.end()) {
    return it->second;
  }
  if (const ins::Item* item = instrument.FindItem(column.item_id); item != nullptr) {
    if (const ins::ResponseScale* scale = instrument.FindScale(item->scale); scale != nullptr) {
      for (const ins::ScaleValue& option : scale->values) {
        const std::string code = scale->ordered() ? std::to_string(option.number) : option.code;
        if (code == value) return option.label;
      }
    }
  }
  return value;
}

bool MultiRater(ins::Grouping grouping) {
  return grouping == ins::Grouping::kRater || grouping == ins::Grouping::kSide;
}

Result<json> Breakdown(const ins::Instrument& instrument, const CampaignStatistics& statistics,
                       const ReportOptions& options, const BreakdownOptions& breakdown) {
  const ResponseLayout& layout = statistics.layout();
  if (breakdown.grouping >= layout.groupings().size()) {
    return Status::InvalidArgument("no grouping column " + std::to_string(breakdown.grouping));
  }
  const GroupingColumn& column = layout.groupings()[breakdown.grouping];
  const std::vector<GroupStatistics>& cells = statistics.cells(breakdown.grouping);
  std::vector<CellDecision> decisions = breakdown.decisions;
  if (decisions.empty() && options.plan != nullptr &&
      breakdown.grouping < options.plan->groups.size()) {
    decisions = options.plan->groups[breakdown.grouping];
  }
  if (decisions.empty()) {
    std::vector<BreakdownCell> counts;
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool not_stated = i + 1 == cells.size();
      counts.push_back(BreakdownCell{cells[i].respondents,
                                     not_stated ? CellKind::kNotStated : CellKind::kValue});
    }
    if (options.enforce_threshold) {
      decisions = SuppressBreakdown(counts, options.k).cells;
    } else {
      for (const BreakdownCell& cell : counts) {
        decisions.push_back(cell.n == 0 ? CellDecision::kNoData : CellDecision::kShown);
      }
    }
  }
  if (decisions.size() != cells.size()) {
    return Status::InvalidArgument("the breakdown decisions do not match the grouping's cells");
  }
  json cell_list = json::array();
  std::vector<GroupDimensionMoments> shown_moments;
  json agreement = json::array();
  for (size_t i = 0; i < cells.size(); ++i) {
    const bool not_stated = i + 1 == cells.size();
    json cell = {{"value", not_stated ? json(nullptr) : json(column.categories[i])},
                 {"label", not_stated ? std::string("Not stated")
                                      : CategoryLabel(instrument, column, i, options)},
                 {"shown", IsShown(decisions[i])},
                 {"decision", std::string(ToString(decisions[i]))}};
    if (!IsShown(decisions[i])) {
      cell_list.push_back(std::move(cell));
      continue;
    }
    const GroupRef where{false, breakdown.grouping, i};
    std::vector<bool> all_items_shown;
    Result<json> dimensions =
        GroupDimensions(instrument, layout, cells[i], options,
                        /*provenance=*/false, nullptr, where, &all_items_shown);
    if (!dimensions.ok()) return dimensions.status();
    cell["respondents"] = cells[i].respondents;
    GroupDimensionMoments moments{cell["label"].get<std::string>(), cells[i].dimensions};
    for (size_t d = 0; d < moments.dimensions.size(); ++d) {
      if ((*dimensions)[d].contains("suppressed")) moments.dimensions[d] = ScoreMoments{};
    }
    shown_moments.push_back(std::move(moments));
    if (MultiRater(column.grouping)) {
      json domains = json::array();
      for (size_t d = 0; d < layout.dimensions().size(); ++d) {
        // Agreement rests on every item's variance: only where each item is shown.
        if ((*dimensions)[d].contains("suppressed") || d >= all_items_shown.size() ||
            !all_items_shown[d]) {
          continue;
        }
        Result<const ins::Dimension*> dimension = DimensionAt(instrument, layout, d);
        if (!dimension.ok()) return dimension.status();
        if (layout.dimensions()[d].columns.size() < 2) continue;
        Result<DomainAgreement> within =
            WithinGroupAgreement(instrument, **dimension, HistogramsOf(layout, cells[i], d));
        if (!within.ok()) return within.status();
        domains.push_back(within->ToJson());
      }
      agreement.push_back({{"group", cell["label"]}, {"dimensions", std::move(domains)}});
    }
    cell["dimensions"] = std::move(*dimensions);
    cell_list.push_back(std::move(cell));
  }
  Result<std::vector<PerspectiveGap>> gaps =
      PerspectiveGaps(instrument, shown_moments, options.gap_threshold);
  if (!gaps.ok()) return gaps.status();
  json gap_list = json::array();
  for (const PerspectiveGap& gap : *gaps) gap_list.push_back(gap.ToJson());
  json result = {{"item", column.item_id},
                 {"grouping", std::string(ins::ToString(column.grouping))},
                 {"cells", std::move(cell_list)},
                 {"gaps", std::move(gap_list)}};
  if (MultiRater(column.grouping)) result["agreement"] = std::move(agreement);
  return result;
}

json Header(const ins::Instrument& instrument, const CampaignStatistics& statistics,
            const ReportOptions& options) {
  json header = {{"instrument", instrument.ref().ToString()},
                 {"instrument_title", instrument.title},
                 {"threshold", options.enforce_threshold ? json(options.k) : json(nullptr)},
                 {"respondents", statistics.respondents()}};
  if (!options.enforce_threshold) {
    header["note"] = "scored without a campaign: no anonymity threshold applied";
  }
  return header;
}

Status CheckPlan(const ReportOptions& options, const CampaignStatistics& statistics) {
  if (options.plan != nullptr && (!options.plan->Fits(statistics.layout()) ||
                                  options.plan->respondents != statistics.respondents())) {
    return Status::InvalidArgument("the disclosure plan was made for other statistics");
  }
  return Status::Ok();
}

json ReportProvenance(const ins::Instrument& instrument, const CampaignStatistics& statistics,
                      const ReportOptions& options) {
  return MakeProvenance(instrument, options.content_hash, statistics.respondents(), 0,
                        options.computed_at)
      .ToJson();
}

}  // namespace

Result<json> BuildScoreReport(const ins::Instrument& instrument,
                              const CampaignStatistics& statistics, const ReportOptions& options,
                              const std::optional<BreakdownOptions>& breakdown) {
  if (Status status = CheckPlan(options, statistics); !status.ok()) return status;
  json report = Header(instrument, statistics, options);
  if (Below(options, statistics.respondents())) {
    report["suppressed"] = true;
    report["reason"] = "results need at least " + std::to_string(options.k) + " respondents";
    return report;
  }
  std::vector<DimensionMean> means;
  Result<json> dimensions = GroupDimensions(instrument, statistics.layout(), statistics.overall(),
                                            options, /*provenance=*/true, &means);
  if (!dimensions.ok()) return dimensions.status();
  report["dimensions"] = std::move(*dimensions);
  Result<RecommendationList> recommendations = Recommend(instrument, means);
  if (!recommendations.ok()) return recommendations.status();
  report["recommendations"] = recommendations->ToJson();
  if (breakdown) {
    Result<json> cells = Breakdown(instrument, statistics, options, *breakdown);
    if (!cells.ok()) return cells.status();
    report["breakdown"] = std::move(*cells);
  }
  report["provenance"] = ReportProvenance(instrument, statistics, options);
  return report;
}

Result<json> BuildReliabilityReport(const ins::Instrument& instrument,
                                    const CampaignStatistics& statistics,
                                    const ReportOptions& options) {
  if (Status status = CheckPlan(options, statistics); !status.ok()) return status;
  json report = Header(instrument, statistics, options);
  if (Below(options, statistics.respondents())) {
    report["suppressed"] = true;
    report["reason"] = "results need at least " + std::to_string(options.k) + " respondents";
    return report;
  }
  const ResponseLayout& layout = statistics.layout();
  json scales = json::array();
  for (size_t d = 0; d < layout.dimensions().size(); ++d) {
    const DimensionColumns& columns = layout.dimensions()[d];
    Result<const ins::Dimension*> dimension = DimensionAt(instrument, layout, d);
    if (!dimension.ok()) return dimension.status();
    json entry = {{"dimension", columns.id}, {"title", (*dimension)->title}};
    if (columns.columns.size() < 2) {
      entry["note"] = "a single item: reliability does not apply";
      scales.push_back(std::move(entry));
      continue;
    }
    if (options.plan != nullptr) {
      bool withheld = false;
      for (size_t column : columns.columns) {
        withheld = withheld || column >= options.plan->items.size() ||
                   !options.plan->items[column].overall;
      }
      if (withheld) {
        // Alpha rests on every item's covariances, including one answered by too few.
        entry["note"] = "withheld: an item of this scale was answered by " + FewerThan(options.k);
        scales.push_back(std::move(entry));
        continue;
      }
    }
    std::vector<std::string> ids;
    for (size_t column : columns.columns) ids.push_back(layout.scored()[column].item_id);
    Result<ReliabilityResult> result = ComputeReliability(statistics.overall().reliability[d], ids);
    if (!result.ok()) return result.status();
    entry.update(ToJson(*result));
    for (json& item : entry["items"]) {
      if (Below(options, item.value("n", int64_t{0}))) {
        item = json{{"id", item["id"]},
                    {"suppressed", true},
                    {"reason", "answered by " + FewerThan(options.k)}};
      }
    }
    scales.push_back(std::move(entry));
  }
  report["scales"] = std::move(scales);
  report["provenance"] = ReportProvenance(instrument, statistics, options);
  return report;
}

Result<json> BuildWaveReport(const Wave& earlier, const Wave& later,
                             const ItemContinuity& continuity) {
  if (earlier.instrument == nullptr || later.instrument == nullptr ||
      earlier.statistics == nullptr || later.statistics == nullptr) {
    return Status::InvalidArgument("a wave has no instrument or statistics");
  }
  json report = {{"earlier", Header(*earlier.instrument, *earlier.statistics, earlier.options)},
                 {"later", Header(*later.instrument, *later.statistics, later.options)}};
  report["earlier"]["label"] = earlier.label;
  report["later"]["label"] = later.label;
  report["retired_items"] = continuity.retired;
  report["new_items"] = continuity.added;
  for (const auto& [wave, key] : {std::pair{&earlier, "earlier"}, std::pair{&later, "later"}}) {
    if (Below(wave->options, wave->statistics->respondents())) {
      report["suppressed"] = true;
      report["reason"] = std::string("the ") + key + " wave has " + FewerThan(wave->options.k);
      return report;
    }
  }
  const ResponseLayout& later_layout = later.statistics->layout();
  const ResponseLayout& earlier_layout = earlier.statistics->layout();
  json dimensions = json::array();
  for (size_t d = 0; d < later_layout.dimensions().size(); ++d) {
    const std::string& id = later_layout.dimensions()[d].id;
    json entry = {{"dimension", id}};
    const DimensionContinuity* link = continuity.Find(id);
    size_t e = 0;
    while (e < earlier_layout.dimensions().size() && earlier_layout.dimensions()[e].id != id) ++e;
    if (link == nullptr || !link->comparable || e == earlier_layout.dimensions().size()) {
      entry["comparable"] = false;
      entry["reason"] =
          link != nullptr && !link->reason.empty() ? link->reason : "not in the earlier version";
      dimensions.push_back(std::move(entry));
      continue;
    }
    const ScoreMoments& before = earlier.statistics->overall().dimensions[e];
    const ScoreMoments& after = later.statistics->overall().dimensions[d];
    entry["comparable"] = true;
    entry["unchanged"] = link->unchanged;
    entry["reworded_items"] = link->reworded;
    entry["rescored_items"] = link->rescored;
    entry["added_items"] = link->added;
    entry["removed_items"] = link->removed;
    if (Below(earlier.options, before.n) || Below(later.options, after.n)) {
      entry["suppressed"] = true;
      entry["reason"] = "a wave scored this for " + FewerThan(later.options.k);
      dimensions.push_back(std::move(entry));
      continue;
    }
    Result<WaveComparison> comparison = CompareWaves(id, later.instrument->scoring, before, after);
    if (!comparison.ok()) return comparison.status();
    comparison->earlier_provenance = MakeProvenance(
        *earlier.instrument, earlier.options.content_hash, before, earlier.options.computed_at);
    comparison->later_provenance = MakeProvenance(*later.instrument, later.options.content_hash,
                                                  after, later.options.computed_at);
    entry.update(comparison->ToJson());
    dimensions.push_back(std::move(entry));
  }
  report["dimensions"] = std::move(dimensions);
  return report;
}

}  // namespace tessera::scoring
