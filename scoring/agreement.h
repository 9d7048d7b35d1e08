// Agreement within and between groups of raters: r_wg(j), the within-group agreement of one
// group on a multi-item domain against a uniform null (James, Demaree & Wolf 1984), and the
// perspective gap, the difference between groups' mean scores of a domain, which is reported
// as a result in its own right rather than averaged away.
#ifndef TESSERA_SCORING_AGREEMENT_H_
#define TESSERA_SCORING_AGREEMENT_H_

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/item_histogram.h"
#include "scoring/provenance.h"
#include "scoring/score_moments.h"

namespace tessera::scoring {

// Agreement on one item: r_wg = 1 - s^2 / sigma_EU^2, 0 when s^2 exceeds sigma_EU^2.
struct ItemAgreement {
  std::string item;  // id
  int64_t n = 0;     // raters who answered with a scale value
  double variance = std::numeric_limits<double>::quiet_NaN();  // s^2 (n - 1); NaN when n < 2
  double rwg = std::numeric_limits<double>::quiet_NaN();       // NaN when n < 2
};

struct DomainAgreement {
  std::string dimension;  // id
  int options = 0;        // A: the number of values of the response scale (codes excluded)
  double null_variance = std::numeric_limits<double>::quiet_NaN();  // sigma_EU^2 = (A^2 - 1)/12
  int items = 0;  // J: the items with an observed variance (at least two raters answered)
  double mean_item_variance = std::numeric_limits<double>::quiet_NaN();  // mean s^2 over J
  // J (1 - s/σ) / (J (1 - s/σ) + s/σ) with s/σ = mean_item_variance / null_variance; 0 when
  // the observed variance exceeds the null (truncated). NaN when J is 0.
  double rwg_j = std::numeric_limits<double>::quiet_NaN();
  bool truncated = false;
  std::vector<ItemAgreement> item_agreement;  // every item, in Instrument::ItemsOf order
  std::optional<Provenance> provenance;       // attached by the caller

  nlohmann::json ToJson() const;
};

// r_wg(j) of `dimension` in one rater group; `histograms` are the group's raw answer counts of
// the dimension's items in Instrument::ItemsOf order (reverse keying does not change a
// variance). InvalidArgument when the histograms do not match the items or the items use scales
// with different numbers of values.
Result<DomainAgreement> WithinGroupAgreement(const instruments::Instrument& instrument,
                                             const instruments::Dimension& dimension,
                                             std::span<const ItemHistogram> histograms);

// A perspective gap is flagged when the largest difference between groups' means exceeds this
// many index points (0-100).
inline constexpr double kDefaultGapThreshold = 15.0;

// One group's scores of one dimension, e.g. the board's or the partners'.
struct GroupMoments {
  std::string group;
  ScoreMoments moments;
};

struct GroupMean {
  std::string group;
  int64_t n = 0;
  double mean = std::numeric_limits<double>::quiet_NaN();   // on the instrument's range
  double index = std::numeric_limits<double>::quiet_NaN();  // on 0-100
};

// first minus second.
struct GroupDifference {
  std::string first;
  std::string second;
  double raw = std::numeric_limits<double>::quiet_NaN();    // on the instrument's range
  double index = std::numeric_limits<double>::quiet_NaN();  // in index points
};

struct PerspectiveGap {
  std::string dimension;                   // id
  std::vector<GroupMean> groups;           // groups with a score (n >= 1), in the order given
  std::vector<std::string> without_score;  // groups given with n = 0
  // Every pair of groups with a score, in the order given: groups[i] - groups[j] for i < j.
  std::vector<GroupDifference> differences;
  // The highest-scoring group minus the lowest, two different groups (the first listed wins a
  // tie); nullopt with fewer than two groups with a score.
  std::optional<GroupDifference> largest;
  double threshold = kDefaultGapThreshold;  // index points
  bool flagged = false;                     // largest->index > threshold
  std::optional<Provenance> provenance;     // attached by the caller

  nlohmann::json ToJson() const;
};

// The gap between groups on one dimension. Groups the caller has suppressed should be left out
// or given with n = 0. InvalidArgument when the threshold is negative or not finite, a count is
// negative, a group name repeats, or a mean lies outside the instrument's range.
Result<PerspectiveGap> PerspectiveGapOf(const instruments::ScoringModel& scoring,
                                        const std::string& dimension,
                                        std::span<const GroupMoments> groups,
                                        double threshold = kDefaultGapThreshold);

// Every group's moments of every dimension of the instrument, in the instrument's order.
struct GroupDimensionMoments {
  std::string group;
  std::vector<ScoreMoments> dimensions;
};

// PerspectiveGapOf for each dimension of the instrument, in the instrument's order.
Result<std::vector<PerspectiveGap>> PerspectiveGaps(const instruments::Instrument& instrument,
                                                    std::span<const GroupDimensionMoments> groups,
                                                    double threshold = kDefaultGapThreshold);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_AGREEMENT_H_
