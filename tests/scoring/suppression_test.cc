// Primary and complementary suppression, tested as attacks: for each way a curious manager
// could combine the figures of a breakdown, the test tries to learn one person's answer (or a
// figure over fewer than k people) from what SuppressBreakdown lets through, and asserts it
// fails. A brute-force oracle (Eigen's rank, independent of the code under test) finds every
// set of cells that some linear combination of the shown figures singles out.
#include "scoring/suppression.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <numeric>
#include <optional>
#include <random>
#include <vector>

namespace tessera::scoring {
namespace {

using D = CellDecision;

// Released figures as rows over columns: each row is a group whose figures (sums, counts,
// means) are shown, as 0/1 over the columns (people, or cells of interchangeable people).
using Rows = std::vector<std::vector<double>>;

Eigen::Index Rank(const Rows& rows, const std::vector<bool>& keep) {
  if (rows.empty()) return 0;
  const Eigen::Index kept = std::count(keep.begin(), keep.end(), true);
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows.size()), kept);
  for (size_t i = 0; i < rows.size(); ++i) {
    Eigen::Index c = 0;
    for (size_t j = 0; j < keep.size(); ++j) {
      if (keep[j]) m(static_cast<Eigen::Index>(i), c++) = rows[i][j];
    }
  }
  return Eigen::FullPivLU<Eigen::MatrixXd>(m).rank();
}

// The oracle: a set of columns holding 1..k-1 respondents such that some combination of the
// rows is nonzero only on it (removing its columns lowers the rank), or nullopt.
std::optional<std::vector<size_t>> SingledOut(const Rows& rows, const std::vector<int64_t>& n,
                                              int64_t k) {
  const size_t columns = n.size();
  const Eigen::Index full = Rank(rows, std::vector<bool>(columns, true));
  for (uint32_t mask = 1; mask < (1u << columns); ++mask) {
    int64_t weight = 0;
    for (size_t j = 0; j < columns; ++j) {
      if (mask & (1u << j)) weight += n[j];
    }
    if (weight == 0 || weight >= k) continue;
    std::vector<bool> keep(columns);
    for (size_t j = 0; j < columns; ++j) keep[j] = !(mask & (1u << j));
    if (Rank(rows, keep) < full) {
      std::vector<size_t> set;
      for (size_t j = 0; j < columns; ++j) {
        if (mask & (1u << j)) set.push_back(j);
      }
      return set;
    }
  }
  return std::nullopt;
}

// The figures a breakdown releases, over its cells as columns: the total (when shown) and
// every shown cell.
Rows Released(const std::vector<BreakdownCell>& cells, const BreakdownSuppression& s) {
  Rows rows;
  if (s.total_shown) rows.push_back(std::vector<double>(cells.size(), 1.0));
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!IsShown(s.cells[i])) continue;
    std::vector<double> row(cells.size(), 0.0);
    row[i] = 1.0;
    rows.push_back(row);
  }
  return rows;
}

std::vector<int64_t> Counts(const std::vector<BreakdownCell>& cells) {
  std::vector<int64_t> n;
  for (const auto& cell : cells) n.push_back(cell.n);
  return n;
}

// What a manager computes from a breakdown: the total's sum and count minus those of every
// shown cell. Returns how many people the leftover figure describes.
int64_t LeftoverAfterSubtraction(const std::vector<BreakdownCell>& cells,
                                 const BreakdownSuppression& s) {
  int64_t leftover = 0;
  for (const auto& cell : cells) leftover += cell.n;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (IsShown(s.cells[i])) leftover -= cells[i].n;
  }
  return leftover;
}

// The released figures at the level of people: column p is person p; can any one person's
// answer be solved for? (e_p lies in the row space.)
bool SomeoneIsRevealed(const std::vector<BreakdownCell>& cells, const BreakdownSuppression& s) {
  std::vector<size_t> cell_of;
  for (size_t i = 0; i < cells.size(); ++i) cell_of.insert(cell_of.end(), cells[i].n, i);
  const size_t people = cell_of.size();
  Rows rows;
  if (s.total_shown) rows.push_back(std::vector<double>(people, 1.0));
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!IsShown(s.cells[i])) continue;
    std::vector<double> row(people, 0.0);
    for (size_t p = 0; p < people; ++p) row[p] = cell_of[p] == i ? 1.0 : 0.0;
    rows.push_back(row);
  }
  const std::vector<bool> all(people, true);
  const Eigen::Index rank = Rank(rows, all);
  for (size_t p = 0; p < people; ++p) {
    Rows with = rows;
    std::vector<double> unit(people, 0.0);
    unit[p] = 1.0;
    with.push_back(unit);
    if (Rank(with, all) == rank) return true;
  }
  return false;
}

