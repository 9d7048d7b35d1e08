// The comment rule across groupings: lists of comments are sets of distinct texts, and whoever
// sees several can unite, intersect and subtract them. The attack (team A's list minus role
// "frontline"'s list leaves the comments of A's two office staff) is shown to work on the lists
// a per-grouping check releases, and to fail on the plan's; the plan is checked against the
// released lists' set expressions, computed by brute force, on random partitions.
#include "scoring/comment_plan.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <set>

#include "instruments/instrument.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

// A layout with two grouping questions and no scored items: team (a, b, c) and role
// (frontline, office).
ResponseLayout TwoGroupings(size_t teams = 3, size_t roles = 2) {
  ins::Instrument instrument;
  instrument.id = "groupings";
  ins::ResponseScale team_scale;
  team_scale.id = "teams";
  team_scale.kind = ins::ScaleKind::kNominal;
  ins::ResponseScale role_scale;
  role_scale.id = "roles";
  role_scale.kind = ins::ScaleKind::kNominal;
  for (size_t t = 0; t < teams; ++t) {
    ins::ScaleValue value;
    value.code = std::string(1, static_cast<char>('a' + t));
    value.label = value.code;
    team_scale.values.push_back(value);
  }
  for (size_t r = 0; r < roles; ++r) {
    ins::ScaleValue value;
    value.code = "role" + std::to_string(r + 1);
    value.label = value.code;
    role_scale.values.push_back(value);
  }
  instrument.scales = {team_scale, role_scale};
  ins::Section section;
  section.id = "about";
  ins::Item team;
  team.id = "team";
  team.type = ins::ItemType::kSingleChoice;
  team.scale = "teams";
  team.grouping = ins::Grouping::kTeam;
  ins::Item role = team;
  role.id = "role";
  role.scale = "roles";
  role.grouping = ins::Grouping::kRole;
  section.items = {team, role};
  instrument.sections = {section};
  auto layout = ResponseLayout::Build(instrument, {});
  EXPECT_TRUE(layout.ok()) << layout.status().ToString();
  return std::move(*layout);
}

std::vector<std::vector<CellDecision>> AllShown(const ResponseLayout& layout) {
  std::vector<std::vector<CellDecision>> groups;
  for (const auto& column : layout.groupings()) {
    std::vector<CellDecision> cells(column.categories.size(), CellDecision::kShown);
    cells.push_back(CellDecision::kNotStated);
    groups.push_back(cells);
  }
  return groups;
}

TEST(CommentPlanTest, CommentListsCannotBeDifferencedAcrossBreakdowns) {
  const ResponseLayout layout = TwoGroupings(2, 2);
  ASSERT_EQ(layout.groupings().size(), 2u);
  // Team a: 6 frontline commenters and 2 office; team b: 5 frontline, 6 office.
  const CommenterAtoms commenters = {{{1, 1}, 6}, {{1, 2}, 2}, {{2, 1}, 5}, {{2, 2}, 6}};
  const int64_t k = 5;
  // Each grouping on its own passes: every list holds k or more, and within one grouping the
  // lists are disjoint. That is all a per-grouping check looks at.
  EXPECT_TRUE(CommentListsSafe(commenters, true, {{0, 1}, {0, 2}}, k));
  EXPECT_TRUE(CommentListsSafe(commenters, true, {{1, 1}, {1, 2}}, k));
  // The attack: team a's list minus frontline's list is a's 2 office comments.
  EXPECT_FALSE(CommentListsSafe(commenters, true, {{0, 1}, {0, 2}, {1, 1}, {1, 2}}, k));

  const FigureRelease release = PlanCommentLists(layout, commenters, AllShown(layout), k);
  EXPECT_TRUE(release.overall);
  // Team lists come first (layout order); both roles' lists would split team a: withheld.
  EXPECT_TRUE(release.Shown(0, 0));
  EXPECT_TRUE(release.Shown(0, 1));
  EXPECT_EQ(release.cells[1][0], CellDecision::kDifferencing);
  EXPECT_EQ(release.cells[1][1], CellDecision::kDifferencing);
  EXPECT_EQ(release.cells[1][2], CellDecision::kNotStated);
}

TEST(CommentPlanTest, FewCommentsOrAHiddenGroupAreNeverShown) {
  const ResponseLayout layout = TwoGroupings(3, 2);
  const CommenterAtoms commenters = {{{1, 1}, 6}, {{2, 1}, 3}, {{3, 1}, 7}};
  auto groups = AllShown(layout);
  groups[0][2] = CellDecision::kBelowThreshold;  // team c withheld at group level
  const FigureRelease release = PlanCommentLists(layout, commenters, groups, 5);
  EXPECT_TRUE(release.Shown(0, 0));
  EXPECT_EQ(release.cells[0][1], CellDecision::kBelowThreshold);  // 3 comments
  EXPECT_EQ(release.cells[0][2], CellDecision::kBelowThreshold);  // the group's own decision
  // Nothing when the whole campaign has fewer than k comments.
  const FigureRelease few = PlanCommentLists(layout, {{{1, 1}, 4}}, AllShown(layout), 5);
  EXPECT_FALSE(few.overall);
  EXPECT_FALSE(few.Shown(0, 0));
}

