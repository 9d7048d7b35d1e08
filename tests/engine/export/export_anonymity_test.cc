// The responses export's anonymity rules against adversarial campaigns: a team of 2, a team and
// role combination of 3, a hidden team whose complement would be exposed, people who did not
// state their team, and free text from fewer than k people. Grouping columns are decided per
// column (never blanked per row), every value shown in a column is a cell the dashboard shows,
// and no combination of the kept columns describes fewer than k rows.
#include <gtest/gtest.h>

#include <set>

#include "export_test_support.h"

namespace tessera::engine {
namespace {

using nlohmann::json;
using testing::ColumnOf;
using testing::People;
using testing::Person;
using testing::Table;

constexpr char kStaff[] = "staff-attitudes@1.1.0";
constexpr int64_t kK = 5;

class ExportAnonymityTest : public ::testing::Test {
 protected:
  int64_t Make(const std::vector<std::pair<std::vector<Person>, int>>& groups,
               const std::vector<std::string>& comments = {}, unsigned seed = 11) {
    const int64_t id = fixture_.NewCampaign(kStaff);
    std::vector<Person> people;
    for (const auto& [group, count] : groups) {
      for (int i = 0; i < count; ++i) people.insert(people.end(), group.begin(), group.end());
    }
    fixture_.Add(id, people, seed, comments);
    fixture_.Close(id);
    return id;
  }

  // The values the dashboard shows for a grouping (Scores by it).
  std::set<std::string> ShownValues(int64_t id, const std::string& by) {
    std::set<std::string> shown;
    const json report = *fixture_.results.Scores(id, by);
    for (const json& cell : report["breakdown"]["cells"]) {
      if (cell["shown"].get<bool>()) shown.insert(cell["value"].get<std::string>());
    }
    return shown;
  }

  // The checks every responses export must pass.
  void ExpectSafe(int64_t id, const Table& table) {
    std::vector<std::string> kept;
    for (const char* grouping : {"team", "role", "tenure", "minority-ethnic", "first-language"}) {
      const int column = ColumnOf(table, grouping);
      if (column < 0) continue;
      kept.push_back(grouping);
      const std::set<std::string> shown = ShownValues(id, grouping);
      int64_t shown_rows = 0;
      for (const auto& [value, n] : testing::ValueCounts(table, grouping)) {
        EXPECT_FALSE(value.empty()) << grouping << ": a blank cell (row-wise blanking)";
        EXPECT_GE(n, kK) << grouping << " = " << value;
        if (value == "withheld") continue;
        EXPECT_EQ(shown.count(value), 1u) << grouping << " = " << value << " is not shown";
        // The same count the dashboard gives for the cell.
        const json report = *fixture_.results.Scores(id, grouping);
        for (const json& cell : report["breakdown"]["cells"]) {
          if (cell["value"] == value) {
            EXPECT_EQ(cell["respondents"].get<int64_t>(), n);
          }
        }
        shown_rows += n;
      }
      EXPECT_TRUE(shown_rows == static_cast<int64_t>(table.size()) - 1 ||
                  static_cast<int64_t>(table.size()) - 1 - shown_rows >= kK)
          << grouping << ": the withheld rows (total minus shown) number under k";
    }
    if (!kept.empty()) {
      EXPECT_GE(testing::SmallestCombination(table, kept), kK);
    }
  }

