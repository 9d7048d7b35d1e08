// Favourability of staff attitudes: the share of favourable, neutral and unfavourable answers to
// an item or a whole scale by the "top-two box" rule on the recoded value, with the mean, SD and
// distribution of the answers. Built from ItemHistograms of raw answers.
#ifndef TESSERA_SCORING_FAVOURABILITY_H_
#define TESSERA_SCORING_FAVOURABILITY_H_

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/item_histogram.h"
#include "scoring/provenance.h"

namespace tessera::scoring {

enum class Favourability { kUnfavourable, kNeutral, kFavourable };
std::string_view ToString(Favourability favourability);

// How the values of an ordinal scale split, applied to the RECODED value (min + max - x for a
// reverse-keyed item). With A values: A >= 4: the top two favourable, the bottom two
// unfavourable, the rest neutral (5 points: 4-5 / 3 / 1-2; 4 points: 3-4 / none / 1-2);
// A = 2 or 3: the top one favourable, the bottom one unfavourable, any middle neutral;
// A = 1: neutral.
struct FavourabilityCut {
  int favourable_from = 0;  // recoded values >= this are favourable
  int unfavourable_to = 0;  // recoded values <= this are unfavourable

  // InvalidArgument when the scale is not ordinal or has no values.
  static Result<FavourabilityCut> For(const instruments::ResponseScale& scale);
  Favourability Classify(int recoded_value) const;
};

// Favourable, neutral and unfavourable answers out of the answers with a scale value (codes such
// as "don't know" and unanswered items are not counted).
struct FavourabilityCounts {
  int64_t favourable = 0;
  int64_t neutral = 0;
  int64_t unfavourable = 0;

  int64_t n() const { return favourable + neutral + unfavourable; }
  // NaN when n() is 0.
  double FavourableShare() const;
  double NeutralShare() const;
  double UnfavourableShare() const;
  nlohmann::json ToJson() const;  // counts and shares
};

// One value of the distribution with the class its answers count in.
struct FavourabilityValue {
  int value = 0;
  std::string label;
  int64_t count = 0;
  Favourability counts_as = Favourability::kNeutral;
};

struct ItemFavourability {
  std::string item;  // id
  std::string text;
  bool reverse = false;
  FavourabilityCounts counts;
  int64_t coded = 0;    // answered with a code, e.g. "don't know"
  int64_t missing = 0;  // unanswered
  // Of the recoded values; NaN when n < 1 (SD: n < 2).
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();
  // As answered (NOT recoded), lowest value first, each marked with the class it counts in
  // after recoding: on a reverse-keyed item "Strongly disagree" counts as favourable.
  std::vector<FavourabilityValue> distribution;

  nlohmann::json ToJson() const;
};

struct ScaleFavourability {
  std::string dimension;  // id
  std::string title;
  // Pooled over every recoded answer to the scale's items: one respondent answering four items
  // contributes four answers. counts.n() is the number of answers, not of respondents.
  FavourabilityCounts counts;
  int64_t coded = 0;
  int64_t missing = 0;
  double mean = std::numeric_limits<double>::quiet_NaN();  // of the pooled recoded answers
  double sd = std::numeric_limits<double>::quiet_NaN();
  // Of the pooled RECODED answers, labelled with the scale's labels (of the first item's scale):
  // "Strongly agree" here counts agreement with positive items and disagreement with
  // reverse-keyed ones.
  std::vector<FavourabilityValue> distribution;
  std::vector<ItemFavourability> items;  // in Instrument::ItemsOf order
  std::optional<Provenance> provenance;  // attached by the caller

  nlohmann::json ToJson() const;
};

// One item. InvalidArgument when the scale is not ordinal or the histogram does not match it.
Result<ItemFavourability> FavourabilityOfItem(const instruments::Item& item,
                                              const instruments::ResponseScale& scale,
                                              const ItemHistogram& histogram);

// A scale (or domain) and each of its items; `histograms` in Instrument::ItemsOf order.
Result<ScaleFavourability> FavourabilityOfScale(const instruments::Instrument& instrument,
                                                const instruments::Dimension& dimension,
                                                std::span<const ItemHistogram> histograms);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_FAVOURABILITY_H_
