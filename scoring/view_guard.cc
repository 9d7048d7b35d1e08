#include "scoring/view_guard.h"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "scoring/anonymity.h"

namespace tessera::scoring {
namespace {

// ---------------------------------------------------------------------------------------------
// The audit in linear-algebra terms. Respondents with the same answers to the grouping questions
// the views use are indistinguishable to every view: call each such class an atom. A view's
// figures are sums over its atoms, so row v of the incidence matrix M (views x atoms) says which
// atoms view v adds up. Whatever anyone can compute from the figures is a linear combination
// y = c^T M of the rows; it involves the atoms where y is nonzero. The family is safe when every
// nonzero y involves 0 or at least k respondents.
//
// A set S of atoms is "singled out" when some nonzero y in the row space is zero outside S,
// which is the case exactly when deleting S's columns lowers the rank of M. Atoms holding k or
// more respondents can never be part of a small S, so only the small atoms (n < k) need looking
// at, and only sets of them holding at most k - 1 respondents (at most k - 1 atoms).
//
// With the large atoms as M's first columns, the rows of M's reduced row echelon form whose
// pivot is a small atom (call them B_1..B_d) span exactly the combinations that involve small
// atoms only: they are zero left of their pivot, so on every large atom, and any combination
// that is zero on the large atoms has no part of the other rows. Each B_i is 1 at its pivot,
// 0 at the other pivots, and has some entries at small atoms that are no pivot ("free" atoms).
// For y = sum of c_i B_i, the atoms y involves are the pivots of the rows with c_i != 0 (call
// that set of rows P) and the free atoms where the combination does not cancel. A free atom
// where exactly one row of P is nonzero (P's "private" atoms) can never cancel. So the search
// runs over the sets P of pivots holding at most k - 1 respondents; for each, the private atoms
// must fit in what is left, and then over the sets X of P's shared atoms that fit too: y exists
// when the rows of P restricted to the shared atoms outside X are linearly dependent.
//
// The search runs modulo a large prime (fast, exact integers). Over any field the steps above
// hold; to transfer the answer to the rationals: (1) the rank of M modulo p is checked to equal
// its exact rank, so every set singled out over the rationals is singled out modulo p too (the
// rank of M without S modulo p can only be lower than over the rationals); (2) every set found
// modulo p is confirmed over the rationals before it counts. A prime for which either check
// fails is replaced by the next one.
// ---------------------------------------------------------------------------------------------

using BigInt = boost::multiprecision::cpp_int;
using Incidence = std::vector<std::vector<uint8_t>>;  // rows x columns, 0 or 1

constexpr int64_t kPrimes[] = {2147483647, 2147483629, 2147483587};
// Work (matrix entries visited) before the audit gives up and refuses: a fraction of a second
// in a debug build.
constexpr int64_t kSearchBudget = 10'000'000;

int64_t PowMod(int64_t base, int64_t exponent, int64_t p) {
  int64_t result = 1;
  base %= p;
  while (exponent > 0) {
    if (exponent & 1) result = result * base % p;
    base = base * base % p;
    exponent >>= 1;
  }
  return result;
}

int64_t InverseMod(int64_t a, int64_t p) { return PowMod(a, p - 2, p); }

struct ModEchelon {
  std::vector<std::vector<int64_t>> rows;  // reduced row echelon form, nonzero rows only
  std::vector<size_t> pivots;              // the pivot column of each row
};

ModEchelon ReduceModP(const Incidence& m, size_t columns, int64_t p) {
  ModEchelon e;
  std::vector<std::vector<int64_t>> a(m.size(), std::vector<int64_t>(columns, 0));
  for (size_t i = 0; i < m.size(); ++i) {
    for (size_t j = 0; j < columns; ++j) a[i][j] = m[i][j];
  }
  size_t r = 0;
  for (size_t c = 0; c < columns && r < a.size(); ++c) {
    size_t found = r;
    while (found < a.size() && a[found][c] == 0) ++found;
    if (found == a.size()) continue;
    std::swap(a[found], a[r]);
    const int64_t inverse = InverseMod(a[r][c], p);
    for (size_t j = c; j < columns; ++j) a[r][j] = a[r][j] * inverse % p;
    for (size_t i = 0; i < a.size(); ++i) {
      if (i == r || a[i][c] == 0) continue;
      const int64_t factor = a[i][c];
      for (size_t j = c; j < columns; ++j) {
        a[i][j] = ((a[i][j] - factor * a[r][j]) % p + p) % p;
      }
    }
    e.pivots.push_back(c);
    ++r;
  }
  a.resize(r);
  e.rows = std::move(a);
  return e;
}

// a * b - c * d, false on overflow.
bool MulSub(int64_t a, int64_t b, int64_t c, int64_t d, int64_t* out) {
  int64_t ab = 0;
  int64_t cd = 0;
  return !__builtin_mul_overflow(a, b, &ab) && !__builtin_mul_overflow(c, d, &cd) &&
         !__builtin_sub_overflow(ab, cd, out);
}
bool MulSub(const BigInt& a, const BigInt& b, const BigInt& c, const BigInt& d, BigInt* out) {
  *out = a * b - c * d;
  return true;
}

// a / b for b != 0, false on overflow (the lowest int64 divided by -1).
bool Divide(int64_t a, int64_t b, int64_t* out) {
  if (b == -1 && a == std::numeric_limits<int64_t>::min()) return false;
  *out = a / b;
  return true;
}
bool Divide(const BigInt& a, const BigInt& b, BigInt* out) {
  *out = a / b;
  return true;
}

// The rank over the rationals of M restricted to the kept columns, by fraction-free (Bareiss)
// elimination: each intermediate entry is a minor of M, so every division is exact. nullopt when
// Int overflows.
template <typename Int>
std::optional<size_t> BareissRank(const Incidence& m, const std::vector<bool>& keep) {
  std::vector<size_t> columns;
  for (size_t j = 0; j < keep.size(); ++j) {
    if (keep[j]) columns.push_back(j);
  }
  std::vector<std::vector<Int>> a(m.size(), std::vector<Int>(columns.size()));
  for (size_t i = 0; i < m.size(); ++i) {
    for (size_t j = 0; j < columns.size(); ++j) a[i][j] = Int(m[i][columns[j]]);
  }
  Int previous = 1;
  size_t r = 0;
  for (size_t c = 0; c < columns.size() && r < a.size(); ++c) {
    size_t found = r;
    while (found < a.size() && a[found][c] == 0) ++found;
    if (found == a.size()) continue;
    std::swap(a[found], a[r]);
    for (size_t i = r + 1; i < a.size(); ++i) {
      for (size_t j = c + 1; j < columns.size(); ++j) {
        Int value;
        if (!MulSub(a[r][c], a[i][j], a[i][c], a[r][j], &value) ||
            !Divide(value, previous, &a[i][j])) {
          return std::nullopt;
        }
      }
      a[i][c] = 0;
    }
    previous = a[r][c];
    ++r;
  }
  return r;
}

size_t ExactRank(const Incidence& m, const std::vector<bool>& keep) {
  if (std::optional<size_t> rank = BareissRank<int64_t>(m, keep)) return *rank;
  return *BareissRank<BigInt>(m, keep);
}

enum class Outcome { kSafe, kSingledOut, kTooLarge, kUnluckyPrime };

class SmallSetSearch {
 public:
  SmallSetSearch(const Incidence& m, const std::vector<int64_t>& atom_n, size_t first_small,
                 int64_t k, size_t exact_rank)
      : m_(m), atom_n_(atom_n), first_small_(first_small), k_(k), exact_rank_(exact_rank) {}

