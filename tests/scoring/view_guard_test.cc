// The differencing guard, tested as attacks: filtered views, their parents and the whole
// campaign; views that cross (team A against role "manager"); sibling views asked for one at a
// time; breakdowns inside filtered views. Each attack is first shown to work against figures
// released without the guard (the oracle finds the person), then shown to fail with it. The
// oracle works on people, with Eigen's rank, independently of the code under test.
#include "scoring/view_guard.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace tessera::scoring {
namespace {

using D = CellDecision;
using People = std::vector<GroupValues>;  // one respondent each; absent = not stated

std::vector<GroupsCount> Crosstab(const People& people) {
  std::vector<GroupsCount> rows;
  for (const GroupValues& person : people) rows.push_back({person, 1});
  return rows;
}

// n copies of one respondent's grouping answers.
void Add(People& people, int n, GroupValues groups) {
  for (int i = 0; i < n; ++i) people.push_back(groups);
}

bool Matches(const GroupValues& person, const GroupValues& filter) {
  for (const auto& [grouping, value] : filter) {
    const auto it = person.find(grouping);
    if (it == person.end() || it->second != value) return false;
  }
  return true;
}

Eigen::Index Rank(const Eigen::MatrixXd& m, const std::vector<bool>& keep) {
  if (m.rows() == 0) return 0;
  Eigen::MatrixXd kept(m.rows(), std::count(keep.begin(), keep.end(), true));
  Eigen::Index c = 0;
  for (size_t j = 0; j < keep.size(); ++j) {
    if (keep[j]) kept.col(c++) = m.col(static_cast<Eigen::Index>(j));
  }
  if (kept.cols() == 0) return 0;
  return Eigen::FullPivLU<Eigen::MatrixXd>(kept).rank();
}

// The oracle: the released views as rows over people. Returns a set of fewer than k people
// on which some linear combination of the views' figures is nonzero while it is zero on
// everyone else (removing those people lowers the rank), or nullopt. People whose columns are
// identical (in exactly the same views) are taken together: a combination is the same on all
// of them, so a set singled out is made of whole such classes.
std::optional<std::vector<size_t>> SingledOut(const People& people,
                                              const std::vector<GroupValues>& views, int64_t k) {
  std::vector<std::vector<bool>> classes;  // distinct columns
  std::vector<int64_t> weight;             // people in each
  std::vector<size_t> class_of(people.size());
  for (size_t p = 0; p < people.size(); ++p) {
    std::vector<bool> column;
    for (const GroupValues& view : views) column.push_back(Matches(people[p], view));
    const auto it = std::find(classes.begin(), classes.end(), column);
    class_of[p] = static_cast<size_t>(it - classes.begin());
    if (it == classes.end()) {
      classes.push_back(column);
      weight.push_back(0);
    }
    ++weight[class_of[p]];
  }
  Eigen::MatrixXd m(static_cast<Eigen::Index>(views.size()),
                    static_cast<Eigen::Index>(classes.size()));
  for (size_t i = 0; i < views.size(); ++i) {
    for (size_t c = 0; c < classes.size(); ++c) {
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = classes[c][i] ? 1.0 : 0.0;
    }
  }
  const size_t count = classes.size();
  const Eigen::Index full = Rank(m, std::vector<bool>(count, true));
  // Every set of classes holding 1..k-1 people.
  std::vector<bool> picked(count, false);
  std::optional<std::vector<size_t>> found;
  auto search = [&](auto& self, size_t from, int64_t total) -> void {
    for (size_t c = from; c < count && !found; ++c) {
      if (total + weight[c] >= k) continue;
      picked[c] = true;
      std::vector<bool> keep(count);
      for (size_t d = 0; d < count; ++d) keep[d] = !picked[d];
      if (Rank(m, keep) < full) {
        found.emplace();
        for (size_t p = 0; p < people.size(); ++p) {
          if (picked[class_of[p]]) found->push_back(p);
        }
      } else {
        self(self, c + 1, total + weight[c]);
      }
      picked[c] = false;
    }
  };
  search(search, 0, 0);
  return found;
}

// --------------------------------------------------------------------------------------------
// CheckView with the counts the engine has.

TEST(CheckViewTest, AFilterLeavingKWhoseParentHasKPlusOneIsRefused) {
  // Attack: {team: youth, role: manager} holds 5 = k; its parent {team: youth} holds 6. The
  // parent's figures minus the view's are the sixth person's answers.
  const std::vector<RelatedView> related = {ContainingView("team: youth", 6, 5),
                                            ContainingView("role: manager", 30, 5),
                                            ContainingView("the whole campaign", 80, 5)};
  const Status status = CheckView(5, related, 5);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("team: youth"), std::string::npos);
  EXPECT_NE(status.message().find("fewer than 5"), std::string::npos);
}