TEST(SuppressionOracleTest, TheOracleFindsTheLeakWhenOnlyPrimarySuppressionIsApplied) {
  // The control for every attack below: with the small cell withheld but its siblings and the
  // total shown, the oracle does find the one person.
  const std::vector<BreakdownCell> cells = {{1}, {10}, {12}};
  BreakdownSuppression primary_only{true, {D::kBelowThreshold, D::kShown, D::kShown}};
  EXPECT_EQ(SingledOut(Released(cells, primary_only), Counts(cells), 5), std::vector<size_t>{0});
  EXPECT_TRUE(SomeoneIsRevealed(cells, primary_only));
  EXPECT_EQ(LeftoverAfterSubtraction(cells, primary_only), 1);
}

TEST(SuppressionAttackTest, OneSmallCellCannotBeRecoveredFromTheTotal) {
  // Team A has 2 respondents; B and C are large. Total minus B minus C would be A.
  const std::vector<BreakdownCell> cells = {{2}, {10}, {12}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_TRUE(s.total_shown);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kBelowThreshold, D::kComplementary, D::kShown}));
  EXPECT_EQ(LeftoverAfterSubtraction(cells, s), 12);  // A and B together, never A alone
  EXPECT_FALSE(SingledOut(Released(cells, s), Counts(cells), 5));
  EXPECT_FALSE(SomeoneIsRevealed(cells, s));
}

TEST(SuppressionAttackTest, TwoSmallCellsAddingUpToFewerThanKAreProtectedTogether) {
  // A (1) and B (2) are both withheld, but together they hold 3 < 5: the total minus C and D
  // would describe those 3 people. The smallest large sibling, C, is withheld with them.
  const std::vector<BreakdownCell> cells = {{1}, {2}, {9}, {8}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_EQ(s.cells,
            (std::vector<D>{D::kBelowThreshold, D::kBelowThreshold, D::kShown, D::kComplementary}));
  EXPECT_GE(LeftoverAfterSubtraction(cells, s), 5);
  EXPECT_FALSE(SingledOut(Released(cells, s), Counts(cells), 5));
  EXPECT_FALSE(SomeoneIsRevealed(cells, s));
}

TEST(SuppressionAttackTest, TwoSmallCellsAddingUpToKNeedNoComplementaryCell) {
  // A (2) and B (3) together hold 5 = k: the leftover describes 5 people, which is allowed.
  const std::vector<BreakdownCell> cells = {{2}, {3}, {9}, {8}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_EQ(s.cells,
            (std::vector<D>{D::kBelowThreshold, D::kBelowThreshold, D::kShown, D::kShown}));
  EXPECT_FALSE(SingledOut(Released(cells, s), Counts(cells), 5));
  EXPECT_FALSE(SomeoneIsRevealed(cells, s));
}

TEST(SuppressionAttackTest, NotStatedIsAHiddenCellToo) {
  // Everyone answered the team question except 2 people who chose "prefer not to say". Both
  // teams are large, but total minus both teams would describe exactly those 2.
  const std::vector<BreakdownCell> cells = {{10}, {12}, {2, CellKind::kNotStated}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kComplementary, D::kShown, D::kNotStated}));
  EXPECT_EQ(LeftoverAfterSubtraction(cells, s), 12);
  EXPECT_FALSE(SingledOut(Released(cells, s), Counts(cells), 5));
  EXPECT_FALSE(SomeoneIsRevealed(cells, s));
}