  Outcome Run(int64_t p) {
    p_ = p;
    const ModEchelon e = ReduceModP(m_, atom_n_.size(), p);
    if (e.rows.size() != exact_rank_) return Outcome::kUnluckyPrime;
    std::vector<bool> is_pivot(atom_n_.size(), false);
    for (size_t column : e.pivots) is_pivot[column] = true;
    rows_.clear();
    for (size_t i = 0; i < e.rows.size(); ++i) {
      if (e.pivots[i] < first_small_) continue;
      Row row{e.pivots[i], atom_n_[e.pivots[i]], {}};
      for (size_t j = first_small_; j < atom_n_.size(); ++j) {
        if (!is_pivot[j] && e.rows[i][j] != 0) row.free.emplace_back(j, e.rows[i][j]);
      }
      rows_.push_back(std::move(row));
    }
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const Row& a, const Row& b) { return a.n < b.n; });
    work_ = 0;
    chosen_.clear();
    rows_at_.assign(atom_n_.size(), 0);
    return SearchPivots(0, 0);
  }

 private:
  struct Row {
    size_t pivot;                                  // the pivot's atom (column)
    int64_t n;                                     // respondents in it
    std::vector<std::pair<size_t, int64_t>> free;  // nonzero entries at free atoms
  };

  // Every set of rows (by pivot) holding at most k - 1 respondents, rows in increasing n.
  Outcome SearchPivots(size_t start, int64_t weight) {
    for (size_t i = start; i < rows_.size(); ++i) {
      if (weight + rows_[i].n > k_ - 1) break;
      work_ += 1 + static_cast<int64_t>(chosen_.size() * rows_[i].free.size());
      if (work_ > kSearchBudget) return Outcome::kTooLarge;
      chosen_.push_back(i);
      Outcome outcome = SearchFree(weight + rows_[i].n);
      if (outcome == Outcome::kSafe) outcome = SearchPivots(i + 1, weight + rows_[i].n);
      chosen_.pop_back();
      if (outcome != Outcome::kSafe) return outcome;
    }
    return Outcome::kSafe;
  }