TEST(CheckViewTest, AFilterAgainstTheWholeCampaignIsRefused) {
  // Attack: {team: youth} holds 20 of the campaign's 22, so the whole campaign minus the youth
  // team describes 2 people.
  const std::vector<RelatedView> related = {ContainingView("the whole campaign", 22, 20)};
  EXPECT_EQ(CheckView(20, related, 5).code(), StatusCode::kFailedPrecondition);
  // With k more people outside the team, it is allowed.
  EXPECT_TRUE(CheckView(20, std::vector<RelatedView>{ContainingView("all", 25, 20)}, 5).ok());
}

TEST(CheckViewTest, AParentWithTheSamePeopleIsNoDifference) {
  const std::vector<RelatedView> related = {ContainingView("team: youth", 9, 9),
                                            ContainingView("the whole campaign", 40, 9)};
  EXPECT_TRUE(CheckView(9, related, 5).ok());
}

TEST(CheckViewTest, TooFewAndNobodyGetTheSameRefusal) {
  // The refusal must not tell "nobody answered" from "a few answered".
  const Status none = CheckView(0, {}, 5);
  const Status few = CheckView(4, {}, 5);
  EXPECT_EQ(none.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.ToString(), few.ToString());
  EXPECT_TRUE(CheckView(5, {}, 5).ok());
}

TEST(CheckViewTest, RefusalsNameNoCount) {
  const Status status =
      CheckView(17, std::vector<RelatedView>{ContainingView("team: youth", 19, 17)}, 5);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message().find("17"), std::string::npos);
  EXPECT_EQ(status.message().find("19"), std::string::npos);
  EXPECT_EQ(status.message().find('2'), std::string::npos);
}

TEST(CheckViewTest, OverlappingViewsAreComparedByThePeopleInOnlyOne) {
  // Attack: team A (6) against role "manager" (5), all five managers being in team A: A minus
  // the managers is one person. Neither view contains the other.
  EXPECT_EQ(CheckView(6, std::vector<RelatedView>{{"role: manager", 5, 5}}, 5).code(),
            StatusCode::kFailedPrecondition);
  // Two views sharing nobody, each large: their figures cannot be subtracted into anything.
  EXPECT_TRUE(CheckView(6, std::vector<RelatedView>{{"role: manager", 5, 0}}, 5).ok());
}

TEST(CheckViewTest, ImpossibleCountsAreInvalid) {
  EXPECT_EQ(CheckView(-1, {}, 5).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckView(6, std::vector<RelatedView>{{"x", 5, 6}}, 5).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckView(6, std::vector<RelatedView>{{"x", 9, 7}}, 5).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckView(6, std::vector<RelatedView>{{"x", -9, 0}}, 5).code(),
            StatusCode::kInvalidArgument);
}

TEST(CheckViewTest, CountsNearTheLimitOfInt64DoNotOverflow) {
  // n + related n exceeds int64; the two views differ by far more than k.
  const int64_t most = std::numeric_limits<int64_t>::max();
  EXPECT_TRUE(CheckView(most, std::vector<RelatedView>{{"x", most, 1}}, 5).ok());
  EXPECT_TRUE(CheckView(most, std::vector<RelatedView>{ContainingView("all", most, most)}, 5).ok());
  EXPECT_EQ(CheckView(most - 1, std::vector<RelatedView>{ContainingView("all", most, most - 1)}, 5)
                .code(),
            StatusCode::kFailedPrecondition);
}

TEST(AncestorsTest, ParentsFirstDownToTheWholeCampaign) {
  EXPECT_TRUE(AncestorsOf({}).empty());
  EXPECT_EQ(AncestorsOf({{"team", "youth"}}), std::vector<GroupValues>{{}});
  const std::vector<GroupValues> two = AncestorsOf({{"role", "manager"}, {"team", "youth"}});
  EXPECT_EQ(two, (std::vector<GroupValues>{{{"role", "manager"}}, {{"team", "youth"}}, {}}));
  const auto three = AncestorsOf({{"a", "1"}, {"b", "2"}, {"c", "3"}});
  ASSERT_EQ(three.size(), 7u);
  EXPECT_EQ(three[0].size(), 2u);
  EXPECT_EQ(three[3].size(), 1u);
  EXPECT_TRUE(three[6].empty());
}

