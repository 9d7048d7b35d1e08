// The summary of one dimension (domain or scale) in one group of respondents: how many have a
// score, mean, SD, standard error, 95% confidence interval, 0-100 index, band, the share of
// "don't know" answers, and each item's answer distribution and mean. Built from the group's
// ScoreMoments of the dimension and the ItemHistograms of its items, never from raw responses.
#ifndef TESSERA_SCORING_DIMENSION_SUMMARY_H_
#define TESSERA_SCORING_DIMENSION_SUMMARY_H_

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/distributions.h"
#include "scoring/item_histogram.h"
#include "scoring/provenance.h"
#include "scoring/score_moments.h"

namespace tessera::scoring {

// The band a score falls in, copied from the instrument's scoring model.
struct BandRef {
  std::string id;
  std::string name;
  std::string description;

  // ScoringModel::BandFor on the score rounded to 9 decimals (so that floating-point noise in a
  // mean cannot move a score lying exactly on a boundary) and kept within the range; nullopt for
  // NaN or more than 1e-9 outside the range.
  static std::optional<BandRef> For(const instruments::ScoringModel& scoring, double score);
  nlohmann::json ToJson() const;
  bool operator==(const BandRef&) const = default;
};

// How many respondents gave one scale value, labelled as they saw it.
struct ValueCount {
  int value = 0;
  std::string label;
  int64_t count = 0;
};

// How many respondents gave one code ("don't know", "not applicable").
struct CodeCount {
  std::string code;
  std::string label;
  instruments::CodeMeaning meaning = instruments::CodeMeaning::kDontKnow;
  int64_t count = 0;
};

struct ItemSummary {
  std::string item;  // id
  std::string text;
  bool reverse = false;
  // As answered, NOT recoded: one entry per scale value, lowest first.
  std::vector<ValueCount> values;
  // The codes the item offers (and any other code that was nevertheless counted).
  std::vector<CodeCount> codes;
  int64_t n = 0;        // answered with a scale value
  int64_t coded = 0;    // answered with a code
  int64_t missing = 0;  // left unanswered
  // Of the scored (recoded) values: min + max - x for a reverse-keyed item. NaN when n < 1
  // (SD: n < 2).
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();

  nlohmann::json ToJson() const;
};

struct DimensionSummary {
  std::string dimension;  // id
  std::string title;
  instruments::DimensionKind kind = instruments::DimensionKind::kScale;
  int64_t n = 0;         // respondents with a score
  int64_t excluded = 0;  // respondents without one (too few items answered)
  // Of the respondents' dimension scores, on the instrument's range. NaN when n is 0
  // (sd and standard_error: n < 2).
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();
  double standard_error = std::numeric_limits<double>::quiet_NaN();
  // 95% Student t interval of the mean (n - 1 df), ends cut to the instrument's range;
  // nullopt when n < 2.
  std::optional<Interval> ci;
  double index = std::numeric_limits<double>::quiet_NaN();  // the mean on 0-100
  std::optional<Interval> index_ci;                         // the interval on 0-100
  std::optional<BandRef> band;                              // nullopt when n is 0
  // "Don't know" answers among all answers given to the dimension's items: answers are scale
  // values plus codes, summed over the items; unanswered items are not answers.
  int64_t answers = 0;
  int64_t dont_know = 0;
  double dont_know_share = std::numeric_limits<double>::quiet_NaN();  // NaN when no answers
  std::vector<ItemSummary> items;        // in Instrument::ItemsOf order
  std::optional<Provenance> provenance;  // attached by the caller

  nlohmann::json ToJson() const;
};

// One scored item of a dimension with its scale and its group's histogram.
struct ItemInput {
  const instruments::Item* item = nullptr;
  const instruments::ResponseScale* scale = nullptr;
  const ItemHistogram* histogram = nullptr;
};

// Checks that `histogram` has the shape of the item's ordinal scale (lowest value, number of
// values and of codes) and no negative count. InvalidArgument otherwise.
Status CheckHistogram(const instruments::Item& item, const instruments::ResponseScale& scale,
                      const ItemHistogram& histogram);

// Pairs Instrument::ItemsOf(dimension) with `histograms` (same order and count) and checks each
// pair with CheckHistogram. InvalidArgument when the counts differ or a check fails.
Result<std::vector<ItemInput>> PairItems(const instruments::Instrument& instrument,
                                         const instruments::Dimension& dimension,
                                         std::span<const ItemHistogram> histograms);

// Summarises `dimension` for one group. `moments` are the group's recoded dimension scores;
// `histograms` the raw answer counts of the dimension's items in Instrument::ItemsOf order.
// InvalidArgument when the histograms do not match the items, counts are negative, or the mean
// lies outside the instrument's range.
Result<DimensionSummary> SummariseDimension(const instruments::Instrument& instrument,
                                            const instruments::Dimension& dimension,
                                            const ScoreMoments& moments,
                                            std::span<const ItemHistogram> histograms);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_DIMENSION_SUMMARY_H_