TEST(SuppressionAttackTest, ALargeNotStatedCellAlreadyHidesASmallTeam) {
  // A (2) is withheld and "not stated" holds 6: the leftover describes 8 people of whom the
  // reader cannot tell which 2 are in A. No complementary cell is needed.
  const std::vector<BreakdownCell> cells = {{2}, {10}, {6, CellKind::kNotStated}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kBelowThreshold, D::kShown, D::kNotStated}));
  EXPECT_FALSE(SingledOut(Released(cells, s), Counts(cells), 5));
}

TEST(SuppressionAttackTest, AnItemAnsweredByTooFewInOneTeamIsProtectedAcrossTheBreakdown) {
  // At group level every team is shown (6, 9, 10 respondents). One item was answered by only 2
  // of team A: its figures for A are withheld, and then (2 < k) B's figures for the item too,
  // or the item's overall figure minus B and C would be A's two answers.
  const std::vector<BreakdownCell> item_cells = {{2}, {9}, {10}};
  const BreakdownSuppression s = SuppressBreakdown(item_cells, 5);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kBelowThreshold, D::kComplementary, D::kShown}));
  EXPECT_FALSE(SomeoneIsRevealed(item_cells, s));
}

TEST(SuppressionAttackTest, CellsWithheldAtGroupLevelStayHiddenForItemFigures) {
  // Team A was withheld at group level (3 respondents) and B complementary (7). For one item,
  // A has 3 answers and B 1: both must stay hidden, and their 4 answers together are fewer than
  // k, so C is withheld too.
  const std::vector<BreakdownCell> item_cells = {
      {3, CellKind::kWithheld}, {1, CellKind::kWithheld}, {8}, {11}};
  const BreakdownSuppression s = SuppressBreakdown(item_cells, 5);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kWithheld, D::kWithheld, D::kComplementary, D::kShown}));
  EXPECT_FALSE(SingledOut(Released(item_cells, s), Counts(item_cells), 5));
}

TEST(SuppressionTest, NothingIsShownWhenTheTotalIsUnderK) {
  const std::vector<BreakdownCell> cells = {{2}, {1}, {1, CellKind::kNotStated}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_FALSE(s.total_shown);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kBelowThreshold, D::kBelowThreshold, D::kNotStated}));
  EXPECT_TRUE(SingledOut(Rows{}, Counts(cells), 5) == std::nullopt);
}