TEST(CheckFilteredViewTest, TheWholeCampaignCatchesWhatTheParentsMiss) {
  // Attack: everyone in youth is a manager and every manager is in youth (6 people), and the
  // campaign has 2 more people. The view {team: youth, role: manager} equals both parents, so
  // comparing it with them shows nothing, but the whole campaign minus it describes 2 people.
  People people;
  Add(people, 6, {{"team", "youth"}, {"role", "manager"}});
  Add(people, 2, {{"team", "finance"}, {"role", "staff"}});
  const GroupValues view = {{"team", "youth"}, {"role", "manager"}};
  const auto crosstab = Crosstab(people);
  // Parents only: passes.
  std::vector<RelatedView> parents = {
      ContainingView("team: youth", CountMatching(crosstab, {{"team", "youth"}}), 6),
      ContainingView("role: manager", CountMatching(crosstab, {{"role", "manager"}}), 6)};
  EXPECT_TRUE(CheckView(6, parents, 5).ok());
  // Every ancestor, down to the whole campaign: refused.
  EXPECT_EQ(CheckFilteredView(crosstab, view, 5).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(SingledOut(people, {{}, view}, 5).has_value());  // the attack is real
}

TEST(CheckFilteredViewTest, CountsFromTheCrosstab) {
  People people;
  Add(people, 5, {{"team", "youth"}, {"role", "manager"}});
  Add(people, 1, {{"team", "youth"}});  // role not stated
  Add(people, 20, {{"team", "finance"}, {"role", "staff"}});
  const auto crosstab = Crosstab(people);
  EXPECT_EQ(CountMatching(crosstab, {}), 26);
  EXPECT_EQ(CountMatching(crosstab, {{"team", "youth"}}), 6);
  EXPECT_EQ(CountMatching(crosstab, {{"team", "youth"}, {"role", "manager"}}), 5);
  EXPECT_EQ(CountMatching(crosstab, {{"role", "pnts"}}), 0);
  // The not-stated person is the difference between the view and its parent.
  const Status status = CheckFilteredView(crosstab, {{"team", "youth"}, {"role", "manager"}}, 5);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("team: youth"), std::string::npos);
  EXPECT_TRUE(CheckFilteredView(crosstab, {{"team", "finance"}}, 5).ok());
  EXPECT_EQ(FilterLabel({}), "the whole campaign");
  EXPECT_EQ(FilterLabel({{"team", "youth"}, {"role", "manager"}}), "role: manager, team: youth");
}

// --------------------------------------------------------------------------------------------
// AuditViews: everything released, together.

// Team A: 5 managers and 1 staff member; team B: 10 staff; role manager: exactly A's five.
People CrossingTeams() {
  People people;
  Add(people, 5, {{"team", "A"}, {"role", "manager"}});
  Add(people, 1, {{"team", "A"}, {"role", "staff"}});
  Add(people, 10, {{"team", "B"}, {"role", "staff"}});
  return people;
}

TEST(AuditViewsTest, TeamAgainstRoleIsCaughtThoughEachViewPassesAlone) {
  // Attack: the campaign is broken down by team and, separately, by role. Team A's figures
  // minus the managers' are the one staff member of team A.
  const People people = CrossingTeams();
  const auto crosstab = Crosstab(people);
  const std::vector<GroupValues> views = {{}, {{"team", "A"}}, {{"role", "manager"}}};
  ASSERT_TRUE(SingledOut(people, views, 5).has_value());  // the attack works unguarded
  for (const GroupValues& view : views) EXPECT_TRUE(CheckFilteredView(crosstab, view, 5).ok());
  const Status status = AuditViews(crosstab, views, 5);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("fewer than 5"), std::string::npos);
  // Either breakdown alone is fine.
  EXPECT_TRUE(AuditViews(crosstab, std::vector<GroupValues>{{}, {{"team", "A"}}}, 5).ok());
  EXPECT_TRUE(AuditViews(crosstab, std::vector<GroupValues>{{}, {{"role", "manager"}}}, 5).ok());
}

TEST(AuditViewsTest, ThreeViewsOfATwoByTwoTableAreCaught) {
  // Attack: A-manager holds 1 person. {team: A} - {role: staff} + {team: B, role: staff}
  // = A-manager, though no two of the views differ by fewer than k.
  People people;
  Add(people, 1, {{"team", "A"}, {"role", "manager"}});
  Add(people, 10, {{"team", "A"}, {"role", "staff"}});
  Add(people, 10, {{"team", "B"}, {"role", "manager"}});
  Add(people, 10, {{"team", "B"}, {"role", "staff"}});
  const auto crosstab = Crosstab(people);
  const std::vector<GroupValues> views = {
      {{"team", "A"}}, {{"role", "staff"}}, {{"team", "B"}, {"role", "staff"}}};
  for (const GroupValues& view : views) EXPECT_TRUE(CheckFilteredView(crosstab, view, 5).ok());
  EXPECT_EQ(AuditViews(crosstab, views, 5).code(), StatusCode::kFailedPrecondition);
  // Without the third view there is no way to isolate A-manager.
  EXPECT_TRUE(AuditViews(crosstab, std::vector<GroupValues>{views[0], views[1]}, 5).ok());
}

