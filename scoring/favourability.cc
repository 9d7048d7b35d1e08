#include "scoring/favourability.h"

#include <cmath>
#include <limits>
#include <utility>

#include "scoring/dimension_summary.h"

namespace tessera::scoring {

namespace ins = tessera::instruments;

namespace {

double Share(int64_t count, int64_t total) {
  return total == 0 ? std::numeric_limits<double>::quiet_NaN()
                    : static_cast<double>(count) / static_cast<double>(total);
}

void Count(Favourability favourability, int64_t count, FavourabilityCounts* counts) {
  switch (favourability) {
    case Favourability::kFavourable:
      counts->favourable += count;
      break;
    case Favourability::kNeutral:
      counts->neutral += count;
      break;
    case Favourability::kUnfavourable:
      counts->unfavourable += count;
      break;
  }
}

std::string LabelOf(const ins::ResponseScale& scale, int value) {
  for (const auto& option : scale.values) {
    if (option.number == value) return option.label;
  }
  return {};
}

bool OnScale(const ins::ResponseScale& scale, int value) {
  for (const auto& option : scale.values) {
    if (option.number == value) return true;
  }
  return false;
}

nlohmann::json DistributionJson(const std::vector<FavourabilityValue>& distribution) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : distribution) {
    list.push_back({{"value", entry.value},
                    {"label", entry.label},
                    {"count", entry.count},
                    {"counts_as", std::string(ToString(entry.counts_as))}});
  }
  return list;
}

// The item's summary; the histogram has already been checked against the scale.
ItemFavourability Summarise(const ins::Item& item, const ins::ResponseScale& scale,
                            const FavourabilityCut& cut, const ItemHistogram& histogram) {
  ItemFavourability result;
  result.item = item.id;
  result.text = item.text;
  result.reverse = item.reverse;
  const int low = histogram.min_value;
  const int high = histogram.max_value();
  for (size_t i = 0; i < histogram.value_counts.size(); ++i) {
    const int value = low + static_cast<int>(i);
    const int64_t count = histogram.value_counts[i];
    const int recoded = item.reverse ? low + high - value : value;
    const Favourability favourability = cut.Classify(recoded);
    Count(favourability, count, &result.counts);
    if (!OnScale(scale, value) && count == 0) continue;
    result.distribution.push_back({value, LabelOf(scale, value), count, favourability});
  }
  result.coded = histogram.coded();
  result.missing = histogram.missing;
  result.mean = histogram.Mean(item.reverse);
  result.sd = std::sqrt(histogram.Variance());
  return result;
}

}  // namespace

std::string_view ToString(Favourability favourability) {
  switch (favourability) {
    case Favourability::kUnfavourable:
      return "unfavourable";
    case Favourability::kNeutral:
      return "neutral";
    case Favourability::kFavourable:
      return "favourable";
  }
  return "";
}

Result<FavourabilityCut> FavourabilityCut::For(const ins::ResponseScale& scale) {
  if (!scale.ordered() || scale.values.empty()) {
    return Status::InvalidArgument("scale \"" + scale.id +
                                   "\" is not an ordinal scale with values");
  }
  const size_t count = scale.values.size();
  if (count == 1) return FavourabilityCut{scale.max() + 1, scale.min() - 1};  // all neutral
  const size_t box = count >= 4 ? 2 : 1;
  return FavourabilityCut{scale.values[count - box].number, scale.values[box - 1].number};
}

Favourability FavourabilityCut::Classify(int recoded_value) const {
  if (recoded_value >= favourable_from) return Favourability::kFavourable;
  if (recoded_value <= unfavourable_to) return Favourability::kUnfavourable;
  return Favourability::kNeutral;
}

double FavourabilityCounts::FavourableShare() const { return Share(favourable, n()); }
double FavourabilityCounts::NeutralShare() const { return Share(neutral, n()); }
double FavourabilityCounts::UnfavourableShare() const { return Share(unfavourable, n()); }

