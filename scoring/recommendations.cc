#include "scoring/recommendations.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "scoring/respondent_scores.h"

namespace tessera::scoring {

namespace ins = tessera::instruments;

namespace {

constexpr double kRangeTolerance = 1e-9;

}  // namespace

std::string_view ToString(StepsSource source) {
  switch (source) {
    case StepsSource::kDimension:
      return "dimension";
    case StepsSource::kBand:
      return "band";
    case StepsSource::kNone:
      return "none";
  }
  return "";
}

nlohmann::json RecommendationList::ToJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const Recommendation& entry : dimensions) {
    list.push_back({{"dimension", entry.dimension},
                    {"title", entry.title},
                    {"status", entry.scored() ? "scored" : "not enough responses"},
                    {"mean", JsonNumber(entry.mean)},
                    {"index", JsonNumber(entry.index)},
                    {"band", entry.band ? entry.band->ToJson() : nlohmann::json(nullptr)},
                    {"next_steps", entry.next_steps},
                    {"steps_from", std::string(ToString(entry.steps_from))}});
  }
  return {{"dimensions", std::move(list)}, {"provenance", JsonProvenance(provenance)}};
}

std::vector<DimensionMean> MeansOf(std::span<const DimensionSummary> summaries) {
  std::vector<DimensionMean> means;
  for (const DimensionSummary& summary : summaries) {
    means.push_back(
        {summary.dimension, summary.n > 0 ? std::optional<double>(summary.mean) : std::nullopt});
  }
  return means;
}

Result<RecommendationList> Recommend(const ins::Instrument& instrument,
                                     std::span<const DimensionMean> means) {
  const ins::ScoringModel& scoring = instrument.scoring;
  std::map<std::string, double> mean_of;
  std::set<std::string> seen;
  for (const DimensionMean& entry : means) {
    if (instrument.FindDimension(entry.dimension) == nullptr) {
      return Status::InvalidArgument("the instrument has no dimension \"" + entry.dimension + "\"");
    }
    if (!seen.insert(entry.dimension).second) {
      return Status::InvalidArgument("dimension \"" + entry.dimension + "\" is given twice");
    }
    if (!entry.mean || std::isnan(*entry.mean)) continue;
    if (!(*entry.mean >= scoring.range_min - kRangeTolerance &&
          *entry.mean <= scoring.range_max + kRangeTolerance)) {
      return Status::InvalidArgument("the mean of dimension \"" + entry.dimension +
                                     "\" lies outside the instrument's range");
    }
    mean_of[entry.dimension] = *entry.mean;
  }

  std::vector<Recommendation> scored;
  std::vector<Recommendation> unscored;
  for (const ins::Dimension& dimension : instrument.dimensions) {
    Recommendation entry;
    entry.dimension = dimension.id;
    entry.title = dimension.title;
    auto it = mean_of.find(dimension.id);
    if (it == mean_of.end()) {
      unscored.push_back(std::move(entry));
      continue;
    }
    entry.mean = it->second;
    entry.index = ToIndex(scoring, it->second);
    entry.band = BandRef::For(scoring, it->second);
    if (entry.band) {
      auto own = dimension.next_steps.find(entry.band->id);
      if (own != dimension.next_steps.end() && !own->second.empty()) {
        entry.next_steps = own->second;
        entry.steps_from = StepsSource::kDimension;
      } else {
        for (const ins::Band& band : scoring.bands) {
          if (band.id == entry.band->id) entry.next_steps = band.next_steps;
        }
        entry.steps_from = StepsSource::kBand;
      }
    }
    scored.push_back(std::move(entry));
  }
  // Stable: equal means keep the instrument's order.
  std::stable_sort(
      scored.begin(), scored.end(),
      [](const Recommendation& a, const Recommendation& b) { return *a.mean < *b.mean; });
  RecommendationList list;
  list.dimensions = std::move(scored);
  for (Recommendation& entry : unscored) list.dimensions.push_back(std::move(entry));
  return list;
}

}  // namespace tessera::scoring