TEST(AuditViewsTest, SiblingViewsAskedForOneAtATimeAreCaught) {
  // Attack: youth has 12 managers, 10 staff and 2 who did not state a role. The manager and
  // staff views each differ from youth by at least k, but youth minus both is those 2 people.
  People people;
  Add(people, 12, {{"team", "youth"}, {"role", "manager"}});
  Add(people, 10, {{"team", "youth"}, {"role", "staff"}});
  Add(people, 2, {{"team", "youth"}});
  Add(people, 30, {{"team", "finance"}, {"role", "staff"}});
  const auto crosstab = Crosstab(people);
  const GroupValues youth = {{"team", "youth"}};
  const GroupValues managers = {{"team", "youth"}, {"role", "manager"}};
  const GroupValues staff = {{"team", "youth"}, {"role", "staff"}};
  EXPECT_TRUE(CheckFilteredView(crosstab, managers, 5).ok());
  EXPECT_TRUE(CheckFilteredView(crosstab, staff, 5).ok());
  EXPECT_TRUE(AuditViews(crosstab, std::vector<GroupValues>{{}, youth, managers}, 5).ok());
  EXPECT_EQ(AuditViews(crosstab, std::vector<GroupValues>{{}, youth, managers, staff}, 5).code(),
            StatusCode::kFailedPrecondition);
}

TEST(AuditViewsTest, AViewUnderKIsADisclosureOnItsOwnAndAnEmptyOneIsNot) {
  const auto crosstab = Crosstab(CrossingTeams());
  EXPECT_FALSE(
      AuditViews(crosstab, std::vector<GroupValues>{{{"team", "A"}, {"role", "staff"}}}, 5).ok());
  EXPECT_TRUE(AuditViews(crosstab, std::vector<GroupValues>{{}, {{"team", "nobody"}}}, 5).ok());
  EXPECT_TRUE(AuditViews(crosstab, std::vector<GroupValues>{}, 5).ok());
  EXPECT_TRUE(AuditViews(std::vector<GroupsCount>{}, std::vector<GroupValues>{{}}, 5).ok());
}

TEST(AuditViewsTest, SafeDashboardsPass) {
  // 3 teams x 2 roles, every combination large: both breakdowns, every cell and every
  // team-role view can be shown together.
  People people;
  for (const char* team : {"A", "B", "C"}) {
    Add(people, 6, {{"team", team}, {"role", "manager"}});
    Add(people, 7, {{"team", team}, {"role", "staff"}});
  }
  Add(people, 5, {});  // stated neither
  const auto crosstab = Crosstab(people);
  std::vector<GroupValues> views = {{}};
  for (const char* team : {"A", "B", "C"}) {
    views.push_back({{"team", team}});
    for (const char* role : {"manager", "staff"}) {
      views.push_back({{"role", role}});
      views.push_back({{"team", team}, {"role", role}});
    }
  }
  EXPECT_TRUE(AuditViews(crosstab, views, 5).ok());
  // The same with only 4 people stating neither: the whole campaign minus all six team-role
  // cells is those 4.
  people.pop_back();
  EXPECT_EQ(AuditViews(Crosstab(people), views, 5).code(), StatusCode::kFailedPrecondition);
}

TEST(AuditViewsTest, DuplicateViewsAndDuplicateRowsChangeNothing) {
  std::vector<GroupsCount> crosstab = {{{{"team", "A"}, {"role", "manager"}}, 3},
                                       {{{"team", "A"}, {"role", "manager"}}, 2},
                                       {{{"team", "A"}, {"role", "staff"}}, 1},
                                       {{{"team", "B"}, {"role", "staff"}}, 10},
                                       {{{"team", "C"}}, 0}};
  const std::vector<GroupValues> views = {{}, {}, {{"team", "A"}}, {{"team", "A"}}};
  EXPECT_TRUE(AuditViews(crosstab, views, 5).ok());
  std::vector<GroupValues> crossing = views;
  crossing.push_back({{"role", "manager"}});
  EXPECT_FALSE(AuditViews(crosstab, crossing, 5).ok());
}

TEST(AuditViewsTest, BadInputIsInvalid) {
  const std::vector<GroupsCount> negative = {{{{"team", "A"}}, -1}};
  EXPECT_EQ(AuditViews(negative, std::vector<GroupValues>{{}}, 5).code(),
            StatusCode::kInvalidArgument);
  const auto crosstab = Crosstab(CrossingTeams());
  EXPECT_EQ(AuditViews(crosstab, std::vector<GroupValues>{{{"team", ""}}}, 5).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AuditViews(crosstab, std::vector<GroupValues>{{{"", "A"}}}, 5).code(),
            StatusCode::kInvalidArgument);
  // Counts whose sum does not fit in int64 cannot be real; adding them up would overflow.
  const int64_t most = std::numeric_limits<int64_t>::max();
  const std::vector<GroupsCount> huge = {{{{"team", "A"}}, most}, {{{"team", "A"}}, 1}};
  EXPECT_EQ(AuditViews(huge, std::vector<GroupValues>{{}}, 5).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckFilteredView(huge, {{"team", "A"}}, 5).code(), StatusCode::kInvalidArgument);
}