nlohmann::json FavourabilityCounts::ToJson() const {
  return {{"n", n()},
          {"favourable", favourable},
          {"neutral", neutral},
          {"unfavourable", unfavourable},
          {"favourable_share", JsonNumber(FavourableShare())},
          {"neutral_share", JsonNumber(NeutralShare())},
          {"unfavourable_share", JsonNumber(UnfavourableShare())}};
}

nlohmann::json ItemFavourability::ToJson() const {
  return {{"item", item},
          {"text", text},
          {"reverse", reverse},
          {"counts", counts.ToJson()},
          {"coded", coded},
          {"missing", missing},
          {"mean", JsonNumber(mean)},
          {"sd", JsonNumber(sd)},
          {"distribution", DistributionJson(distribution)}};
}

nlohmann::json ScaleFavourability::ToJson() const {
  nlohmann::json item_list = nlohmann::json::array();
  for (const auto& entry : items) item_list.push_back(entry.ToJson());
  return {{"dimension", dimension},
          {"title", title},
          {"counts", counts.ToJson()},
          {"coded", coded},
          {"missing", missing},
          {"mean", JsonNumber(mean)},
          {"sd", JsonNumber(sd)},
          {"distribution", DistributionJson(distribution)},
          {"items", std::move(item_list)},
          {"provenance", JsonProvenance(provenance)}};
}

Result<ItemFavourability> FavourabilityOfItem(const ins::Item& item,
                                              const ins::ResponseScale& scale,
                                              const ItemHistogram& histogram) {
  if (Status status = CheckHistogram(item, scale, histogram); !status.ok()) return status;
  Result<FavourabilityCut> cut = FavourabilityCut::For(scale);
  if (!cut.ok()) return cut.status();
  return Summarise(item, scale, *cut, histogram);
}

Result<ScaleFavourability> FavourabilityOfScale(const ins::Instrument& instrument,
                                                const ins::Dimension& dimension,
                                                std::span<const ItemHistogram> histograms) {
  Result<std::vector<ItemInput>> inputs = PairItems(instrument, dimension, histograms);
  if (!inputs.ok()) return inputs.status();
  ScaleFavourability result;
  result.dimension = dimension.id;
  result.title = dimension.title;
  if (inputs->empty()) return result;

  const ins::ResponseScale& first_scale = *inputs->front().scale;
  ItemHistogram pooled(first_scale.min(), first_scale.max(), 0);
  for (const ItemInput& input : *inputs) {
    if (input.scale->min() != first_scale.min() || input.scale->max() != first_scale.max()) {
      return Status::InvalidArgument("the items of \"" + dimension.id +
                                     "\" do not share one range, so they cannot be pooled");
    }
    Result<FavourabilityCut> cut = FavourabilityCut::For(*input.scale);
    if (!cut.ok()) return cut.status();
    ItemFavourability item = Summarise(*input.item, *input.scale, *cut, *input.histogram);
    result.counts.favourable += item.counts.favourable;
    result.counts.neutral += item.counts.neutral;
    result.counts.unfavourable += item.counts.unfavourable;
    result.coded += item.coded;
    result.missing += item.missing;
    const ItemHistogram recoded =
        input.item->reverse ? input.histogram->Reversed() : *input.histogram;
    for (size_t i = 0; i < recoded.value_counts.size(); ++i) {
      pooled.value_counts[i] += recoded.value_counts[i];
    }
    result.items.push_back(std::move(item));
  }
  result.mean = pooled.Mean();
  result.sd = std::sqrt(pooled.Variance());
  const FavourabilityCut first_cut = *FavourabilityCut::For(first_scale);
  for (size_t i = 0; i < pooled.value_counts.size(); ++i) {
    const int value = pooled.min_value + static_cast<int>(i);
    if (!OnScale(first_scale, value) && pooled.value_counts[i] == 0) continue;
    result.distribution.push_back(
        {value, LabelOf(first_scale, value), pooled.value_counts[i], first_cut.Classify(value)});
  }
  return result;
}

}  // namespace tessera::scoring
