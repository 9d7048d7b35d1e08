// The count audit: published answer counts of several tables checked together. The attack of
// the zero cell (team A holds two 5s, role "frontline" none, so A's two members outside
// frontline both answered 5) is shown to be caught; the bounds the audit computes are checked
// against an exhaustive enumeration of every table consistent with what is published, on
// random small tables.
#include "scoring/count_audit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <tuple>

namespace tessera::scoring {
namespace {

// Two groupings: team (1 = A, 2 = B) and role (1 = frontline, 2 = office); 0 is not stated.
CountAtom Atom(uint8_t team, uint8_t role, std::vector<int64_t> counts) {
  return CountAtom{{team, role}, std::move(counts)};
}

CountCell Team(uint8_t team) { return CountCell::Category(2, 0, team, 2); }
CountCell Role(uint8_t role) { return CountCell::Category(2, 1, role, 2); }

// The variable: 0 = answered 1-4, 1 = answered 5.
TEST(CountAuditTest, ZeroCellsGiveAnswersAway) {
  // Team A: 8 frontline (none answered 5) and 2 in the office (both answered 5); team B: 6
  // frontline, 4 office, none answered 5. A's table (two 5s in 10) and frontline's (no 5 in 14)
  // are each harmless; together they say that A's two office staff both answered 5.
  const std::vector<CountAtom> atoms = {Atom(1, 1, {8, 0}), Atom(1, 2, {0, 2}), Atom(2, 1, {6, 0}),
                                        Atom(2, 2, {4, 0})};
  CountAuditOptions options;
  options.k = 5;
  options.first_only = false;

  // Without the role table nothing is sharpened: A's two 5s could be anyone's in A.
  auto alone = AuditCounts(atoms, 2, 2, {CountCell::Whole(), Team(1), Team(2)}, options);
  ASSERT_TRUE(alone.ok()) << alone.status().ToString();
  EXPECT_TRUE(alone->violations.empty());
  EXPECT_FALSE(alone->exhausted);

  auto crossed =
      AuditCounts(atoms, 2, 2, {CountCell::Whole(), Team(1), Team(2), Role(1), Role(2)}, options);
  ASSERT_TRUE(crossed.ok());
  ASSERT_FALSE(crossed->violations.empty());
  bool office_of_a = false;
  for (const CountViolation& violation : crossed->violations) {
    if (violation.crossing == Crossing{1, 2} && violation.category == 1) {
      office_of_a = true;
      EXPECT_EQ(violation.respondents, 2);
      EXPECT_EQ(violation.combined_bound, 2);
      EXPECT_EQ(violation.single_cell_bound, 0);
      EXPECT_FALSE(violation.involved.empty());
    }
  }
  EXPECT_TRUE(office_of_a);

  // Team A and frontline alone already give it away (A minus frontline).
  auto two = AuditCounts(atoms, 2, 2, {CountCell::Whole(), Team(1), Role(1)}, options);
  ASSERT_TRUE(two.ok());
  EXPECT_FALSE(two->violations.empty());
  auto bound =
      CombinedLowerBound(atoms, 2, 2, {CountCell::Whole(), Team(1), Role(1)}, Crossing{1, 2}, 1);
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(*bound, 2);
}

TEST(CountAuditTest, UnanimityInsideOnePublishedCellIsNotSharpening) {
  // Team A (6 people) all answered 5: A's own table tells every member's answer. That is the
  // unanimity the rule leaves to the display; the audit only forbids combining tables.
  const std::vector<CountAtom> atoms = {Atom(1, 1, {0, 4}), Atom(1, 2, {0, 2}), Atom(2, 1, {5, 0}),
                                        Atom(2, 2, {5, 0})};
  CountAuditOptions options;
  options.k = 5;
  auto result = AuditCounts(atoms, 2, 2, {CountCell::Whole(), Team(1), Team(2)}, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->violations.empty());
}

TEST(CountAuditTest, NoSmallCrossingNeedsNoProgram) {
  const std::vector<CountAtom> atoms = {Atom(1, 1, {8, 3}), Atom(1, 2, {5, 2}), Atom(2, 1, {6, 6}),
                                        Atom(2, 2, {4, 5})};
  CountAuditOptions options;
  options.k = 5;
  auto result =
      AuditCounts(atoms, 2, 2, {CountCell::Whole(), Team(1), Team(2), Role(1), Role(2)}, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->violations.empty());
  EXPECT_EQ(result->linear_programs, 0);
}

TEST(CountAuditTest, BadInputIsAnError) {
  EXPECT_EQ(AuditCounts({Atom(1, 1, {1})}, 2, 2, {CountCell::Whole()}, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AuditCounts({Atom(1, 1, {1, -1})}, 2, 2, {CountCell::Whole()}, {}).status().code(),
            StatusCode::kInvalidArgument);
  CountCell wrong;
  wrong.allowed.resize(3);
  EXPECT_EQ(AuditCounts({Atom(1, 1, {1, 1})}, 2, 2, {wrong}, {}).status().code(),
            StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// The reference: every integer table consistent with the published counts, enumerated.

struct Table {
  size_t groupings = 0;
  size_t categories = 0;
  std::vector<CountAtom> atoms;
  std::vector<CountCell> cells;
};

bool InCellRef(const CountCell& cell, const std::vector<uint8_t>& groups) {
  for (size_t g = 0; g < cell.allowed.size(); ++g) {
    if (!cell.allowed[g].empty() && !cell.allowed[g][groups[g]]) return false;
  }
  return true;
}

int64_t SizeOf(const CountAtom& atom) {
  int64_t n = 0;
  for (int64_t c : atom.counts) n += c;
  return n;
}

// Calls `visit` with every assignment of counts to atoms (each atom keeping its size) whose
// published counts equal the true table's.
void EnumerateConsistent(
    const Table& table,
    const std::function<void(const std::vector<std::vector<int64_t>>&)>& visit) {
  std::vector<std::vector<int64_t>> target(table.cells.size(),
                                           std::vector<int64_t>(table.categories, 0));
  for (const CountAtom& atom : table.atoms) {
    for (size_t j = 0; j < table.cells.size(); ++j) {
      if (!InCellRef(table.cells[j], atom.groups)) continue;
      for (size_t u = 0; u < table.categories; ++u) target[j][u] += atom.counts[u];
    }
  }
  std::vector<std::vector<int64_t>> current(table.atoms.size(),
                                            std::vector<int64_t>(table.categories, 0));
  std::vector<std::vector<int64_t>> sums(table.cells.size(),
                                         std::vector<int64_t>(table.categories, 0));
  std::function<void(size_t, size_t, int64_t)> fill = [&](size_t a, size_t u, int64_t left) {
    if (a == table.atoms.size()) {
      if (sums == target) visit(current);
      return;
    }
    const bool last = u + 1 == table.categories;
    for (int64_t x = last ? left : 0; x <= left; ++x) {
      current[a][u] = x;
      bool over = false;
      for (size_t j = 0; j < table.cells.size(); ++j) {
        if (!InCellRef(table.cells[j], table.atoms[a].groups)) continue;
        sums[j][u] += x;
        over = over || sums[j][u] > target[j][u];
      }
      if (!over) {
        if (last) {
          fill(a + 1, 0, a + 1 < table.atoms.size() ? SizeOf(table.atoms[a + 1]) : 0);
        } else {
          fill(a, u + 1, left - x);
        }
      }
      for (size_t j = 0; j < table.cells.size(); ++j) {
        if (InCellRef(table.cells[j], table.atoms[a].groups)) sums[j][u] -= x;
      }
    }
    current[a][u] = 0;
  };
  fill(0, 0, table.atoms.empty() ? 0 : SizeOf(table.atoms[0]));
}

bool InCrossing(const Crossing& crossing, const std::vector<uint8_t>& groups) {
  for (size_t g = 0; g < crossing.size(); ++g) {
    if (crossing[g] && *crossing[g] != groups[g]) return false;
  }
  return true;
}

bool CellContains(const CountCell& cell, const Crossing& crossing) {
  for (size_t g = 0; g < cell.allowed.size(); ++g) {
    if (cell.allowed[g].empty()) continue;
    if (!crossing[g] || !cell.allowed[g][*crossing[g]]) return false;
  }
  return true;
}

Table RandomTable(std::mt19937& random) {
  Table table;
  table.groupings = 2 + random() % 2;
  table.categories = 2 + random() % 2;
  // Categories per grouping: 2; values 0 (not stated), 1, 2.
  std::set<std::vector<uint8_t>> used;
  const size_t atom_count = 3 + random() % 3;
  while (table.atoms.size() < atom_count) {
    std::vector<uint8_t> groups(table.groupings);
    for (uint8_t& g : groups) g = static_cast<uint8_t>(random() % 3);
    if (!used.insert(groups).second) continue;
    const int64_t n = 1 + static_cast<int64_t>(random() % 3);
    std::vector<int64_t> counts(table.categories, 0);
    for (int64_t i = 0; i < n; ++i) ++counts[random() % table.categories];
    table.atoms.push_back(CountAtom{groups, counts});
  }
  table.cells.push_back(CountCell::Whole());
  for (size_t g = 0; g < table.groupings; ++g) {
    for (uint8_t c = 1; c <= 2; ++c) {
      if (random() % 3 != 0) table.cells.push_back(CountCell::Category(table.groupings, g, c, 2));
    }
  }
  // Sometimes a cell of a crossing with a merged value, as the responses export publishes.
  if (random() % 3 == 0) {
    CountCell merged;
    merged.allowed.assign(table.groupings, {});
    merged.allowed[0] = {true, false, true};  // not stated or 2
    merged.allowed[1] = {false, true, false};
    table.cells.push_back(merged);
  }
  return table;
}

TEST(CountAuditTest, BoundsAgreeWithExhaustiveEnumerationOnSmallTables) {
  std::mt19937 random(20261207);
  int violations_seen = 0;
  int tables = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const Table table = RandomTable(random);
    const int64_t k = 3;
    // Every crossing of 1..k-1 respondents.
    std::vector<Crossing> crossings;
    const size_t options_per = 4;  // free, 0, 1, 2
    size_t total = 1;
    for (size_t g = 0; g < table.groupings; ++g) total *= options_per;
    for (size_t code = 0; code < total; ++code) {
      Crossing crossing(table.groupings);
      size_t rest = code;
      for (size_t g = 0; g < table.groupings; ++g) {
        const size_t choice = rest % options_per;
        rest /= options_per;
        if (choice > 0) crossing[g] = static_cast<uint8_t>(choice - 1);
      }
      int64_t n = 0;
      for (const CountAtom& atom : table.atoms) {
        if (InCrossing(crossing, atom.groups)) n += SizeOf(atom);
      }
      if (n >= 1 && n < k) crossings.push_back(crossing);
    }
    // Reference smallest counts per crossing and category.
    std::vector<std::vector<int64_t>> smallest(
        crossings.size(),
        std::vector<int64_t>(table.categories, std::numeric_limits<int64_t>::max()));
    EnumerateConsistent(table, [&](const std::vector<std::vector<int64_t>>& counts) {
      for (size_t x = 0; x < crossings.size(); ++x) {
        for (size_t u = 0; u < table.categories; ++u) {
          int64_t in = 0;
          for (size_t a = 0; a < table.atoms.size(); ++a) {
            if (InCrossing(crossings[x], table.atoms[a].groups)) in += counts[a][u];
          }
          smallest[x][u] = std::min(smallest[x][u], in);
        }
      }
    });
    std::set<std::pair<Crossing, size_t>> expected;
    for (size_t x = 0; x < crossings.size(); ++x) {
      int64_t n_x = 0;
      for (const CountAtom& atom : table.atoms) {
        if (InCrossing(crossings[x], atom.groups)) n_x += SizeOf(atom);
      }
      for (size_t u = 0; u < table.categories; ++u) {
        // The combined bound from the audit's own program equals the enumeration's.
        auto bound = CombinedLowerBound(table.atoms, table.groupings, table.categories, table.cells,
                                        crossings[x], u);
        ASSERT_TRUE(bound.ok()) << bound.status().ToString();
        ASSERT_EQ(*bound, smallest[x][u]) << "trial " << trial << " crossing " << x;
        // The best single-cell (Frechet) bound.
        int64_t single = 0;
        for (const CountCell& cell : table.cells) {
          if (!CellContains(cell, crossings[x])) continue;
          int64_t p = 0;
          int64_t n_c = 0;
          for (const CountAtom& atom : table.atoms) {
            if (!InCellRef(cell, atom.groups)) continue;
            p += atom.counts[u];
            n_c += SizeOf(atom);
          }
          single = std::max(single, p - (n_c - n_x));
        }
        if (smallest[x][u] > single) expected.emplace(crossings[x], u);
      }
    }
    CountAuditOptions options;
    options.k = k;
    options.first_only = false;
    auto result = AuditCounts(table.atoms, table.groupings, table.categories, table.cells, options);
    ASSERT_TRUE(result.ok());
    ASSERT_FALSE(result->exhausted);
    // Listing every violation, the audit finds exactly the enumeration's.
    std::set<std::pair<Crossing, size_t>> found;
    for (const CountViolation& violation : result->violations) {
      found.emplace(violation.crossing, violation.category);
    }
    EXPECT_EQ(found, expected) << "trial " << trial;
    violations_seen += !expected.empty();
    ++tables;
  }
  // The random tables exercise both verdicts.
  EXPECT_GT(violations_seen, 10);
  EXPECT_LT(violations_seen, tables - 10);
}

}  // namespace
}  // namespace tessera::scoring