TEST(AuditViewsTest, LargeEntriesInTheEliminationAreExact) {
  // Many overlapping views over many small groups, so that elimination produces entries far
  // from 0 and 1; the audit's verdict must match the oracle.
  std::mt19937 random(7);
  People people;
  for (int p = 0; p < 11; ++p) {
    GroupValues person;
    for (const char* grouping : {"a", "b", "c", "d"}) {
      person[grouping] = std::to_string(random() % 2);
    }
    people.push_back(person);
  }
  std::vector<GroupValues> views = {{}};
  for (const char* x : {"a", "b", "c", "d"}) {
    views.push_back({{x, "1"}});
    for (const char* y : {"a", "b", "c", "d"}) {
      if (std::string(x) < y) views.push_back({{x, "1"}, {y, "0"}});
    }
  }
  const bool oracle = !SingledOut(people, views, 3).has_value();
  EXPECT_EQ(AuditViews(Crosstab(people), views, 3).ok(), oracle);
}

TEST(AuditViewsTest, GivesUpConservativelyWhenThereAreTooManySmallGroups) {
  // 5 yes/no questions, 2 people for each of the 32 combinations, k = 30: each single-answer
  // view holds 32 and no combination of them isolates fewer than 30, but proving it means
  // examining millions of sets of small groups. The audit refuses rather than pass unchecked.
  People people;
  for (int combination = 0; combination < 32; ++combination) {
    GroupValues person;
    for (int q = 0; q < 5; ++q) {
      person["q" + std::to_string(q)] = (combination >> q) & 1 ? "yes" : "no";
    }
    Add(people, 2, person);
  }
  std::vector<GroupValues> views = {{}};
  for (int q = 0; q < 5; ++q) views.push_back({{"q" + std::to_string(q), "yes"}});
  const Status status = AuditViews(Crosstab(people), views, 30);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("too many small groups"), std::string::npos);
  // With k = 5 the same views are checked completely, and pass.
  EXPECT_TRUE(AuditViews(Crosstab(people), views, 5).ok());
}

// Random populations and random sets of views (seeded): the audit passes exactly when the
// oracle finds no set of fewer than k people singled out.
TEST(AuditViewsPropertyTest, AgreesWithTheOracle) {
  std::mt19937 random(424242);
  int refused = 0;
  int passed = 0;
  const std::vector<std::string> groupings = {"team", "role", "tenure"};
  for (int trial = 0; trial < 400; ++trial) {
    const int64_t k = std::uniform_int_distribution<int64_t>(3, 5)(random);
    const size_t count = std::uniform_int_distribution<size_t>(5, 24)(random);
    People people;
    for (size_t p = 0; p < count; ++p) {
      GroupValues person;
      for (const std::string& grouping : groupings) {
        const auto value = random() % 4;  // 3 = not stated
        if (value < 3) person[grouping] = std::to_string(value % 2 + (grouping == "team"));
      }
      people.push_back(person);
    }
    std::vector<GroupValues> views;
    const size_t view_count = std::uniform_int_distribution<size_t>(1, 5)(random);
    for (size_t v = 0; v < view_count; ++v) {
      GroupValues view;
      for (const std::string& grouping : groupings) {
        if (random() % 3 == 0) view[grouping] = std::to_string(random() % 2 + (grouping == "team"));
      }
      views.push_back(view);
    }
    const std::optional<std::vector<size_t>> leak = SingledOut(people, views, k);
    const Status status = AuditViews(Crosstab(people), views, k);
    ASSERT_EQ(status.ok(), !leak.has_value())
        << "trial " << trial << ": " << status.ToString() << ", k " << k;
    (status.ok() ? passed : refused) += 1;
  }
  EXPECT_GT(passed, 60);
  EXPECT_GT(refused, 60);
}

// The same with more views over four groupings, so that combinations of several views must
// cancel on shared groups of people before anyone is singled out.
TEST(AuditViewsPropertyTest, AgreesWithTheOracleOnDenserFamilies) {
  std::mt19937 random(31337);
  int refused = 0;
  int passed = 0;
  const std::vector<std::string> groupings = {"team", "role", "tenure", "side"};
  for (int trial = 0; trial < 400; ++trial) {
    const int64_t k = std::uniform_int_distribution<int64_t>(3, 6)(random);
    const size_t count = std::uniform_int_distribution<size_t>(8, 30)(random);
    People people;
    for (size_t p = 0; p < count; ++p) {
      GroupValues person;
      for (const std::string& grouping : groupings) {
        if (random() % 6 != 0) person[grouping] = std::to_string(random() % 2);
      }
      people.push_back(person);
    }
    std::vector<GroupValues> views = {{}};
    const size_t view_count = std::uniform_int_distribution<size_t>(3, 8)(random);
    while (views.size() < view_count) {
      GroupValues view;
      for (const std::string& grouping : groupings) {
        if (random() % 2 == 0) view[grouping] = std::to_string(random() % 2);
      }
      if (view.size() <= 2) views.push_back(view);
    }
    const std::optional<std::vector<size_t>> leak = SingledOut(people, views, k);
    const Status status = AuditViews(Crosstab(people), views, k);
    ASSERT_EQ(status.ok(), !leak.has_value())
        << "trial " << trial << ": " << status.ToString() << ", k " << k;
    (status.ok() ? passed : refused) += 1;
  }
  EXPECT_GT(passed, 60);
  EXPECT_GT(refused, 60);
}