  // For the chosen rows, whose pivots hold `weight` respondents: is there a combination with
  // every chosen row's coefficient nonzero (smaller sets are searched on their own) that
  // cancels on all but at most k - 1 - weight respondents' worth of free atoms?
  Outcome SearchFree(int64_t weight) {
    // How many chosen rows are nonzero at each free atom (rows_at_ is all zero between calls).
    touched_.clear();
    for (size_t i : chosen_) {
      for (const auto& entry : rows_[i].free) {
        if (rows_at_[entry.first]++ == 0) touched_.push_back(entry.first);
      }
    }
    int64_t left = k_ - 1 - weight;
    shared_.clear();
    private_.clear();
    for (size_t column : touched_) {
      if (rows_at_[column] == 1) {
        left -= atom_n_[column];
        private_.push_back(column);
      } else {
        shared_.push_back(column);
      }
      rows_at_[column] = 0;
    }
    if (left < 0) return Outcome::kSafe;
    std::stable_sort(shared_.begin(), shared_.end(),
                     [this](size_t a, size_t b) { return atom_n_[a] < atom_n_[b]; });
    dropped_.assign(shared_.size(), false);
    return SearchShared(0, left);
  }

  // Drops shared atoms (they may stay nonzero) while they fit in `left`, testing at each step
  // whether the chosen rows are dependent on the shared atoms not dropped.
  Outcome SearchShared(size_t start, int64_t left) {
    work_ += 1 + static_cast<int64_t>(chosen_.size() * chosen_.size() * shared_.size());
    if (work_ > kSearchBudget) return Outcome::kTooLarge;
    if (RowsDependentOnKeptAtoms()) {
      return ConfirmedOverRationals() ? Outcome::kSingledOut : Outcome::kUnluckyPrime;
    }
    for (size_t s = start; s < shared_.size(); ++s) {
      if (atom_n_[shared_[s]] > left) break;
      dropped_[s] = true;
      const Outcome outcome = SearchShared(s + 1, left - atom_n_[shared_[s]]);
      dropped_[s] = false;
      if (outcome != Outcome::kSafe) return outcome;
    }
    return Outcome::kSafe;
  }

