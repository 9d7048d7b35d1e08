// Internal consistency of one scale, as R's psych::alpha reports it with its defaults
// (use = "pairwise", check.keys = FALSE, the items already recoded for reverse keying):
// Cronbach's alpha raw and standardised, Guttman's lambda 6, the average inter-item
// correlation, alpha if each item is dropped, item-total correlations, item means and SDs and
// Feldt's confidence interval, plus warnings a reader should see. Computed from the items'
// pairwise moments alone (sufficient statistics; the rows are never needed again).
#ifndef TESSERA_SCORING_RELIABILITY_H_
#define TESSERA_SCORING_RELIABILITY_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/status.h"
#include "scoring/pairwise_moments.h"

namespace tessera::scoring {

// psych's alpha.1 for one set of items: the figures of the total scale, or of the scale with
// one item dropped. NaN when undefined (JSON null).
struct AlphaFigures {
  double raw_alpha = 0;     // raw_alpha: from the covariance matrix
  double std_alpha = 0;     // std.alpha: from the correlation matrix
  double g6 = 0;            // G6(smc): Guttman's lambda 6 from squared multiple correlations
  double average_r = 0;     // average_r: mean inter-item correlation
  double signal_noise = 0;  // S/N: k * average_r / (1 - average_r)
  double alpha_se = 0;      // ase / alpha se: psych's standard error of raw alpha
  double var_r = 0;         // var.r: variance of the inter-item correlations
  double median_r = 0;      // med.r: median inter-item correlation
};

struct ConfidenceInterval {
  double lower = 0;
  double upper = 0;
};

enum class ReliabilityWarningCode {
  kLowAlpha,           // raw alpha below the threshold (0.6 by default)
  kNegativeItemTotal,  // an item's r.drop is negative: a likely reverse-keying mistake
  kZeroVariance,       // an item with no variance, left out as psych does
  kAlphaUndefined,     // alpha cannot be computed (NaN)
};

// "low_alpha", "negative_item_total", "zero_variance", "alpha_undefined".
std::string_view ReliabilityWarningCodeName(ReliabilityWarningCode code);

struct ReliabilityWarning {
  ReliabilityWarningCode code = ReliabilityWarningCode::kLowAlpha;
  std::string item;  // the item concerned; empty when the warning is about the whole scale
  std::string message;
};

struct ItemReliability {
  std::string id;
  int64_t n = 0;             // respondents who answered the item
  double mean = 0;           // over those respondents (psych's item.stats mean)
  double sd = 0;             // sample SD over those respondents
  double raw_r = 0;          // item with the total, from the covariance matrix (see docs; equals
                             // psych's raw.r when every respondent answered every item)
  double std_r = 0;          // std.r: item with the total of standardised items
  double r_cor = 0;          // r.cor: std.r corrected for overlap with the item's own SMC
  double r_drop = 0;         // r.drop: item with the total of the other items
  bool no_variance = false;  // left out of every scale figure (psych deletes such items)
  AlphaFigures if_dropped;   // the scale's figures without this item (alpha.drop)
};

struct ReliabilityResult {
  size_t items_used = 0;     // items with variance: psych's nvar, used for the Feldt interval
  int64_t n_rows = 0;        // respondents, whatever they answered: psych's n.obs for Feldt and ase
  int64_t n_complete = 0;    // respondents who answered every item of the scale
  AlphaFigures alpha;        // the whole scale
  ConfidenceInterval feldt;  // Feldt's interval for raw alpha
  std::vector<ItemReliability> items;  // in the order given
  std::vector<ReliabilityWarning> warnings;
};

struct ReliabilityOptions {
  double low_alpha = 0.6;    // raw alpha below this gives a kLowAlpha warning
  double confidence = 0.95;  // of the Feldt interval
};

// The reliability of the scale whose recoded items `moments` holds, one id per variable.
// Fewer than two items, or ids that do not match the variables, are InvalidArgument. Data that
// make a figure undefined (no variance, no overlap) give NaN and a warning, never an error.
Result<ReliabilityResult> ComputeReliability(const PairwiseMoments& moments,
                                             const std::vector<std::string>& item_ids,
                                             const ReliabilityOptions& options = {});

// Feldt's interval for `alpha` as psych::alpha.ci computes it: 1 - (1 - alpha) * qf(p, n - 1,
// (n - 1) * (items - 1)). NaN bounds when alpha is NaN, n < 2 or items < 2.
ConfidenceInterval FeldtInterval(double alpha, int64_t n, size_t items, double confidence = 0.95);

// Every figure above; NaN as null.
nlohmann::json ToJson(const AlphaFigures& figures);
nlohmann::json ToJson(const ReliabilityWarning& warning);
nlohmann::json ToJson(const ItemReliability& item);
nlohmann::json ToJson(const ReliabilityResult& result);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_RELIABILITY_H_