TEST(AuditViewsTest, ACombinationThatCancelsOnAGroupOfExactlyTheRoomLeft) {
  // Found by a randomised comparison with the oracle: a search that stopped one respondent
  // short of k - 1 when deciding where a combination may stay nonzero passed these views.
  const People people = {{{"a", "0"}, {"c", "0"}},
                         {{"a", "0"}, {"b", "1"}, {"c", "0"}},
                         {{"a", "1"}, {"b", "0"}, {"c", "0"}},
                         {{"a", "0"}, {"b", "0"}, {"c", "0"}},
                         {{"a", "1"}, {"b", "1"}, {"c", "0"}},
                         {{"a", "0"}, {"b", "1"}, {"c", "1"}},
                         {{"a", "1"}, {"b", "0"}},
                         {{"a", "1"}, {"b", "1"}},
                         {{"c", "0"}},
                         {{"a", "0"}, {"b", "1"}, {"c", "0"}},
                         {{"a", "0"}, {"b", "0"}, {"c", "1"}},
                         {{"b", "1"}, {"c", "0"}},
                         {{"a", "1"}},
                         {{"a", "0"}, {"b", "0"}, {"c", "0"}},
                         {{"a", "1"}, {"b", "0"}},
                         {{"b", "0"}, {"c", "1"}},
                         {{"a", "1"}},
                         {{"a", "0"}, {"b", "0"}},
                         {{"b", "1"}, {"c", "1"}},
                         {{"a", "1"}, {"c", "1"}},
                         {{"a", "0"}, {"b", "0"}, {"c", "1"}},
                         {{"a", "1"}, {"b", "1"}},
                         {{"a", "1"}, {"b", "0"}, {"c", "0"}},
                         {{"a", "0"}, {"c", "0"}},
                         {{"a", "0"}, {"b", "0"}, {"c", "0"}},
                         {{"a", "0"}, {"b", "1"}},
                         {{"a", "0"}, {"b", "0"}, {"c", "0"}},
                         {{"a", "1"}, {"b", "0"}, {"c", "1"}},
                         {{"a", "0"}, {"b", "1"}, {"c", "0"}}};
  const std::vector<GroupValues> views = {{{"b", "1"}},
                                          {{"b", "1"}},
                                          {{"a", "1"}},
                                          {{"a", "0"}, {"b", "0"}},
                                          {{"a", "0"}, {"b", "1"}},
                                          {{"c", "1"}},
                                          {{"b", "0"}, {"c", "1"}},
                                          {{"b", "1"}}};
  ASSERT_TRUE(SingledOut(people, views, 4).has_value());
  EXPECT_EQ(AuditViews(Crosstab(people), views, 4).code(), StatusCode::kFailedPrecondition);
}

// --------------------------------------------------------------------------------------------
// GuardBreakdown: a view broken down by one grouping question.

TEST(GuardBreakdownTest, TheRoleBreakdownAfterTheTeamBreakdownWithholdsTheCrossingCell) {
  // Attack: the team breakdown has been shown (A: 6, B: 10). Showing the role breakdown in
  // full would show "manager" (the 5 in team A) and A minus manager is one person.
  People people = CrossingTeams();
  Add(people, 6, {{"team", "B"}, {"role", "volunteer"}});
  const auto crosstab = Crosstab(people);
  const std::vector<GroupValues> released = {{}, {{"team", "A"}}, {{"team", "B"}}};
  ASSERT_TRUE(AuditViews(crosstab, released, 5).ok());
  BreakdownRequest request;
  request.grouping = "role";
  request.values = {"manager", "staff", "volunteer"};
  const Result<GuardedBreakdown> guarded = GuardBreakdown(crosstab, released, request, 5);
  ASSERT_TRUE(guarded.ok()) << guarded.status().ToString();
  // Staff (11) is kept first, as the largest. Volunteer (6) would then leak too: team B minus
  // volunteers is B's staff, and staff minus B's staff is A's staff member. Manager is
  // withheld because A minus manager is that same person.
  EXPECT_EQ(guarded->suppression.cells,
            (std::vector<D>{D::kDifferencing, D::kShown, D::kDifferencing, D::kNotStated}));
  std::vector<GroupValues> everything = released;
  everything.insert(everything.end(), guarded->to_record.begin(), guarded->to_record.end());
  EXPECT_FALSE(SingledOut(people, everything, 5).has_value());
  EXPECT_TRUE(AuditViews(crosstab, everything, 5).ok());
  // Control: showing manager as well lets the oracle find the staff member of team A.
  everything.push_back({{"role", "manager"}});
  EXPECT_TRUE(SingledOut(people, everything, 5).has_value());
}

