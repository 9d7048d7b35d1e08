#include "engine/export/response_columns.h"

#include <map>

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;

// The merged cell of one encoded grouping cell: 1 + category when shown, else 0 ("withheld").
uint8_t MergedCell(const GroupingColumnExport& column, uint8_t cell) {
  if (cell >= 1 && cell <= column.shown.size() && column.shown[cell - 1u]) return cell;
  return 0;
}

bool CrossClassificationSafe(const std::map<std::vector<uint8_t>, int64_t>& combinations,
                             const std::vector<const GroupingColumnExport*>& columns, int64_t k) {
  std::map<std::vector<uint8_t>, int64_t> counts;
  std::vector<uint8_t> key(columns.size());
  for (const auto& [cells, n] : combinations) {
    for (size_t i = 0; i < columns.size(); ++i) {
      const size_t g = columns[i]->column;
      key[i] = MergedCell(*columns[i], g < cells.size() ? cells[g] : uint8_t{0});
    }
    counts[key] += n;
  }
  for (const auto& [cells, n] : counts) {
    if (n > 0 && n < k) return false;
  }
  return true;
}

}  // namespace

const GroupingColumnExport* ResponseColumns::FindGrouping(const std::string& item_id) const {
  for (const auto& column : groupings) {
    if (column.item_id == item_id) return &column;
  }
  return nullptr;
}

const TextColumnExport* ResponseColumns::FindText(const std::string& item_id) const {
  for (const auto& column : texts) {
    if (column.item_id == item_id) return &column;
  }
  return nullptr;
}

ResponseColumns PlanResponseColumns(const DisclosedCampaign& disclosed) {
  const CampaignSnapshot& snapshot = disclosed.snapshot;
  const int64_t k = snapshot.campaign.anonymity_threshold;
  const std::string fewer = "fewer than " + std::to_string(k) + " responses";
  ResponseColumns columns;
  std::vector<const GroupingColumnExport*> kept;
  const auto& groupings = snapshot.layout->groupings();
  columns.groupings.reserve(groupings.size());
  for (size_t g = 0; g < groupings.size(); ++g) {
    GroupingColumnExport column;
    column.column = g;
    column.item_id = groupings[g].item_id;
    const std::vector<scoring::CellDecision> none;
    const auto& decisions = g < disclosed.plan.size() ? disclosed.plan[g] : none;
    std::string merged;
    bool any_shown = false;
    for (size_t c = 0; c < groupings[g].categories.size(); ++c) {
      const bool shown = c < decisions.size() && scoring::IsShown(decisions[c]);
      column.shown.push_back(shown);
      any_shown = any_shown || shown;
      if (!shown && (c >= decisions.size() || decisions[c] != scoring::CellDecision::kNoData)) {
        merged += (merged.empty() ? "" : ", ") + groupings[g].categories[c] + " (" +
                  std::string(scoring::ToString(
                      c < decisions.size() ? decisions[c] : scoring::CellDecision::kWithheld)) +
                  ")";
      }
    }
    if (!any_shown) {
      column.note = "left out: the disclosure plan shows none of its values";
      columns.groupings.push_back(std::move(column));
      continue;
    }
    columns.groupings.push_back(std::move(column));
    GroupingColumnExport& added = columns.groupings.back();
    std::vector<const GroupingColumnExport*> trial = kept;
    trial.push_back(&added);
    if (!CrossClassificationSafe(snapshot.group_combinations, trial, k)) {
      added.note =
          "left out: crossed with the grouping columns kept before it, some combination has " +
          fewer;
      continue;
    }
    added.included = true;
    added.note = "merged into \"" + std::string(kWithheldValue) +
                 "\": " + (merged.empty() ? std::string() : merged + ", ") +
                 "no answer and prefer not to say (not stated)";
    kept.push_back(&added);
  }
  // kept holds pointers into columns.groupings: it was reserved, so they stay valid.
  std::map<std::string, int64_t> answered;
  for (const Comment& comment : snapshot.comments) ++answered[comment.item_id];
  for (const ins::Item* item : snapshot.instrument->Items()) {
    if (item->type != ins::ItemType::kText) continue;
    TextColumnExport text;
    text.item_id = item->id;
    text.included = answered[item->id] >= k;
    text.note = text.included ? "answered by at least " + std::to_string(k) + " respondents"
                              : "left out: answered by " + fewer;
    columns.texts.push_back(std::move(text));
  }
  return columns;
}

}  // namespace tessera::engine
