#include "scoring/count_audit.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "scoring/anonymity.h"

namespace tessera::scoring {
namespace {

// A crossing as a hash key: one byte per grouping, kFree where it is not constrained.
constexpr unsigned char kFree = 0xFF;
using CrossingKey = std::string;

CrossingKey KeyOf(const Crossing& crossing) {
  CrossingKey key(crossing.size(), static_cast<char>(kFree));
  for (size_t g = 0; g < crossing.size(); ++g) {
    if (crossing[g]) key[g] = static_cast<char>(*crossing[g]);
  }
  return key;
}

Crossing CrossingOf(const CrossingKey& key) {
  Crossing crossing(key.size());
  for (size_t g = 0; g < key.size(); ++g) {
    const auto byte = static_cast<unsigned char>(key[g]);
    if (byte != kFree) crossing[g] = byte;
  }
  return crossing;
}

bool Matches(const CrossingKey& key, const std::vector<uint8_t>& groups) {
  for (size_t g = 0; g < key.size(); ++g) {
    const auto byte = static_cast<unsigned char>(key[g]);
    if (byte != kFree && byte != groups[g]) return false;
  }
  return true;
}

bool InCell(const CountCell& cell, const std::vector<uint8_t>& groups) {
  for (size_t g = 0; g < cell.allowed.size(); ++g) {
    const std::vector<bool>& allowed = cell.allowed[g];
    if (!allowed.empty() && (groups[g] >= allowed.size() || !allowed[groups[g]])) return false;
  }
  return true;
}

// A published cell contains every respondent of the crossing: on each grouping the cell
// restricts, the crossing is fixed to an allowed value.
bool Contains(const CountCell& cell, const CrossingKey& key) {
  for (size_t g = 0; g < cell.allowed.size(); ++g) {
    const std::vector<bool>& allowed = cell.allowed[g];
    if (allowed.empty()) continue;
    const auto byte = static_cast<unsigned char>(key[g]);
    if (byte == kFree || byte >= allowed.size() || !allowed[byte]) return false;
  }
  return true;
}

// GLPK keeps global state per thread at best; one audit solves at a time.
std::mutex& GlpkMutex() {
  static std::mutex mutex;
  return mutex;
}

struct ProblemDeleter {
  void operator()(glp_prob* problem) const { glp_delete_prob(problem); }
};
using Problem = std::unique_ptr<glp_prob, ProblemDeleter>;

// Classes: atoms that every published cell treats alike (in the same cells). Within a class the
// published counts say nothing about which respondent gave which answer.
struct Classes {
  std::vector<int64_t> n;                    // respondents per class
  std::vector<std::vector<int64_t>> counts;  // per class, per category: the actual answers
  std::vector<size_t> of_atom;               // the class of each atom
  std::vector<std::vector<bool>> in_cell;    // per class, per published cell
};

// `active`: the cells still published (empty: all); the others neither split classes nor
// count as containing them.
Classes ClassesOf(const std::vector<CountAtom>& atoms, size_t categories,
                  const std::vector<CountCell>& cells, const std::vector<bool>& active = {}) {
  Classes classes;
  std::map<std::vector<bool>, size_t> index;
  classes.of_atom.reserve(atoms.size());
  for (const CountAtom& atom : atoms) {
    std::vector<bool> signature(cells.size());
    for (size_t j = 0; j < cells.size(); ++j) {
      signature[j] = (active.empty() || active[j]) && InCell(cells[j], atom.groups);
    }
    auto [it, inserted] = index.emplace(signature, classes.n.size());
    if (inserted) {
      classes.n.push_back(0);
      classes.counts.emplace_back(categories, 0);
      classes.in_cell.push_back(signature);
    }
    const size_t s = it->second;
    for (size_t u = 0; u < categories; ++u) {
      classes.counts[s][u] += atom.counts[u];
      classes.n[s] += atom.counts[u];
    }
    classes.of_atom.push_back(s);
  }
  return classes;
}

// The linear program for the smallest count of one category in a crossing, over the classes:
//   Y[s][u] >= 0  respondents of class s with answer u;  z[s] >= 0
//   for each published cell j and category u:  sum of Y[s][u] over s in j  = published count
//   for each class s:                           sum over u of Y[s][u]       = n[s]
//   for each class s:                           z[s] - Y[s][v] >= -(n[s] - n[s within X])
//   minimise sum of z[s]
// z[s] is how many of class s's answers v cannot be placed outside the crossing. The crossing
// changes only the bounds of the z rows, so one model serves every crossing of one category
// (each solve starts from the previous basis).
class BoundProgram {
 public:
  BoundProgram(const Classes& classes, const std::vector<std::vector<int64_t>>& published,
               size_t categories, size_t category)
      : classes_(classes), categories_(categories), category_(category) {
    const size_t class_count = classes.n.size();
    const size_t cell_count = published.size();
    problem_.reset(glp_create_prob());
    glp_prob* lp = problem_.get();
    glp_set_obj_dir(lp, GLP_MIN);
    const int y_columns = static_cast<int>(class_count * categories);
    glp_add_cols(lp, y_columns + static_cast<int>(class_count));
    for (int c = 1; c <= y_columns + static_cast<int>(class_count); ++c) {
      glp_set_col_bnds(lp, c, GLP_LO, 0.0, 0.0);
      glp_set_obj_coef(lp, c, c > y_columns ? 1.0 : 0.0);
    }
    cell_rows_ = static_cast<int>(cell_count * categories);
    glp_add_rows(lp, cell_rows_ + 2 * static_cast<int>(class_count));
    std::vector<int> index(class_count + 2);
    std::vector<double> value(class_count + 2);
    for (size_t j = 0; j < cell_count; ++j) {
      for (size_t u = 0; u < categories; ++u) {
        const int row = static_cast<int>(j * categories + u) + 1;
        int entries = 0;
        for (size_t s = 0; s < class_count; ++s) {
          if (!classes.in_cell[s][j]) continue;
          ++entries;
          index[static_cast<size_t>(entries)] = YColumn(s, u);
          value[static_cast<size_t>(entries)] = 1.0;
        }
        const auto p = static_cast<double>(published[j][u]);
        glp_set_row_bnds(lp, row, GLP_FX, p, p);
        glp_set_mat_row(lp, row, entries, index.data(), value.data());
      }
    }
    std::vector<int> class_index(categories + 1);
    std::vector<double> ones(categories + 1, 1.0);
    for (size_t s = 0; s < class_count; ++s) {
      const int row = cell_rows_ + static_cast<int>(s) + 1;
      for (size_t u = 0; u < categories; ++u) class_index[u + 1] = YColumn(s, u);
      const auto n = static_cast<double>(classes.n[s]);
      glp_set_row_bnds(lp, row, GLP_FX, n, n);
      glp_set_mat_row(lp, row, static_cast<int>(categories), class_index.data(), ones.data());
      const int z_row = ZRow(s);
      int z_index[3] = {0, ZColumn(s), YColumn(s, category)};
      double z_value[3] = {0.0, 1.0, -1.0};
      glp_set_row_bnds(lp, z_row, GLP_LO, -n, 0.0);
      glp_set_mat_row(lp, z_row, 2, z_index, z_value);
    }
    glp_init_smcp(&simplex_);
    simplex_.msg_lev = GLP_MSG_OFF;
    simplex_.meth = GLP_PRIMAL;
    glp_init_iocp(&integer_);
    integer_.msg_lev = GLP_MSG_OFF;
    integer_.presolve = GLP_OFF;
    integer_.fp_heur = GLP_OFF;
    // Depth first on the most fractional variable reaches whole tables soonest, cheaply.
    integer_.br_tech = GLP_BR_MFV;
    integer_.pp_tech = GLP_PP_NONE;
    integer_.bt_tech = GLP_BT_DFS;
  }