TEST(GuardBreakdownTest, InsideAFilteredViewCellsAreCheckedAgainstTheWholeCampaignsCells) {
  // The team breakdown of the whole campaign is shown. Then {role: manager} broken down by
  // team: the cell {manager, youth} (8) against {team: youth} (10) would reveal the 2 youth who
  // are not managers.
  People people;
  Add(people, 8, {{"team", "youth"}, {"role", "manager"}});
  Add(people, 2, {{"team", "youth"}, {"role", "staff"}});
  Add(people, 7, {{"team", "finance"}, {"role", "manager"}});
  Add(people, 9, {{"team", "finance"}, {"role", "staff"}});
  Add(people, 6, {{"team", "care"}, {"role", "manager"}});
  Add(people, 6, {{"team", "care"}, {"role", "staff"}});
  const auto crosstab = Crosstab(people);
  const std::vector<GroupValues> released = {
      {}, {{"team", "youth"}}, {{"team", "finance"}}, {{"team", "care"}}};
  BreakdownRequest request;
  request.filter = {{"role", "manager"}};
  request.grouping = "team";
  request.values = {"youth", "finance", "care"};
  const Result<GuardedBreakdown> guarded = GuardBreakdown(crosstab, released, request, 5);
  ASSERT_TRUE(guarded.ok()) << guarded.status().ToString();
  EXPECT_EQ(guarded->suppression.cells[0], D::kDifferencing);  // youth managers
  EXPECT_TRUE(guarded->suppression.total_shown);
  std::vector<GroupValues> everything = released;
  everything.insert(everything.end(), guarded->to_record.begin(), guarded->to_record.end());
  EXPECT_FALSE(SingledOut(people, everything, 5).has_value());
}

TEST(GuardBreakdownTest, ComplementarySuppressionAppliesInsideAFilteredView) {
  // {team: youth} by role: manager 9, staff 2 (withheld), not stated 0: staff alone would be
  // youth minus managers, so managers are withheld too.
  People people;
  Add(people, 9, {{"team", "youth"}, {"role", "manager"}});
  Add(people, 2, {{"team", "youth"}, {"role", "staff"}});
  Add(people, 20, {{"team", "finance"}, {"role", "staff"}});
  BreakdownRequest request;
  request.filter = {{"team", "youth"}};
  request.grouping = "role";
  request.values = {"manager", "staff"};
  const auto guarded = GuardBreakdown(Crosstab(people), std::vector<GroupValues>{{}}, request, 5);
  ASSERT_TRUE(guarded.ok()) << guarded.status().ToString();
  EXPECT_EQ(guarded->suppression.cells,
            (std::vector<D>{D::kComplementary, D::kBelowThreshold, D::kNotStated}));
  EXPECT_EQ(guarded->to_record, (std::vector<GroupValues>{{}, {{"team", "youth"}}}));
}