  bool RowsDependentOnKeptAtoms() const {
    std::vector<size_t> kept;
    for (size_t s = 0; s < shared_.size(); ++s) {
      if (!dropped_[s]) kept.push_back(shared_[s]);
    }
    if (kept.size() < chosen_.size()) return true;  // more rows than columns
    std::sort(kept.begin(), kept.end());
    std::vector<std::vector<int64_t>> a;
    for (size_t i : chosen_) {
      std::vector<int64_t> row(kept.size(), 0);
      for (const auto& [column, value] : rows_[i].free) {
        const auto it = std::lower_bound(kept.begin(), kept.end(), column);
        if (it != kept.end() && *it == column) row[static_cast<size_t>(it - kept.begin())] = value;
      }
      a.push_back(std::move(row));
    }
    size_t rank = 0;
    for (size_t c = 0; c < kept.size() && rank < a.size(); ++c) {
      size_t found = rank;
      while (found < a.size() && a[found][c] == 0) ++found;
      if (found == a.size()) continue;
      std::swap(a[found], a[rank]);
      const int64_t inverse = InverseMod(a[rank][c], p_);
      for (size_t i = rank + 1; i < a.size(); ++i) {
        const int64_t factor = a[i][c] * inverse % p_;
        if (factor == 0) continue;
        for (size_t j = c; j < kept.size(); ++j) {
          a[i][j] = ((a[i][j] - factor * a[rank][j]) % p_ + p_) % p_;
        }
      }
      ++rank;
    }
    return rank < a.size();
  }

  bool ConfirmedOverRationals() const {
    std::vector<bool> keep(atom_n_.size(), true);
    for (size_t i : chosen_) keep[rows_[i].pivot] = false;
    for (size_t column : private_) keep[column] = false;
    for (size_t s = 0; s < shared_.size(); ++s) {
      if (dropped_[s]) keep[shared_[s]] = false;
    }
    return ExactRank(m_, keep) < exact_rank_;
  }

  const Incidence& m_;
  const std::vector<int64_t>& atom_n_;
  const size_t first_small_;
  const int64_t k_;
  const size_t exact_rank_;
  int64_t p_ = kPrimes[0];
  std::vector<Row> rows_;
  std::vector<size_t> chosen_;   // indices into rows_
  std::vector<size_t> private_;  // free atoms where exactly one chosen row is nonzero
  std::vector<size_t> shared_;   // free atoms where several are, in increasing n
  std::vector<bool> dropped_;    // per shared atom: allowed to stay nonzero
  std::vector<int> rows_at_;     // scratch for SearchFree, one per atom
  std::vector<size_t> touched_;  // scratch for SearchFree
  int64_t work_ = 0;             // counted against kSearchBudget
};

bool Matches(const GroupValues& groups, const GroupValues& filter) {
  for (const auto& [grouping, value] : filter) {
    const auto it = groups.find(grouping);
    if (it == groups.end() || it->second != value) return false;
  }
  return true;
}

Status ValidateFilter(const GroupValues& filter) {
  for (const auto& [grouping, value] : filter) {
    if (grouping.empty() || value.empty()) {
      return Status::InvalidArgument("a view's filter has an empty grouping or value");
    }
  }
  return Status::Ok();
}

// Also bounds every sum of counts the guard forms (atoms, views), so none can overflow.
Status ValidateCrosstab(std::span<const GroupsCount> crosstab) {
  int64_t total = 0;
  for (const GroupsCount& row : crosstab) {
    if (row.n < 0) return Status::InvalidArgument("a cross-tabulation count is negative");
    if (__builtin_add_overflow(total, row.n, &total)) {
      return Status::InvalidArgument("the cross-tabulation counts add up to too many respondents");
    }
  }
  return Status::Ok();
}

std::string KText(int64_t k) { return std::to_string(k); }

}  // namespace

std::string FilterLabel(const GroupValues& filter) {
  if (filter.empty()) return "the whole campaign";
  std::string label;
  for (const auto& [grouping, value] : filter) {
    if (!label.empty()) label += ", ";
    label += grouping + ": " + value;
  }
  return label;
}

int64_t CountMatching(std::span<const GroupsCount> crosstab, const GroupValues& filter) {
  int64_t n = 0;
  for (const GroupsCount& row : crosstab) {
    if (Matches(row.groups, filter)) n += std::max<int64_t>(row.n, 0);
  }
  return n;
}

std::vector<GroupValues> AncestorsOf(const GroupValues& filter) {
  const std::vector<std::pair<std::string, std::string>> constraints(filter.begin(), filter.end());
  const size_t count = constraints.size();
  std::vector<GroupValues> ancestors;
  // Every proper subset of the constraints, largest first: parents, grandparents, ..., {}.
  for (size_t size = count; size-- > 0;) {
    std::vector<bool> pick(count, false);
    std::fill(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(size), true);
    do {
      GroupValues ancestor;
      for (size_t i = 0; i < count; ++i) {
        if (pick[i]) ancestor.insert(constraints[i]);
      }
      ancestors.push_back(std::move(ancestor));
    } while (std::prev_permutation(pick.begin(), pick.end()));
  }
  return ancestors;
}