  // Stops publishing a cell: its rows constrain nothing any more (the classes, made for every
  // cell, stay finer than needed, which keeps the program exact).
  void FreeCell(size_t cell) {
    for (size_t u = 0; u < categories_; ++u) {
      glp_set_row_bnds(problem_.get(), static_cast<int>(cell * categories_ + u) + 1, GLP_FR, 0.0,
                       0.0);
    }
  }

  struct Bound {
    bool solved = false;
    int64_t value = 0;          // the smallest count over whole respondents
    std::vector<size_t> cells;  // published cells with a nonzero dual
    // The optimal table's count of the category per class, when it is whole: a consistent
    // table, kept as a witness for later crossings.
    std::vector<int64_t> witness;
  };

  // `inside[s]`: respondents of class s in the crossing. `threshold`: the verdict only needs to
  // know whether the bound exceeds it, so the integer program runs only when the linear
  // optimum leaves that open.
  Bound Solve(const std::vector<int64_t>& inside, int64_t threshold, bool exact = false) {
    glp_prob* lp = problem_.get();
    for (size_t s = 0; s < inside.size(); ++s) {
      const double bound = -static_cast<double>(classes_.n[s] - inside[s]);
      glp_set_row_bnds(lp, ZRow(s), GLP_LO, bound, 0.0);
    }
    Bound bound;
    if (!SolveLinear()) return bound;
    const double objective = glp_get_obj_val(lp);
    bound.solved = true;
    bound.value = static_cast<int64_t>(std::ceil(objective - 1e-6));
    for (int row = 1; row <= cell_rows_; ++row) {
      if (std::fabs(glp_get_row_dual(lp, row)) > 1e-9) {
        const auto cell = static_cast<size_t>(row - 1) / categories_;
        if (bound.cells.empty() || bound.cells.back() != cell) bound.cells.push_back(cell);
      }
    }
    if (!exact && bound.value > threshold) return bound;  // already decided: LB >= ceil(LP)
    if (Integral()) {
      bound.value = std::llround(objective);
      bound.witness.resize(classes_.n.size());
      for (size_t c = 0; c < classes_.n.size(); ++c) {
        bound.witness[c] = std::llround(glp_get_col_prim(lp, YColumn(c, category_)));
      }
      return bound;
    }
    // The linear optimum is fractional: the smallest count over whole respondents decides. A
    // verdict needs only to know whether some whole table has at most `threshold`: the search
    // stops at the first such table, and after kNodeLimit branches it gives up (undecided,
    // which the caller treats as a failure).
    const int y_columns = static_cast<int>(classes_.n.size() * categories_);
    for (int c = 1; c <= y_columns; ++c) glp_set_col_kind(lp, c, GLP_IV);
    Search search{exact ? std::numeric_limits<int64_t>::min() : threshold, exact};
    integer_.cb_func = &BoundProgram::OnSearch;
    integer_.cb_info = &search;
    const int status = glp_intopt(lp, &integer_);
    const int mip = glp_mip_status(lp);
    const double best = mip == GLP_OPT || mip == GLP_FEAS ? glp_mip_obj_val(lp) : 0.0;
    for (int c = 1; c <= y_columns; ++c) glp_set_col_kind(lp, c, GLP_CV);
    if (search.good_enough || (status == 0 && mip == GLP_OPT && !search.gave_up)) {
      bound.value = std::llround(best);
      // A whole table: a witness for later crossings.
      bound.witness.resize(classes_.n.size());
      for (size_t c = 0; c < classes_.n.size(); ++c) {
        bound.witness[c] = std::llround(glp_mip_col_val(lp, YColumn(c, category_)));
      }
    } else {
      bound.solved = false;
    }
    return bound;
  }