TEST(GuardBreakdownTest, AViewThatMayNotBeShownIsRefused) {
  const auto crosstab = Crosstab(CrossingTeams());
  BreakdownRequest request;
  request.grouping = "team";
  request.values = {"A", "B"};
  // {role: staff} holds 11 of 16: the whole campaign minus it is the 5 managers, fine; but
  // once {team: A} has been released, {role: staff} crosses it.
  request.filter = {{"role", "staff"}};
  EXPECT_TRUE(GuardBreakdown(crosstab, std::vector<GroupValues>{{}}, request, 5).ok());
  const auto crossing =
      GuardBreakdown(crosstab, std::vector<GroupValues>{{}, {{"team", "A"}}}, request, 5);
  EXPECT_EQ(crossing.status().code(), StatusCode::kFailedPrecondition);
  // A view under k is refused.
  request.filter = {{"team", "A"}, {"role", "staff"}};
  request.grouping = "tenure";
  request.values = {"short", "long"};
  EXPECT_EQ(GuardBreakdown(crosstab, std::vector<GroupValues>{{}}, request, 5).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(GuardBreakdownTest, WithheldValuesStayWithheld) {
  People people;
  Add(people, 9, {{"team", "A"}});
  Add(people, 9, {{"team", "B"}});
  Add(people, 9, {{"team", "C"}});
  BreakdownRequest request;
  request.grouping = "team";
  request.values = {"A", "B", "C"};
  request.withheld = {"B"};
  const auto guarded = GuardBreakdown(Crosstab(people), std::vector<GroupValues>{{}}, request, 5);
  ASSERT_TRUE(guarded.ok());
  EXPECT_EQ(guarded->suppression.cells,
            (std::vector<D>{D::kShown, D::kWithheld, D::kShown, D::kNotStated}));
  EXPECT_EQ(guarded->to_record, (std::vector<GroupValues>{{}, {{"team", "A"}}, {{"team", "C"}}}));
}

TEST(GuardBreakdownTest, BadRequestsAreInvalid) {
  const auto crosstab = Crosstab(CrossingTeams());
  BreakdownRequest request;
  request.values = {"A"};
  EXPECT_EQ(GuardBreakdown(crosstab, {}, request, 5).status().code(), StatusCode::kInvalidArgument);
  request.grouping = "team";
  request.filter = {{"team", "A"}};
  EXPECT_EQ(GuardBreakdown(crosstab, {}, request, 5).status().code(), StatusCode::kInvalidArgument);
  request.filter = {};
  request.values = {"A", "A"};
  EXPECT_EQ(GuardBreakdown(crosstab, {}, request, 5).status().code(), StatusCode::kInvalidArgument);
  request.values = {"A", ""};
  EXPECT_EQ(GuardBreakdown(crosstab, {}, request, 5).status().code(), StatusCode::kInvalidArgument);
}

TEST(GuardBreakdownTest, ADashboardForAnOrganisationOfTwoHundredShowsMostCells) {
  // Seven teams (one of 3 people), four roles and four tenure bands, some not stated; the
  // dashboard shows the campaign by each grouping, then managers by team and newcomers by role.
  std::mt19937 random(2024);
  const std::vector<std::string> teams = {"admin",   "care",   "youth",   "finance",
                                          "housing", "advice", "outreach"};
  const std::vector<std::string> roles = {"board", "manager", "staff", "volunteer"};
  const std::vector<std::string> tenures = {"<1", "1-3", "3-10", "10+"};
  People people;
  for (int p = 0; p < 200; ++p) {
    GroupValues person;
    person["team"] = p < 3 ? "admin" : teams[1 + random() % 6];
    if (random() % 12 != 0) person["role"] = roles[random() % 4];
    if (random() % 12 != 0) person["tenure"] = tenures[random() % 4];
    people.push_back(person);
  }
  const auto crosstab = Crosstab(people);
  std::vector<BreakdownRequest> requests(5);
  requests[0] = {{}, "team", teams, {}};
  requests[1] = {{}, "role", roles, {}};
  requests[2] = {{}, "tenure", tenures, {}};
  requests[3] = {{{"role", "manager"}}, "team", teams, {}};
  requests[4] = {{{"tenure", "<1"}}, "role", roles, {}};
  std::vector<GroupValues> released = {{}};
  int shown = 0;
  for (const BreakdownRequest& request : requests) {
    const auto guarded = GuardBreakdown(crosstab, released, request, 5);
    ASSERT_TRUE(guarded.ok()) << guarded.status().ToString();
    EXPECT_FALSE(IsShown(guarded->suppression.cells.back()));  // never "not stated"
    for (D d : guarded->suppression.cells) shown += IsShown(d) ? 1 : 0;
    released.insert(released.end(), guarded->to_record.begin(), guarded->to_record.end());
  }
  EXPECT_GT(shown, 15);
  // Too many people for the oracle; AuditViewsPropertyTest checks the audit against it on
  // smaller populations.
  EXPECT_TRUE(AuditViews(crosstab, released, 5).ok());
}

// Random dashboards (seeded): a sequence of breakdowns, each guarded against everything
// released before it. At the end the oracle finds no one singled out by all of it together.
TEST(GuardBreakdownPropertyTest, ASequenceOfGuardedBreakdownsNeverSinglesAnyoneOut) {
  std::mt19937 random(99);
  const std::vector<std::string> groupings = {"team", "role", "tenure"};
  int cells_shown = 0;
  int cells_withheld_for_differencing = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const int64_t k = std::uniform_int_distribution<int64_t>(3, 4)(random);
    People people;
    const size_t count = std::uniform_int_distribution<size_t>(8, 11)(random);
    for (size_t p = 0; p < count; ++p) {
      GroupValues person;
      for (const std::string& grouping : groupings) {
        const auto value = random() % 5;  // 4 = not stated
        if (value < 4) person[grouping] = std::to_string(value % 2);
      }
      people.push_back(person);
    }
    const auto crosstab = Crosstab(people);
    std::vector<GroupValues> released;
    if (CountMatching(crosstab, {}) >= k) released.push_back({});
    for (int step = 0; step < 4; ++step) {
      BreakdownRequest request;
      request.grouping = groupings[random() % 3];
      request.values = {"0", "1"};
      if (random() % 2 == 0) {
        const std::string& other = groupings[random() % 3];
        if (other != request.grouping) request.filter[other] = std::to_string(random() % 2);
      }
      const auto guarded = GuardBreakdown(crosstab, released, request, k);
      if (!guarded.ok()) {
        ASSERT_EQ(guarded.status().code(), StatusCode::kFailedPrecondition);
        continue;
      }
      for (D d : guarded->suppression.cells) {
        cells_shown += IsShown(d) ? 1 : 0;
        cells_withheld_for_differencing += d == D::kDifferencing ? 1 : 0;
      }
      released.insert(released.end(), guarded->to_record.begin(), guarded->to_record.end());
      ASSERT_FALSE(SingledOut(people, released, k).has_value()) << "trial " << trial;
    }
  }
  EXPECT_GT(cells_shown, 20);
  EXPECT_GT(cells_withheld_for_differencing, 0);
}

}  // namespace
}  // namespace tessera::scoring
