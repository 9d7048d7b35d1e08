#include "scoring/agreement.h"

#include <cmath>
#include <set>
#include <utility>

#include "scoring/dimension_summary.h"
#include "scoring/respondent_scores.h"

namespace tessera::scoring {

namespace ins = tessera::instruments;

namespace {

constexpr double kRangeTolerance = 1e-9;

nlohmann::json DifferenceJson(const GroupDifference& difference) {
  return {{"first", difference.first},
          {"second", difference.second},
          {"raw", JsonNumber(difference.raw)},
          {"index", JsonNumber(difference.index)}};
}

GroupDifference Difference(const GroupMean& first, const GroupMean& second) {
  return {first.group, second.group, first.mean - second.mean, first.index - second.index};
}

}  // namespace

nlohmann::json DomainAgreement::ToJson() const {
  nlohmann::json item_list = nlohmann::json::array();
  for (const auto& entry : item_agreement) {
    item_list.push_back({{"item", entry.item},
                         {"n", entry.n},
                         {"variance", JsonNumber(entry.variance)},
                         {"rwg", JsonNumber(entry.rwg)}});
  }
  return {{"dimension", dimension},
          {"options", options},
          {"null_variance", JsonNumber(null_variance)},
          {"items", items},
          {"mean_item_variance", JsonNumber(mean_item_variance)},
          {"rwg_j", JsonNumber(rwg_j)},
          {"truncated", truncated},
          {"item_agreement", std::move(item_list)},
          {"provenance", JsonProvenance(provenance)}};
}

Result<DomainAgreement> WithinGroupAgreement(const ins::Instrument& instrument,
                                             const ins::Dimension& dimension,
                                             std::span<const ItemHistogram> histograms) {
  Result<std::vector<ItemInput>> inputs = PairItems(instrument, dimension, histograms);
  if (!inputs.ok()) return inputs.status();
  DomainAgreement result;
  result.dimension = dimension.id;
  if (inputs->empty()) return result;

  result.options = static_cast<int>(inputs->front().scale->values.size());
  const double a = result.options;
  result.null_variance = (a * a - 1.0) / 12.0;
  double variance_sum = 0;
  for (const ItemInput& input : *inputs) {
    if (static_cast<int>(input.scale->values.size()) != result.options) {
      return Status::InvalidArgument("the items of \"" + dimension.id +
                                     "\" use scales with different numbers of values");
    }
    ItemAgreement item;
    item.item = input.item->id;
    item.n = input.histogram->n();
    item.variance = input.histogram->Variance();
    if (item.n >= 2) {
      item.rwg =
          item.variance > result.null_variance ? 0.0 : 1.0 - item.variance / result.null_variance;
      variance_sum += item.variance;
      ++result.items;
    }
    result.item_agreement.push_back(std::move(item));
  }
  if (result.items == 0 || !(result.null_variance > 0)) return result;

  const double j = result.items;
  result.mean_item_variance = variance_sum / j;
  const double ratio = result.mean_item_variance / result.null_variance;
  if (ratio > 1.0) {
    result.rwg_j = 0.0;
    result.truncated = true;
  } else {
    result.rwg_j = j * (1.0 - ratio) / (j * (1.0 - ratio) + ratio);
  }
  return result;
}

nlohmann::json PerspectiveGap::ToJson() const {
  nlohmann::json group_list = nlohmann::json::array();
  for (const auto& group : groups) {
    group_list.push_back({{"group", group.group},
                          {"n", group.n},
                          {"mean", JsonNumber(group.mean)},
                          {"index", JsonNumber(group.index)}});
  }
  nlohmann::json difference_list = nlohmann::json::array();
  for (const auto& difference : differences) difference_list.push_back(DifferenceJson(difference));
  return {{"dimension", dimension},
          {"groups", std::move(group_list)},
          {"without_score", without_score},
          {"differences", std::move(difference_list)},
          {"largest", largest ? DifferenceJson(*largest) : nlohmann::json(nullptr)},
          {"threshold", threshold},
          {"flagged", flagged},
          {"provenance", JsonProvenance(provenance)}};
}

Result<PerspectiveGap> PerspectiveGapOf(const ins::ScoringModel& scoring,
                                        const std::string& dimension,
                                        std::span<const GroupMoments> groups, double threshold) {
  if (!std::isfinite(threshold) || threshold < 0) {
    return Status::InvalidArgument("the gap threshold must be a number of index points >= 0");
  }
  PerspectiveGap gap;
  gap.dimension = dimension;
  gap.threshold = threshold;
  std::set<std::string> seen;
  for (const GroupMoments& group : groups) {
    if (!seen.insert(group.group).second) {
      return Status::InvalidArgument("group \"" + group.group + "\" is given twice");
    }
    if (group.moments.n < 0 || group.moments.excluded < 0) {
      return Status::InvalidArgument("group \"" + group.group + "\" has a negative count");
    }
    if (group.moments.n == 0) {
      gap.without_score.push_back(group.group);
      continue;
    }
    const double mean = group.moments.Mean();
    if (!(mean >= scoring.range_min - kRangeTolerance &&
          mean <= scoring.range_max + kRangeTolerance)) {
      return Status::InvalidArgument("the mean of group \"" + group.group + "\" on \"" + dimension +
                                     "\" lies outside the instrument's range");
    }
    gap.groups.push_back({group.group, group.moments.n, mean, ToIndex(scoring, mean)});
  }
  if (gap.groups.size() < 2) return gap;

  size_t high = 0;
  for (size_t i = 0; i < gap.groups.size(); ++i) {
    for (size_t j = i + 1; j < gap.groups.size(); ++j) {
      gap.differences.push_back(Difference(gap.groups[i], gap.groups[j]));
    }
    if (gap.groups[i].mean > gap.groups[high].mean) high = i;
  }
  // The lowest among the other groups: when every mean is equal, still two different groups.
  size_t low = high == 0 ? 1 : 0;
  for (size_t i = 0; i < gap.groups.size(); ++i) {
    if (i != high && gap.groups[i].mean < gap.groups[low].mean) low = i;
  }
  gap.largest = Difference(gap.groups[high], gap.groups[low]);
  gap.flagged = gap.largest->index > threshold;
  return gap;
}

Result<std::vector<PerspectiveGap>> PerspectiveGaps(const ins::Instrument& instrument,
                                                    std::span<const GroupDimensionMoments> groups,
                                                    double threshold) {
  for (const GroupDimensionMoments& group : groups) {
    if (group.dimensions.size() != instrument.dimensions.size()) {
      return Status::InvalidArgument("group \"" + group.group + "\" has " +
                                     std::to_string(group.dimensions.size()) +
                                     " dimension moments; the instrument has " +
                                     std::to_string(instrument.dimensions.size()) + " dimensions");
    }
  }
  std::vector<PerspectiveGap> gaps;
  for (size_t d = 0; d < instrument.dimensions.size(); ++d) {
    std::vector<GroupMoments> per_group;
    for (const GroupDimensionMoments& group : groups) {
      per_group.push_back({group.group, group.dimensions[d]});
    }
    Result<PerspectiveGap> gap =
        PerspectiveGapOf(instrument.scoring, instrument.dimensions[d].id, per_group, threshold);
    if (!gap.ok()) return gap.status();
    gaps.push_back(std::move(*gap));
  }
  return gaps;
}

}  // namespace tessera::scoring