 private:
  static constexpr int kNodeLimit = 30;
  struct Search {
    int64_t threshold;   // stop at a whole table with at most this many in the crossing
    bool exact = false;  // no node limit
    int nodes = 0;
    bool good_enough = false;
    bool gave_up = false;
  };
  static void OnSearch(glp_tree* tree, void* info) {
    auto* search = static_cast<Search*>(info);
    switch (glp_ios_reason(tree)) {
      case GLP_IBINGO:
        if (glp_mip_obj_val(glp_ios_get_prob(tree)) <=
            static_cast<double>(search->threshold) + 1e-6) {
          search->good_enough = true;
          glp_ios_terminate(tree);
        }
        break;
      case GLP_ISELECT:
        if (++search->nodes > kNodeLimit && !search->exact) {
          search->gave_up = true;
          glp_ios_terminate(tree);
        }
        break;
      default:
        break;
    }
  }

  int YColumn(size_t s, size_t u) const { return static_cast<int>(s * categories_ + u) + 1; }
  int ZColumn(size_t s) const { return static_cast<int>(classes_.n.size() * categories_ + s) + 1; }
  int ZRow(size_t s) const { return cell_rows_ + static_cast<int>(classes_.n.size() + s) + 1; }

  bool SolveLinear() {
    glp_prob* lp = problem_.get();
    if (!warm_) {
      glp_adv_basis(lp, 0);
      warm_ = true;
    }
    if (glp_simplex(lp, &simplex_) == 0 && glp_get_status(lp) == GLP_OPT) return true;
    // A numerically awkward basis: start again from a fresh one, once.
    glp_adv_basis(lp, 0);
    return glp_simplex(lp, &simplex_) == 0 && glp_get_status(lp) == GLP_OPT;
  }