RelatedView ContainingView(std::string label, int64_t n_containing, int64_t n_view) {
  return RelatedView{std::move(label), n_containing, n_view};
}

Status CheckView(int64_t n, std::span<const RelatedView> related, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  if (n < 0) return Status::InvalidArgument("a view's count is negative");
  for (const RelatedView& other : related) {
    if (other.n < 0 || other.n_shared < 0 || other.n_shared > n || other.n_shared > other.n) {
      return Status::InvalidArgument("impossible counts for the related view '" + other.label +
                                     "'");
    }
  }
  if (n < threshold) {
    return Status::FailedPrecondition("this view has fewer than " + KText(threshold) +
                                      " respondents, so its results are not shown");
  }
  for (const RelatedView& other : related) {
    // n + other.n - 2 * n_shared, as the two non-negative parts; a sum past int64 is far above k.
    int64_t differ = 0;
    if (__builtin_add_overflow(n - other.n_shared, other.n - other.n_shared, &differ)) continue;
    if (differ > 0 && differ < threshold) {
      return Status::FailedPrecondition(
          "this view differs from '" + other.label + "' by fewer than " + KText(threshold) +
          " respondents, so comparing the two would reveal their answers");
    }
  }
  return Status::Ok();
}

Status CheckFilteredView(std::span<const GroupsCount> crosstab, const GroupValues& filter,
                         int64_t k) {
  if (Status status = ValidateCrosstab(crosstab); !status.ok()) return status;
  if (Status status = ValidateFilter(filter); !status.ok()) return status;
  const int64_t n = CountMatching(crosstab, filter);
  std::vector<RelatedView> related;
  for (const GroupValues& ancestor : AncestorsOf(filter)) {
    related.push_back(ContainingView(FilterLabel(ancestor), CountMatching(crosstab, ancestor), n));
  }
  return CheckView(n, related, k);
}

Status AuditViews(std::span<const GroupsCount> crosstab, std::span<const GroupValues> released,
                  int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  if (Status status = ValidateCrosstab(crosstab); !status.ok()) return status;
  std::set<std::string> groupings;
  const std::set<GroupValues> views(released.begin(), released.end());
  for (const GroupValues& view : views) {
    if (Status status = ValidateFilter(view); !status.ok()) return status;
    for (const auto& constraint : view) groupings.insert(constraint.first);
  }
  // Atoms: respondents with the same answers to the groupings the views use.
  std::map<GroupValues, int64_t> atom_counts;
  for (const GroupsCount& row : crosstab) {
    if (row.n == 0) continue;
    GroupValues key;
    for (const auto& [grouping, value] : row.groups) {
      if (groupings.count(grouping) != 0) key.emplace(grouping, value);
    }
    atom_counts[key] += row.n;
  }
  // Large atoms first, then small ones by increasing n.
  std::vector<std::pair<GroupValues, int64_t>> atoms(atom_counts.begin(), atom_counts.end());
  std::stable_sort(atoms.begin(), atoms.end(), [threshold](const auto& a, const auto& b) {
    const bool a_large = a.second >= threshold;
    const bool b_large = b.second >= threshold;
    if (a_large != b_large) return a_large;
    return !a_large && a.second < b.second;
  });
  const size_t first_small = static_cast<size_t>(
      std::find_if(atoms.begin(), atoms.end(),
                   [threshold](const auto& atom) { return atom.second < threshold; }) -
      atoms.begin());
  std::vector<int64_t> atom_n;
  for (const auto& atom : atoms) atom_n.push_back(atom.second);
  Incidence m;
  for (const GroupValues& view : views) {
    std::vector<uint8_t> row(atoms.size(), 0);
    bool any = false;
    for (size_t j = 0; j < atoms.size(); ++j) {
      if (Matches(atoms[j].first, view)) {
        row[j] = 1;
        any = true;
      }
    }
    if (any) m.push_back(std::move(row));  // a view with no respondents adds nothing
  }
  if (m.empty() || first_small == atoms.size()) return Status::Ok();

  // The exact rank: when M has full rank modulo a prime, that is its rank over the rationals
  // too; otherwise Bareiss elimination decides.
  size_t exact_rank = ReduceModP(m, atoms.size(), kPrimes[0]).rows.size();
  if (exact_rank != m.size() && exact_rank != atoms.size()) {
    exact_rank = ExactRank(m, std::vector<bool>(atoms.size(), true));
  }
  SmallSetSearch search(m, atom_n, first_small, threshold, exact_rank);
  for (int64_t p : kPrimes) {
    switch (search.Run(p)) {
      case Outcome::kSafe:
        return Status::Ok();
      case Outcome::kSingledOut:
        return Status::FailedPrecondition(
            "together with the views already shown, this would let someone work out results "
            "for fewer than " +
            KText(threshold) + " respondents");
      case Outcome::kTooLarge:
        return Status::FailedPrecondition(
            "these views split the respondents into too many small groups to check that "
            "comparing them cannot single out fewer than " +
            KText(threshold) + " respondents; use fewer filters or coarser groupings");
      case Outcome::kUnluckyPrime:
        break;
    }
  }
  return Status::FailedPrecondition(
      "could not verify that these views cannot single out fewer than " + KText(threshold) +
      " respondents");
}