  testing::ExportFixture fixture_;
};

TEST_F(ExportAnonymityTest, ATeamOfTwoIsMergedIntoWithheldWithItsComplement) {
  const int64_t id = Make({{People(10, "youth", "frontline"), 1},
                           {People(10, "care", "frontline"), 1},
                           {People(2, "admin", "frontline"), 1}});
  const Table table = fixture_.ExportTable(id, ExportKind::kResponses);
  ASSERT_EQ(table.size(), 23u);
  const auto teams = testing::ValueCounts(table, "team");
  EXPECT_EQ(teams.count("admin"), 0u);
  // admin (2) alone would be withheld rows of 2: one of the other teams goes with it.
  ASSERT_EQ(teams.count("withheld"), 1u);
  EXPECT_EQ(teams.at("withheld"), 12);
  ExpectSafe(id, table);
}

TEST_F(ExportAnonymityTest, AHiddenTeamWhoseComplementWouldBeExposedStaysHidden) {
  // Subtracting the shown teams from the whole campaign must never leave fewer than k rows.
  // (Seed 1: no item's answers in the withheld ten concentrate enough for the count audit to
  // narrow youth's or care's items, which would take the team column out altogether, as it
  // does with 3 of the first 80 seeds.)
  const int64_t id = Make({{People(12, "youth", "frontline"), 1},
                           {People(9, "care", "frontline"), 1},
                           {People(6, "advice", "frontline"), 1},
                           {People(4, "admin", "frontline"), 1}},
                          {}, 1);
  const Table table = fixture_.ExportTable(id, ExportKind::kResponses);
  const auto teams = testing::ValueCounts(table, "team");
  EXPECT_EQ(teams.count("admin"), 0u);
  EXPECT_EQ(teams.count("advice"), 0u);  // the complementary cell
  EXPECT_EQ(teams.at("withheld"), 10);
  ExpectSafe(id, table);
}

TEST_F(ExportAnonymityTest, PeopleWhoDidNotStateTheirTeamAreNotBlankRows) {
  // Two people left the team question unanswered: a blank team cell would single them out.
  const int64_t id = Make({{People(10, "youth", "frontline"), 1},
                           {People(10, "care", "frontline"), 1},
                           {People(2, "", "frontline"), 1}});
  const Table table = fixture_.ExportTable(id, ExportKind::kResponses);
  const auto teams = testing::ValueCounts(table, "team");
  EXPECT_EQ(teams.count(""), 0u);
  EXPECT_EQ(teams.at("withheld"), 12);  // the two, and the complementary team
  ExpectSafe(id, table);
}

TEST_F(ExportAnonymityTest, ATeamAndRoleCombinationOfThreeDropsTheRoleColumn) {
  // Both groupings pass on their own (each cell 10), but youth supervisors are 3 people.
  const int64_t id = Make({{People(7, "youth", "frontline"), 1},
                           {People(3, "youth", "supervisor_manager"), 1},
                           {People(3, "care", "frontline"), 1},
                           {People(7, "care", "supervisor_manager"), 1}});
  EXPECT_EQ(ShownValues(id, "role"), (std::set<std::string>{"frontline", "supervisor_manager"}));
  const Table table = fixture_.ExportTable(id, ExportKind::kResponses);
  EXPECT_GE(ColumnOf(table, "team"), 0);
  EXPECT_EQ(ColumnOf(table, "role"), -1);
  ExpectSafe(id, table);
  const Table codebook = fixture_.ExportTable(id, ExportKind::kCodebook);
  for (size_t r = 1; r < codebook.size(); ++r) {
    if (codebook[r][0] != "role") continue;
    EXPECT_EQ(codebook[r][ColumnOf(codebook, "responses_export")], "omitted");
    // Either the combination itself, or the answers it would narrow down (the count audit:
    // team youth's and role supervisor's distributions together bound the 3 people's answers).
    const std::string& note = codebook[r][ColumnOf(codebook, "note")];
    EXPECT_EQ(note.rfind("left out: ", 0), 0u) << note;
  }
}

TEST_F(ExportAnonymityTest, SafeCrossingsKeepBothColumns) {
  // The control for the test above: with 5 in every combination both columns stay.
  const int64_t id = Make({{People(5, "youth", "frontline"), 1},
                           {People(5, "youth", "supervisor_manager"), 1},
                           {People(5, "care", "frontline"), 1},
                           {People(5, "care", "supervisor_manager"), 1}});
  const Table table = fixture_.ExportTable(id, ExportKind::kResponses);
  EXPECT_GE(ColumnOf(table, "team"), 0);
  EXPECT_GE(ColumnOf(table, "role"), 0);
  EXPECT_EQ(testing::ValueCounts(table, "role").count("withheld"), 0u);
  ExpectSafe(id, table);
}

TEST_F(ExportAnonymityTest, FreeTextNeverSharesARowWithAnswers) {
  // The attack: a comment singled out by differencing two lists gave away the whole response
  // when the responses export carried it on the row of all that person's answers.
  std::vector<std::string> five = {"=HYPERLINK(\"http://x\")", "+1", "-1", "@me", "fine, \"ok\""};
  const int64_t id = Make({{People(12, "youth", "frontline"), 1}}, five);
  const Table responses = fixture_.ExportTable(id, ExportKind::kResponses);
  EXPECT_EQ(ColumnOf(responses, "FREE-01"), -1);
  EXPECT_EQ(ColumnOf(responses, "FREE-02"), -1);
  for (const auto& row : responses) {
    for (const std::string& cell : row) {
      for (const std::string& text : five) {
        EXPECT_NE(cell, text);
        EXPECT_NE(cell, "'" + text);
      }
    }
  }
  // They are in the comments export, with no response id, neutralised where they start like a
  // formula, once in the whole list.
  const Table comments = fixture_.ExportTable(id, ExportKind::kComments);
  EXPECT_EQ(ColumnOf(comments, "response_id"), -1);
  const int text = ColumnOf(comments, "comment");
  const int group = ColumnOf(comments, "group");
  ASSERT_GE(text, 0);
  ASSERT_GE(group, 0);
  std::multiset<std::string> whole;
  for (size_t r = 1; r < comments.size(); ++r) {
    if (comments[r][group] == "all") whole.insert(comments[r][text]);
  }
  EXPECT_EQ(whole, (std::multiset<std::string>{"'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@me",
                                               "fine, \"ok\""}));
}

TEST_F(ExportAnonymityTest, FreeTextNeedsKRespondents) {
  std::vector<std::string> four = {"one", "two", "three", "four"};
  const int64_t few = Make({{People(12, "youth", "frontline"), 1}}, four);
  const Table comments = fixture_.ExportTable(few, ExportKind::kComments);
  const int text = ColumnOf(comments, "comment");
  ASSERT_GE(text, 0);
  for (size_t r = 1; r < comments.size(); ++r) {
    for (const std::string& comment : four) EXPECT_NE(comments[r][text], comment);
  }
}

}  // namespace
}  // namespace tessera::engine