  bool Integral() const {
    glp_prob* lp = problem_.get();
    const int columns = glp_get_num_cols(lp);
    for (int c = 1; c <= columns; ++c) {
      const double x = glp_get_col_prim(lp, c);
      if (std::fabs(x - std::round(x)) > 1e-6) return false;
    }
    return true;
  }

  const Classes& classes_;
  size_t categories_;
  size_t category_;
  int cell_rows_ = 0;
  Problem problem_;
  glp_smcp simplex_{};
  glp_iocp integer_{};
  bool warm_ = false;
};

Status CheckInput(const std::vector<CountAtom>& atoms, size_t groupings, size_t categories,
                  const std::vector<CountCell>& cells) {
  for (const CountAtom& atom : atoms) {
    if (atom.groups.size() != groupings || atom.counts.size() != categories) {
      return Status::InvalidArgument("an atom does not have the shape of the audited table");
    }
    for (int64_t count : atom.counts) {
      if (count < 0) return Status::InvalidArgument("a negative count");
    }
  }
  for (const CountCell& cell : cells) {
    if (!cell.allowed.empty() && cell.allowed.size() != groupings) {
      return Status::InvalidArgument("a published cell does not have the table's groupings");
    }
  }
  return Status::Ok();
}

std::vector<std::vector<int64_t>> PublishedCounts(const std::vector<CountAtom>& atoms,
                                                  size_t categories,
                                                  const std::vector<CountCell>& cells) {
  std::vector<std::vector<int64_t>> published(cells.size(), std::vector<int64_t>(categories, 0));
  for (const CountAtom& atom : atoms) {
    for (size_t j = 0; j < cells.size(); ++j) {
      if (!InCell(cells[j], atom.groups)) continue;
      for (size_t u = 0; u < categories; ++u) published[j][u] += atom.counts[u];
    }
  }
  return published;
}

int64_t AtomSize(const CountAtom& atom) {
  int64_t n = 0;
  for (int64_t count : atom.counts) n += count;
  return n;
}

}  // namespace

CountCell CountCell::Category(size_t groupings, size_t g, uint8_t cell, size_t categories) {
  CountCell result;
  result.allowed.assign(groupings, {});
  if (g < groupings) {
    result.allowed[g].assign(categories + 1, false);
    if (cell <= categories) result.allowed[g][cell] = true;
  }
  return result;
}

struct CountAuditor::State {
  std::vector<CountAtom> atoms;
  size_t groupings = 0;
  size_t categories = 0;
  std::vector<CountCell> cells;
  CountAuditOptions options;
  int64_t k = 0;

  std::vector<int64_t> atom_n;
  std::vector<bool> active;  // per cell: still published
  Classes classes;           // made for every cell
  std::vector<std::vector<int64_t>> published;
  std::vector<int64_t> cell_n;

  struct Small {
    CrossingKey key;
    int64_t n = 0;
    int constraints = 0;
    std::vector<size_t> atoms;        // the atoms in the crossing
    std::vector<size_t> constrained;  // the groupings it fixes
  };
  std::vector<Small> small;
  std::vector<std::unique_ptr<BoundProgram>> programs;  // per category, made when needed
  // Per category, the crossings whose smallest count is 0 (their subsets need no solve).
  std::vector<std::unordered_set<CrossingKey>> cleared;
  // Per category, consistent tables the programs found (the category's count per class).
  static constexpr size_t kWitnesses = 256;
  std::vector<std::vector<std::vector<int64_t>>> witnesses;
  // Per cell, the (crossing, category) pairs that passed on that cell's positive bound.
  std::vector<std::vector<std::pair<size_t, size_t>>> passed_on;
  std::vector<std::pair<size_t, size_t>> recheck;
  size_t crossing = 0;  // position of the scan
  size_t category = 0;
  std::optional<std::pair<size_t, size_t>> current;  // the violation Next() returned
  bool exhausted = false;
  bool stale = false;  // classes and programs to be made again for the active cells
  int64_t linear_programs = 0;

