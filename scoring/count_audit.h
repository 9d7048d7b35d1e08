// The count audit: published answer counts of linked tables, checked together the way
// statistical offices audit them (tau-ARGUS, sdcTable). One variable at a time — an item's
// answers (each scale value, each code, unanswered) or a dimension's "has a score" — with its
// counts published for several cells: the whole campaign and cells of grouping questions
// ("team = youth"). A reader is assumed to know how many respondents fall in every crossing of
// the groupings (every combination of some grouping answers, "not stated" included).
//
// For every crossing X of 1 to k - 1 respondents and every category v, the smallest count of v
// in X that is consistent with everything published (each published count, every count
// non-negative, every respondent answering once) must not exceed the smallest count of v in X
// consistent with one published cell containing X alone (the Frechet bound
// max(0, count_C(v) - (n_C - n_X)), the best over such cells). Combining tables may then never
// sharpen what is known about a small group: that team A holds two 5s while role "frontline"
// holds none tells that A's two members outside frontline both answered 5, which neither table
// says alone. Unanimity inside one published cell of k or more is outside this rule.
//
// The bound over everything is a linear program over the classes of respondents that every
// published cell treats alike; GLPK solves it (and, when its optimum is fractional and decides
// the verdict, the integer program over whole respondents). The integer program runs under a
// node limit: a verdict it cannot reach within the limit counts as a violation, so an undecided
// figure is withheld, never shown (CombinedLowerBound, for tests, has no limit). Cheaper arguments
// settle most cases first: a crossing passes at once when the actual answers themselves, or one
// of the consistent tables found earlier (kept as witnesses), spread the count thin enough.
#ifndef TESSERA_SCORING_COUNT_AUDIT_H_
#define TESSERA_SCORING_COUNT_AUDIT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "instruments/status.h"

namespace tessera::scoring {

// Respondents with identical grouping answers, and how they answered the audited variable.
struct CountAtom {
  std::vector<uint8_t> groups;  // per grouping: 1 + category, or 0 for not stated
  std::vector<int64_t> counts;  // per category of the variable; they sum to the atom's size
};

// A cell whose counts are published: the respondents whose grouping answers lie, for every
// grouping, in the allowed set. The whole campaign allows everything; a breakdown cell one
// category of one grouping; a cell of the responses export one value per exported column (a
// shown category, or the merged "withheld" set).
struct CountCell {
  // Per grouping: allowed[g][cell] for cell = kAtomNotStated (0) or 1 + category; an empty
  // vector allows any answer (and so does an empty `allowed`: the whole campaign).
  std::vector<std::vector<bool>> allowed;

  static CountCell Whole() { return CountCell{}; }
  // Grouping g's category `cell` (1 + category) of `categories`, out of `groupings`.
  static CountCell Category(size_t groupings, size_t g, uint8_t cell, size_t categories);
};

// A crossing: per grouping, the required cell (1 + category, or 0 for not stated) or nullopt.
using Crossing = std::vector<std::optional<uint8_t>>;

struct CountViolation {
  Crossing crossing;
  int64_t respondents = 0;        // in the crossing
  size_t category = 0;            // of the variable
  int64_t combined_bound = 0;     // smallest count consistent with everything published
  int64_t single_cell_bound = 0;  // the best single published cell's bound
  // Published cells (indices into the audited list) the combined bound rests on, from the
  // linear program's duals; the caller withholds one of them.
  std::vector<size_t> involved;
};

struct CountAuditResult {
  std::vector<CountViolation> violations;  // empty: the published counts pass
  bool exhausted = false;       // the work budget ran out: treat as failed (withhold something)
  int64_t linear_programs = 0;  // solved, for tests and logs
};

struct CountAuditOptions {
  int64_t k = 5;
  // At most this many linear programs per audit before it gives up (exhausted = true).
  int64_t max_linear_programs = 200'000;
  // Stop at the first violation (what a release decision needs) instead of listing all.
  bool first_only = true;
};

// The audit as a process: the violations one at a time, with cells withheld in between, so that
// what has passed is not checked again (withholding a cell only takes constraints away, so a
// smallest count can only fall; a crossing is looked at again only if its single-cell bound came
// from the withheld cell).
class CountAuditor {
 public:
  // As AuditCounts. kInvalidArgument for inconsistent input.
  static Result<std::unique_ptr<CountAuditor>> Create(std::vector<CountAtom> atoms,
                                                      size_t groupings, size_t categories,
                                                      std::vector<CountCell> cells,
                                                      const CountAuditOptions& options);
  ~CountAuditor();
  CountAuditor(const CountAuditor&) = delete;
  CountAuditor& operator=(const CountAuditor&) = delete;

  // The next violation among the cells still published, or nullopt when they pass. When the
  // work budget runs out, exhausted() turns true and a violation with no `involved` cells and a
  // combined_bound of -1 is returned: the caller withholds something and goes on.
  std::optional<CountViolation> Next();
  // Stops publishing cell `cell` (an index into the cells given to Create); the next Next()
  // looks at the same crossing again.
  void Withhold(size_t cell);
  // Goes on past the violation Next() returned (to list every violation).
  void Skip();

  bool exhausted() const;
  int64_t linear_programs() const;
  bool published(size_t cell) const;

 private:
  struct State;
  explicit CountAuditor(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Audits the counts of one variable with `categories` categories published for `cells` (the
// whole campaign should be among them). `atoms` holds every non-empty atom. kInvalidArgument
// for inconsistent input (an atom's counts of the wrong size or negative, a cell naming no
// grouping).
Result<CountAuditResult> AuditCounts(const std::vector<CountAtom>& atoms, size_t groupings,
                                     size_t categories, const std::vector<CountCell>& cells,
                                     const CountAuditOptions& options);

// The smallest count of `category` in `crossing` consistent with the counts published for
// `cells`, over whole respondents (integer program). For tests and explanations.
Result<int64_t> CombinedLowerBound(const std::vector<CountAtom>& atoms, size_t groupings,
                                   size_t categories, const std::vector<CountCell>& cells,
                                   const Crossing& crossing, size_t category);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_COUNT_AUDIT_H_
