#include "scoring/dimension_summary.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "scoring/respondent_scores.h"

namespace tessera::scoring {

namespace ins = tessera::instruments;

namespace {

constexpr double kRangeTolerance = 1e-9;

bool Offers(const ins::Item& item, const std::string& code) {
  if (!item.codes) return true;
  return std::find(item.codes->begin(), item.codes->end(), code) != item.codes->end();
}

const std::string* LabelOf(const ins::ResponseScale& scale, int value) {
  for (const auto& option : scale.values) {
    if (option.number == value) return &option.label;
  }
  return nullptr;
}

Interval Clip(Interval interval, const ins::ScoringModel& scoring) {
  interval.lower = std::clamp(interval.lower, scoring.range_min, scoring.range_max);
  interval.upper = std::clamp(interval.upper, scoring.range_min, scoring.range_max);
  return interval;
}

ItemSummary SummariseItem(const ItemInput& input) {
  const ins::Item& item = *input.item;
  const ins::ResponseScale& scale = *input.scale;
  const ItemHistogram& histogram = *input.histogram;
  ItemSummary summary;
  summary.item = item.id;
  summary.text = item.text;
  summary.reverse = item.reverse;
  for (size_t i = 0; i < histogram.value_counts.size(); ++i) {
    const int value = histogram.min_value + static_cast<int>(i);
    const std::string* label = LabelOf(scale, value);
    const int64_t count = histogram.value_counts[i];
    // Gaps in a non-contiguous scale are never answered; list them only if counted anyway.
    if (label == nullptr && count == 0) continue;
    summary.values.push_back({value, label == nullptr ? std::string() : *label, count});
  }
  for (size_t i = 0; i < scale.codes.size(); ++i) {
    const ins::ScaleCode& code = scale.codes[i];
    const int64_t count = histogram.code_counts[i];
    if (!Offers(item, code.code) && count == 0) continue;
    summary.codes.push_back({code.code, code.label, code.meaning, count});
  }
  summary.n = histogram.n();
  summary.coded = histogram.coded();
  summary.missing = histogram.missing;
  summary.mean = histogram.Mean(item.reverse);
  summary.sd = std::sqrt(histogram.Variance());
  return summary;
}

}  // namespace

std::optional<BandRef> BandRef::For(const ins::ScoringModel& scoring, double score) {
  if (std::isnan(score) || score < scoring.range_min - kRangeTolerance ||
      score > scoring.range_max + kRangeTolerance) {
    return std::nullopt;
  }
  const double snapped =
      std::clamp(std::round(score * 1e9) / 1e9, scoring.range_min, scoring.range_max);
  const ins::Band* band = scoring.BandFor(snapped);
  if (band == nullptr) return std::nullopt;
  return BandRef{band->id, band->name, band->description};
}

nlohmann::json BandRef::ToJson() const {
  return {{"id", id}, {"name", name}, {"description", description}};
}

nlohmann::json ItemSummary::ToJson() const {
  nlohmann::json value_list = nlohmann::json::array();
  for (const auto& v : values) {
    value_list.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
  }
  nlohmann::json code_list = nlohmann::json::array();
  for (const auto& c : codes) {
    code_list.push_back({{"code", c.code},
                         {"label", c.label},
                         {"meaning", std::string(ins::ToString(c.meaning))},
                         {"count", c.count}});
  }
  return {{"item", item},
          {"text", text},
          {"reverse", reverse},
          {"n", n},
          {"coded", coded},
          {"missing", missing},
          {"mean", JsonNumber(mean)},
          {"sd", JsonNumber(sd)},
          {"values", std::move(value_list)},
          {"codes", std::move(code_list)}};
}

nlohmann::json DimensionSummary::ToJson() const {
  nlohmann::json item_list = nlohmann::json::array();
  for (const auto& item : items) item_list.push_back(item.ToJson());
  return {{"dimension", dimension},
          {"title", title},
          {"kind", std::string(ins::ToString(kind))},
          {"n", n},
          {"excluded", excluded},
          {"mean", JsonNumber(mean)},
          {"sd", JsonNumber(sd)},
          {"standard_error", JsonNumber(standard_error)},
          {"ci", JsonInterval(ci)},
          {"index", JsonNumber(index)},
          {"index_ci", JsonInterval(index_ci)},
          {"band", band ? band->ToJson() : nlohmann::json(nullptr)},
          {"dont_know",
           {{"count", dont_know}, {"answers", answers}, {"share", JsonNumber(dont_know_share)}}},
          {"items", std::move(item_list)},
          {"provenance", JsonProvenance(provenance)}};
}

Status CheckHistogram(const ins::Item& item, const ins::ResponseScale& scale,
                      const ItemHistogram& histogram) {
  if (!scale.ordered() || scale.values.empty()) {
    return Status::InvalidArgument("item \"" + item.id + "\" has no ordinal scale");
  }
  const size_t width = static_cast<size_t>(scale.max() - scale.min() + 1);
  if (histogram.min_value != scale.min() || histogram.value_counts.size() != width ||
      histogram.code_counts.size() != scale.codes.size()) {
    return Status::InvalidArgument("the histogram of item \"" + item.id +
                                   "\" does not match its scale \"" + scale.id + "\"");
  }
  const auto negative = [](int64_t count) { return count < 0; };
  if (std::any_of(histogram.value_counts.begin(), histogram.value_counts.end(), negative) ||
      std::any_of(histogram.code_counts.begin(), histogram.code_counts.end(), negative) ||
      histogram.missing < 0) {
    return Status::InvalidArgument("the histogram of item \"" + item.id +
                                   "\" has a negative count");
  }
  return Status::Ok();
}

Result<std::vector<ItemInput>> PairItems(const ins::Instrument& instrument,
                                         const ins::Dimension& dimension,
                                         std::span<const ItemHistogram> histograms) {
  const std::vector<const ins::Item*> items = instrument.ItemsOf(dimension.id);
  if (items.size() != histograms.size()) {
    return Status::InvalidArgument("dimension \"" + dimension.id + "\" has " +
                                   std::to_string(items.size()) + " items but " +
                                   std::to_string(histograms.size()) + " histograms were given");
  }
  std::vector<ItemInput> inputs;
  for (size_t i = 0; i < items.size(); ++i) {
    const ins::Item& item = *items[i];
    const ItemHistogram& histogram = histograms[i];
    const ins::ResponseScale* scale = instrument.FindScale(item.scale);
    if (scale == nullptr) {
      return Status::InvalidArgument("item \"" + item.id + "\" has no scale");
    }
    if (Status status = CheckHistogram(item, *scale, histogram); !status.ok()) return status;
    inputs.push_back({&item, scale, &histogram});
  }
  return inputs;
}

Result<DimensionSummary> SummariseDimension(const ins::Instrument& instrument,
                                            const ins::Dimension& dimension,
                                            const ScoreMoments& moments,
                                            std::span<const ItemHistogram> histograms) {
  Result<std::vector<ItemInput>> inputs = PairItems(instrument, dimension, histograms);
  if (!inputs.ok()) return inputs.status();
  if (moments.n < 0 || moments.excluded < 0) {
    return Status::InvalidArgument("the moments of dimension \"" + dimension.id +
                                   "\" have a negative count");
  }
  const ins::ScoringModel& scoring = instrument.scoring;

  DimensionSummary summary;
  summary.dimension = dimension.id;
  summary.title = dimension.title;
  summary.kind = dimension.kind;
  summary.n = moments.n;
  summary.excluded = moments.excluded;
  summary.mean = moments.Mean();
  if (moments.n > 0 && !(summary.mean >= scoring.range_min - kRangeTolerance &&
                         summary.mean <= scoring.range_max + kRangeTolerance)) {
    return Status::InvalidArgument("the mean of dimension \"" + dimension.id +
                                   "\" lies outside the instrument's range");
  }
  summary.sd = moments.Sd();
  if (moments.n >= 2) {
    summary.standard_error = summary.sd / std::sqrt(static_cast<double>(moments.n));
    summary.ci =
        Clip(TInterval(summary.mean, summary.standard_error, static_cast<double>(moments.n - 1)),
             scoring);
    summary.index_ci =
        Interval{ToIndex(scoring, summary.ci->lower), ToIndex(scoring, summary.ci->upper)};
  }
  summary.index = moments.n > 0 ? ToIndex(scoring, summary.mean) : summary.mean;
  summary.band = BandRef::For(scoring, summary.mean);

  for (const ItemInput& input : *inputs) {
    summary.answers += input.histogram->n() + input.histogram->coded();
    for (size_t i = 0; i < input.scale->codes.size(); ++i) {
      if (input.scale->codes[i].meaning == ins::CodeMeaning::kDontKnow) {
        summary.dont_know += input.histogram->code_counts[i];
      }
    }
    summary.items.push_back(SummariseItem(input));
  }
  if (summary.answers > 0) {
    summary.dont_know_share =
        static_cast<double>(summary.dont_know) / static_cast<double>(summary.answers);
  }
  return summary;
}

}  // namespace tessera::scoring