  // Whether (crossing i, category u) passes; fills `violation` when not.
  bool Passes(size_t i, size_t u, CountViolation* violation) {
    const Small& x = small[i];
    int64_t actual = 0;
    for (size_t a : x.atoms) actual += atoms[a].counts[u];
    // Nobody in the crossing gave this answer: the true table is consistent and has 0.
    if (actual == 0) return true;
    int64_t single = 0;
    std::optional<size_t> achiever;
    for (size_t j = 0; j < cells.size(); ++j) {
      if (!active[j] || !Contains(cells[j], x.key)) continue;
      const int64_t bound = published[j][u] - (cell_n[j] - x.n);
      if (bound > single) {
        single = bound;
        achiever = j;
      }
    }
    auto pass = [&] {
      if (achiever) passed_on[*achiever].emplace_back(i, u);
      return true;
    };
    // A wider small crossing can hold no answer u: neither can this one.
    const size_t subsets = size_t{1} << x.constrained.size();
    for (size_t subset = 0; subset + 1 < subsets; ++subset) {
      CrossingKey wider(groupings, static_cast<char>(kFree));
      for (size_t c = 0; c < x.constrained.size(); ++c) {
        if (subset & (size_t{1} << c)) wider[x.constrained[c]] = x.key[x.constrained[c]];
      }
      if (cleared[u].count(wider) > 0) return true;
    }
    std::vector<int64_t> inside(classes.n.size(), 0);
    for (size_t a : x.atoms) inside[classes.of_atom[a]] += atom_n[a];
    // The true table, with each class's answers u put outside the crossing where they fit.
    int64_t spread = 0;
    for (size_t s = 0; s < classes.n.size(); ++s) {
      if (inside[s] == 0) continue;
      spread += std::max<int64_t>(0, classes.counts[s][u] - (classes.n[s] - inside[s]));
    }
    if (spread == 0) cleared[u].insert(x.key);
    if (spread <= single) return pass();
    // Other consistent tables found so far, the most recent first.
    for (auto it = witnesses[u].rbegin(); it != witnesses[u].rend(); ++it) {
      int64_t in = 0;
      for (size_t s = 0; s < classes.n.size() && in <= single; ++s) {
        if (inside[s] == 0) continue;
        in += std::max<int64_t>(0, (*it)[s] - (classes.n[s] - inside[s]));
      }
      if (in == 0) cleared[u].insert(x.key);
      if (in <= single) return pass();
    }
    if (linear_programs >= options.max_linear_programs) {
      exhausted = true;
      *violation = Violation(i, u, -1, single, {});
      return false;
    }
    if (programs[u] == nullptr) {
      programs[u] = std::make_unique<BoundProgram>(classes, published, categories, u);
      for (size_t j = 0; j < cells.size(); ++j) {
        if (!active[j]) programs[u]->FreeCell(j);
      }
    }
    ++linear_programs;
    BoundProgram::Bound bound = programs[u]->Solve(inside, single);
    if (!bound.solved) {
      // Undecided: not shown unchecked; the caller withholds a cell and it is looked at again.
      *violation = Violation(i, u, -1, single, {});
      return false;
    }
    if (bound.value == 0) cleared[u].insert(x.key);
    if (!bound.witness.empty()) {
      if (witnesses[u].size() >= kWitnesses) witnesses[u].erase(witnesses[u].begin());
      witnesses[u].push_back(std::move(bound.witness));
    }
    if (bound.value <= single) return pass();
    *violation = Violation(i, u, bound.value, single, bound.cells);
    return false;
  }