Result<GuardedBreakdown> GuardBreakdown(std::span<const GroupsCount> crosstab,
                                        std::span<const GroupValues> released,
                                        const BreakdownRequest& request, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  if (request.grouping.empty()) {
    return Status::InvalidArgument("a breakdown needs a grouping question");
  }
  if (request.filter.count(request.grouping) != 0) {
    return Status::InvalidArgument("a view cannot be broken down by '" + request.grouping +
                                   "', which its filter already fixes");
  }
  const std::set<std::string> distinct(request.values.begin(), request.values.end());
  if (distinct.size() != request.values.size() || distinct.count("") != 0) {
    return Status::InvalidArgument("the values of '" + request.grouping +
                                   "' must be distinct and non-empty");
  }
  if (Status status = CheckFilteredView(crosstab, request.filter, threshold); !status.ok()) {
    return status;
  }
  std::vector<GroupValues> family(released.begin(), released.end());
  std::vector<GroupValues> to_record = AncestorsOf(request.filter);
  to_record.push_back(request.filter);
  family.insert(family.end(), to_record.begin(), to_record.end());
  if (Status status = AuditViews(crosstab, family, threshold); !status.ok()) return status;

  const std::set<std::string> withheld(request.withheld.begin(), request.withheld.end());
  std::vector<BreakdownCell> cells;
  std::vector<GroupValues> cell_filters;
  int64_t in_values = 0;
  for (const std::string& value : request.values) {
    GroupValues cell_filter = request.filter;
    cell_filter[request.grouping] = value;
    const int64_t n = CountMatching(crosstab, cell_filter);
    in_values += n;
    cells.push_back({n, withheld.count(value) != 0 ? CellKind::kWithheld : CellKind::kValue});
    cell_filters.push_back(std::move(cell_filter));
  }
  cells.push_back({CountMatching(crosstab, request.filter) - in_values, CellKind::kNotStated});

  GuardedBreakdown result;
  result.suppression = SuppressBreakdown(cells, threshold);
  std::vector<size_t> shown;
  for (size_t i = 0; i < request.values.size(); ++i) {
    if (IsShown(result.suppression.cells[i])) shown.push_back(i);
  }
  std::stable_sort(shown.begin(), shown.end(),
                   [&cells](size_t a, size_t b) { return cells[a].n > cells[b].n; });
  for (size_t i : shown) {
    family.push_back(cell_filters[i]);
    if (AuditViews(crosstab, family, threshold).ok()) {
      to_record.push_back(cell_filters[i]);
    } else {
      family.pop_back();
      result.suppression.cells[i] = CellDecision::kDifferencing;
    }
  }
  result.to_record = std::move(to_record);
  return result;
}

}  // namespace tessera::scoring