TEST(SuppressionTest, EmptyCellsAreNoDataAndNeverComplementary) {
  // An empty cell hides nobody, so it cannot be the complementary cell.
  const std::vector<BreakdownCell> cells = {{0}, {1}, {7}, {0}, {6}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_EQ(s.cells, (std::vector<D>{D::kNoData, D::kBelowThreshold, D::kShown, D::kNoData,
                                     D::kComplementary}));
}

TEST(SuppressionTest, TiesGoToTheFirstCellInInputOrder) {
  const std::vector<BreakdownCell> cells = {{9}, {6}, {6}, {1}};
  EXPECT_EQ(SuppressBreakdown(cells, 5).cells,
            (std::vector<D>{D::kShown, D::kComplementary, D::kShown, D::kBelowThreshold}));
}

TEST(SuppressionTest, ExactlyKIsShownAndKMinusOneIsNot) {
  EXPECT_EQ(SuppressBreakdown(std::vector<BreakdownCell>{{5}, {5}}, 5).cells,
            (std::vector<D>{D::kShown, D::kShown}));
  EXPECT_EQ(SuppressBreakdown(std::vector<BreakdownCell>{{4}, {5}, {5}}, 5).cells,
            (std::vector<D>{D::kBelowThreshold, D::kComplementary, D::kShown}));
}

TEST(SuppressionTest, AThresholdUnderTheMinimumIsRaisedToIt) {
  // k = 1 would show a cell of 2; the rules apply k = 3.
  EXPECT_EQ(SuppressBreakdown(std::vector<BreakdownCell>{{2}, {9}, {9}}, 1).cells,
            (std::vector<D>{D::kBelowThreshold, D::kComplementary, D::kShown}));
}

TEST(SuppressionTest, NegativeCountsAreTreatedAsEmpty) {
  // A negative count must not cancel a small cell out of the hidden total.
  const std::vector<BreakdownCell> cells = {{-3}, {1}, {9}, {8}};
  const BreakdownSuppression s = SuppressBreakdown(cells, 5);
  EXPECT_EQ(s.cells,
            (std::vector<D>{D::kNoData, D::kBelowThreshold, D::kShown, D::kComplementary}));
}

TEST(SuppressionTest, ASingleCellHoldingEveryoneIsShown) {
  // The cell equals the total; showing both reveals nothing more than the total.
  const std::vector<BreakdownCell> cells = {{12}, {0}, {0, CellKind::kNotStated}};
  EXPECT_EQ(SuppressBreakdown(cells, 5).cells,
            (std::vector<D>{D::kShown, D::kNoData, D::kNotStated}));
}

TEST(SuppressionTest, DecisionsHaveStableNames) {
  EXPECT_EQ(ToString(D::kShown), "shown");
  EXPECT_EQ(ToString(D::kComplementary), "complementary");
  EXPECT_EQ(ToString(D::kBelowThreshold), "below_threshold");
  EXPECT_EQ(ToString(D::kDifferencing), "differencing");
}

// Random partitions and thresholds (seeded): the suppression's guarantees hold, and the oracle
// finds no combination of the shown figures that isolates fewer than k people.
TEST(SuppressionPropertyTest, NoCombinationOfShownFiguresIsolatesFewerThanK) {
  std::mt19937 random(20240611);
  int complementary_seen = 0;
  int oracle_runs = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int64_t k = std::uniform_int_distribution<int64_t>(3, 10)(random);
    const size_t count = std::uniform_int_distribution<size_t>(1, 9)(random);
    // Mostly small cells, so that suppression has work to do.
    std::uniform_int_distribution<int64_t> small(0, k + 2);
    std::uniform_int_distribution<int64_t> large(0, 4 * k);
    std::vector<BreakdownCell> cells;
    for (size_t i = 0; i < count; ++i) {
      const int64_t n = random() % 3 == 0 ? large(random) : small(random);
      const auto kind = random() % 10;
      cells.push_back({n, kind == 0   ? CellKind::kNotStated
                          : kind == 1 ? CellKind::kWithheld
                                      : CellKind::kValue});
    }
    const BreakdownSuppression s = SuppressBreakdown(cells, k);
    ASSERT_EQ(s.cells.size(), cells.size());
    int64_t total = 0;
    int64_t hidden = 0;
    int64_t hidden_before_complementary = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      total += cells[i].n;
      if (IsShown(s.cells[i])) {
        ASSERT_GE(cells[i].n, k) << "trial " << trial;
        ASSERT_EQ(cells[i].kind, CellKind::kValue);
      } else {
        hidden += cells[i].n;
        if (s.cells[i] != D::kComplementary) hidden_before_complementary += cells[i].n;
      }
    }
    ASSERT_EQ(s.total_shown, total >= k);
    if (!s.total_shown) {
      for (D d : s.cells) ASSERT_FALSE(IsShown(d));
      continue;
    }
    ASSERT_TRUE(hidden == 0 || hidden >= k) << "trial " << trial;
    // Complementary suppression only when needed, and then one cell, the smallest shown.
    const auto complementary = std::count(s.cells.begin(), s.cells.end(), D::kComplementary);
    const bool needed = hidden_before_complementary > 0 && hidden_before_complementary < k;
    const bool any_candidate = std::any_of(cells.begin(), cells.end(), [&](const BreakdownCell& c) {
      return c.kind == CellKind::kValue && c.n >= k;
    });
    ASSERT_EQ(complementary, needed && any_candidate ? 1 : 0) << "trial " << trial;
    complementary_seen += static_cast<int>(complementary);
    for (size_t i = 0; i < cells.size(); ++i) {
      if (s.cells[i] != D::kComplementary) continue;
      for (size_t j = 0; j < cells.size(); ++j) {
        if (IsShown(s.cells[j])) {
          ASSERT_LE(cells[i].n, cells[j].n);
        }
      }
    }
    if (trial % 5 == 0) {
      ++oracle_runs;
      ASSERT_FALSE(SingledOut(Released(cells, s), Counts(cells), k)) << "trial " << trial;
    }
  }
  EXPECT_GT(complementary_seen, 100);  // the trials exercised complementary suppression
  EXPECT_GT(oracle_runs, 400);         // the oracle ran on most trials (not those with total < k)
}

}  // namespace
}  // namespace tessera::scoring