  CountViolation Violation(size_t i, size_t u, int64_t combined, int64_t single,
                           std::vector<size_t> involved) const {
    CountViolation violation;
    violation.crossing = CrossingOf(small[i].key);
    violation.respondents = small[i].n;
    violation.category = u;
    violation.combined_bound = combined;
    violation.single_cell_bound = single;
    for (size_t j : involved) {
      if (active[j]) violation.involved.push_back(j);
    }
    return violation;
  }
};

CountAuditor::CountAuditor(std::unique_ptr<State> state) : state_(std::move(state)) {}
CountAuditor::~CountAuditor() = default;

Result<std::unique_ptr<CountAuditor>> CountAuditor::Create(std::vector<CountAtom> atoms,
                                                           size_t groupings, size_t categories,
                                                           std::vector<CountCell> cells,
                                                           const CountAuditOptions& options) {
  if (Status status = CheckInput(atoms, groupings, categories, cells); !status.ok()) {
    return status;
  }
  auto state = std::make_unique<State>();
  State& st = *state;
  st.groupings = groupings;
  st.categories = categories;
  st.options = options;
  st.k = EffectiveThreshold(options.k);
  st.active.assign(cells.size(), true);
  st.passed_on.resize(cells.size());
  st.atom_n.resize(atoms.size());
  bool any_small = false;
  for (size_t a = 0; a < atoms.size(); ++a) {
    st.atom_n[a] = AtomSize(atoms[a]);
    any_small = any_small || (st.atom_n[a] > 0 && st.atom_n[a] < st.k);
  }
  st.atoms = std::move(atoms);
  st.cells = std::move(cells);
  std::unique_ptr<CountAuditor> auditor(new CountAuditor(std::move(state)));
  // A crossing under k holds only atoms under k: with none, there is nothing to audit.
  if (!any_small || categories == 0) return auditor;
  if (groupings > 16 || st.atoms.size() * (size_t{1} << groupings) > 20'000'000) {
    st.exhausted = true;
    return auditor;
  }
  // Every crossing's size, by projecting each atom on every subset of the groupings; the small
  // ones are the crossings to check.
  const size_t masks = size_t{1} << groupings;
  std::unordered_map<CrossingKey, int64_t> sizes;
  for (size_t a = 0; a < st.atoms.size(); ++a) {
    if (st.atom_n[a] == 0) continue;
    for (size_t mask = 0; mask < masks; ++mask) {
      CrossingKey key(groupings, static_cast<char>(kFree));
      for (size_t g = 0; g < groupings; ++g) {
        if (mask & (size_t{1} << g)) key[g] = static_cast<char>(st.atoms[a].groups[g]);
      }
      sizes[key] += st.atom_n[a];
    }
  }
  for (const auto& [key, n] : sizes) {
    if (n <= 0 || n >= st.k) continue;
    State::Small x;
    x.key = key;
    x.n = n;
    for (size_t g = 0; g < groupings; ++g) {
      if (static_cast<unsigned char>(key[g]) != kFree) x.constrained.push_back(g);
    }
    x.constraints = static_cast<int>(x.constrained.size());
    for (size_t a = 0; a < st.atoms.size(); ++a) {
      if (st.atom_n[a] > 0 && Matches(key, st.atoms[a].groups)) x.atoms.push_back(a);
    }
    st.small.push_back(std::move(x));
  }
  // Larger sets (fewer constraints) first, so that a crossing whose wider small crossing was
  // cleared is settled without a solve.
  std::sort(st.small.begin(), st.small.end(), [](const State::Small& a, const State::Small& b) {
    if (a.constraints != b.constraints) return a.constraints < b.constraints;
    return a.key < b.key;
  });
  st.classes = ClassesOf(st.atoms, categories, st.cells);
  st.published = PublishedCounts(st.atoms, categories, st.cells);
  st.cell_n.assign(st.cells.size(), 0);
  for (size_t j = 0; j < st.cells.size(); ++j) {
    for (int64_t count : st.published[j]) st.cell_n[j] += count;
  }
  st.programs.resize(categories);
  st.cleared.resize(categories);
  st.witnesses.resize(categories);
  return auditor;
}

std::optional<CountViolation> CountAuditor::Next() {
  State& st = *state_;
  if (st.small.empty() && !st.exhausted) return std::nullopt;
  std::lock_guard lock(GlpkMutex());
  glp_term_out(GLP_OFF);
  CountViolation violation;
  if (st.exhausted) {
    violation.combined_bound = -1;
    return violation;
  }
  if (st.stale) {
    // Cells were withheld: fewer cells make fewer, larger classes and smaller programs.
    st.classes = ClassesOf(st.atoms, st.categories, st.cells, st.active);
    for (auto& program : st.programs) program.reset();
    for (auto& pool : st.witnesses) pool.clear();
    st.stale = false;
  }
  while (!st.recheck.empty()) {
    const auto [i, u] = st.recheck.back();
    if (!st.Passes(i, u, &violation)) {
      st.current = std::pair{i, u};
      return violation;  // stays queued until it passes or is skipped
    }
    st.recheck.pop_back();
  }
  for (; st.crossing < st.small.size(); ++st.crossing, st.category = 0) {
    for (; st.category < st.categories; ++st.category) {
      if (!st.Passes(st.crossing, st.category, &violation)) {
        st.current = std::pair{st.crossing, st.category};
        return violation;
      }
    }
  }
  st.current.reset();
  return std::nullopt;
}

void CountAuditor::Withhold(size_t cell) {
  State& st = *state_;
  if (cell >= st.cells.size() || !st.active[cell]) return;
  st.active[cell] = false;
  st.stale = true;
  // What passed on this cell's bound is looked at again.
  for (const auto& pair : st.passed_on[cell]) st.recheck.push_back(pair);
  st.passed_on[cell].clear();
}

void CountAuditor::Skip() {
  State& st = *state_;
  if (!st.current) return;
  if (!st.recheck.empty() && st.recheck.back() == *st.current) {
    st.recheck.pop_back();
  } else if (++st.category >= st.categories) {
    st.category = 0;
    ++st.crossing;
  }
  st.current.reset();
}

bool CountAuditor::exhausted() const { return state_->exhausted; }
int64_t CountAuditor::linear_programs() const { return state_->linear_programs; }
bool CountAuditor::published(size_t cell) const {
  return cell < state_->active.size() && state_->active[cell];
}

Result<CountAuditResult> AuditCounts(const std::vector<CountAtom>& atoms, size_t groupings,
                                     size_t categories, const std::vector<CountCell>& cells,
                                     const CountAuditOptions& options) {
  auto auditor = CountAuditor::Create(atoms, groupings, categories, cells, options);
  if (!auditor.ok()) return auditor.status();
  CountAuditResult result;
  while (std::optional<CountViolation> violation = (*auditor)->Next()) {
    if ((*auditor)->exhausted()) {
      result.exhausted = true;
      break;
    }
    result.violations.push_back(std::move(*violation));
    if (options.first_only) break;
    (*auditor)->Skip();
  }
  result.linear_programs = (*auditor)->linear_programs();
  return result;
}

Result<int64_t> CombinedLowerBound(const std::vector<CountAtom>& atoms, size_t groupings,
                                   size_t categories, const std::vector<CountCell>& cells,
                                   const Crossing& crossing, size_t category) {
  if (Status status = CheckInput(atoms, groupings, categories, cells); !status.ok()) {
    return status;
  }
  if (crossing.size() != groupings || category >= categories) {
    return Status::InvalidArgument("the crossing or category does not fit the table");
  }
  const Classes classes = ClassesOf(atoms, categories, cells);
  const std::vector<std::vector<int64_t>> published = PublishedCounts(atoms, categories, cells);
  const CrossingKey key = KeyOf(crossing);
  std::vector<int64_t> inside(classes.n.size(), 0);
  for (size_t a = 0; a < atoms.size(); ++a) {
    if (Matches(key, atoms[a].groups)) inside[classes.of_atom[a]] += AtomSize(atoms[a]);
  }
  std::lock_guard lock(GlpkMutex());
  glp_term_out(GLP_OFF);
  BoundProgram program(classes, published, categories, category);
  const BoundProgram::Bound bound = program.Solve(inside, 0, /*exact=*/true);
  if (!bound.solved) return Status::Internal("the linear program could not be solved");
  return bound.value;
}

}  // namespace tessera::scoring