// The reference, by brute force over comment ids (bit masks). Every expression of unions,
// intersections and differences of the lists is a union of the sets "in exactly these lists":
// for each subset S of the lists, the intersection of S minus the union of the others. The
// family is safe when each of those sets holds 0 or at least k comments (then every union of
// them does too; and each of them is itself an expression). For small families the closure
// itself is computed as a second check.
bool ExpressionsSafe(const std::vector<uint64_t>& lists, uint64_t everyone, int64_t k) {
  const size_t m = lists.size();
  for (uint64_t subset = 1; subset < (uint64_t{1} << m); ++subset) {
    uint64_t set = everyone;
    for (size_t i = 0; i < m; ++i) {
      set = (subset >> i) & 1 ? (set & lists[i]) : (set & ~lists[i]);
    }
    const int count = std::popcount(set);
    if (count >= 1 && count < k) return false;
  }
  return true;
}

bool ClosureSafe(const std::vector<uint64_t>& lists, int64_t k) {
  std::set<uint64_t> family(lists.begin(), lists.end());
  bool grown = true;
  while (grown) {
    grown = false;
    const std::vector<uint64_t> members(family.begin(), family.end());
    for (uint64_t a : members) {
      for (uint64_t b : members) {
        for (uint64_t c : {a | b, a & b, a & ~b}) {
          if (family.insert(c).second) grown = true;
        }
      }
    }
  }
  for (uint64_t set : family) {
    const int count = std::popcount(set);
    if (count >= 1 && count < k) return false;
  }
  return true;
}

TEST(CommentPlanTest, PlanAgreesWithBruteForceSetAlgebraOnRandomPartitions) {
  std::mt19937 random(7122026);
  int withheld_seen = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const size_t teams = 2 + random() % 2;
    const size_t roles = 2 + random() % 2;
    const ResponseLayout layout = TwoGroupings(teams, roles);
    const int64_t k = 3 + static_cast<int64_t>(random() % 2);
    // Up to 40 commenters, each in a random team and role (0: not stated).
    const size_t people = 10 + random() % 31;
    CommenterAtoms commenters;
    std::vector<std::vector<uint8_t>> person_groups;
    for (size_t p = 0; p < people; ++p) {
      std::vector<uint8_t> key = {static_cast<uint8_t>(random() % (teams + 1)),
                                  static_cast<uint8_t>(random() % (roles + 1))};
      ++commenters[key];
      person_groups.push_back(key);
    }
    auto groups = AllShown(layout);
    const FigureRelease release = PlanCommentLists(layout, commenters, groups, k);
    // The released lists as sets of comment ids.
    std::vector<uint64_t> lists;
    if (release.overall) lists.push_back((uint64_t{1} << people) - 1);
    for (size_t g = 0; g < 2; ++g) {
      const size_t categories = layout.groupings()[g].categories.size();
      for (size_t c = 0; c < categories; ++c) {
        if (!release.Shown(g, c)) {
          withheld_seen += release.cells[g][c] == CellDecision::kDifferencing;
          continue;
        }
        uint64_t list = 0;
        for (size_t p = 0; p < people; ++p) {
          if (person_groups[p][g] == c + 1) list |= uint64_t{1} << p;
        }
        lists.push_back(list);
      }
    }
    // Safe: no expression of the released lists yields 1..k-1 comments.
    const uint64_t everyone = (uint64_t{1} << people) - 1;
    ASSERT_TRUE(ExpressionsSafe(lists, everyone, k)) << "trial " << trial;
    if (lists.size() <= 4) {
      ASSERT_TRUE(ClosureSafe(lists, k)) << "trial " << trial;
    }
    // And not needlessly strict: each list withheld for differencing would, added to the
    // released ones, make some expression yield 1..k-1 comments.
    for (size_t g = 0; g < 2; ++g) {
      for (size_t c = 0; c < layout.groupings()[g].categories.size(); ++c) {
        if (release.cells[g][c] != CellDecision::kDifferencing) continue;
        uint64_t list = 0;
        for (size_t p = 0; p < people; ++p) {
          if (person_groups[p][g] == c + 1) list |= uint64_t{1} << p;
        }
        std::vector<uint64_t> more = lists;
        more.push_back(list);
        EXPECT_FALSE(ExpressionsSafe(more, everyone, k)) << "trial " << trial;
      }
    }
  }
  EXPECT_GT(withheld_seen, 20);
}

}  // namespace
}  // namespace tessera::scoring
