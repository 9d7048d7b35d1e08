// The disclosure plan of a campaign of staff-attitudes@1.1.0: every grouping's cells, every
// item's and dimension's own cells and the responses export's columns, decided together. Each
// test is an attack that works on what the breakdowns alone would show and fails on the plan.
#include "scoring/disclosure_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "scoring/campaign_report.h"
#include "scoring/campaign_statistics.h"
#include "scoring/count_audit.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

using nlohmann::json;

class DisclosurePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    instrument_ = testing::CatalogueInstrument("staff-attitudes", "1.1.0");
    auto layout = ResponseLayout::Build(instrument_, {"a", "b", "c"});
    ASSERT_TRUE(layout.ok()) << layout.status().ToString();
    layout_ = std::make_unique<ResponseLayout>(std::move(*layout));
    atoms_ = std::make_unique<AtomStatistics>(*layout_);
    statistics_ = std::make_unique<CampaignStatistics>(*layout_);
  }

  // One respondent: every scored item answered `value` unless `answers` says otherwise
  // (null: unanswered).
  void Add(const std::string& team, const std::string& role, int value,
           const json& answers = json::object()) {
    json row = json::object();
    for (const instruments::Item* item : instrument_.Items()) {
      if (item->scored()) row[item->id] = value;
    }
    for (const auto& [key, answer] : answers.items()) {
      if (answer.is_null()) {
        row.erase(key);
      } else {
        row[key] = answer;
      }
    }
    if (!team.empty()) row["team"] = team;
    if (!role.empty()) row["role"] = role;
    std::vector<uint8_t> cells(layout_->width());
    layout_->Encode(row, cells.data());
    atoms_->Add(cells.data());
    statistics_->Add(cells.data());
  }
  void AddMany(int count, const std::string& team, const std::string& role, int value,
               const json& answers = json::object()) {
    for (int i = 0; i < count; ++i) Add(team, role, value, answers);
  }

  DisclosurePlan Plan(int64_t k = 5) {
    DisclosurePlanOptions options;
    options.k = k;
    auto plan = BuildDisclosurePlan(*atoms_, options);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_TRUE(plan->Fits(*layout_));
    return std::move(*plan);
  }

  size_t Column(const std::string& item) const {
    for (size_t c = 0; c < layout_->scored().size(); ++c) {
      if (layout_->scored()[c].item_id == item) return c;
    }
    ADD_FAILURE() << "no column " << item;
    return 0;
  }
  size_t Grouping(const std::string& item) const {
    auto found = layout_->FindGrouping(item, "staff-attitudes@1.1.0");
    EXPECT_TRUE(found.ok());
    return *found;
  }

  instruments::Instrument instrument_;
  std::unique_ptr<ResponseLayout> layout_;
  std::unique_ptr<AtomStatistics> atoms_;
  std::unique_ptr<CampaignStatistics> statistics_;
};

TEST_F(DisclosurePlanTest, AnItemAnsweredByTwoInATeamIsWithheldWithAComplement) {
  // Team a: 10 people, only 2 answered DIV-03. Everyone states a team, so the whole campaign's
  // DIV-03 minus teams b's and c's would be a's two answers.
  AddMany(2, "a", "frontline", 5);
  AddMany(8, "a", "frontline", 3, {{"DIV-03", nullptr}});
  AddMany(9, "b", "frontline", 3);
  AddMany(12, "c", "frontline", 2);
  const DisclosurePlan plan = Plan();
  const size_t team = Grouping("team");
  EXPECT_TRUE(IsShown(plan.groups[team][0]));  // the group itself is shown
  const FigureRelease& item = plan.items[Column("DIV-03")];
  EXPECT_TRUE(item.overall);
  EXPECT_EQ(item.cells[team][0], CellDecision::kBelowThreshold);
  // The complement: b (the smaller of b and c) is withheld for DIV-03 as well.
  EXPECT_EQ(item.cells[team][1], CellDecision::kComplementary);
  EXPECT_TRUE(item.Shown(team, 2));
  // Another item is shown in every team.
  EXPECT_TRUE(plan.items[Column("DIV-01")].Shown(team, 0));
  EXPECT_TRUE(plan.items[Column("DIV-01")].Shown(team, 1));

  // The score report follows: DIV-03 withheld in a and b, and the dimension's "don't know"
  // counts with it (they sum over the items).
  ReportOptions options;
  options.k = 5;
  options.plan = &plan;
  auto report = BuildScoreReport(instrument_, *statistics_, options, BreakdownOptions{team, {}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const json& cells = (*report)["breakdown"]["cells"];
  for (int c : {0, 1}) {
    const json& dimension = cells[c]["dimensions"][0];
    ASSERT_EQ(dimension["dimension"], "diversity-attitudes");
    EXPECT_TRUE(dimension["items"][2]["suppressed"].get<bool>());
    EXPECT_TRUE(dimension["dont_know"]["suppressed"].get<bool>());
    EXPECT_FALSE(dimension["items"][0].contains("suppressed"));
  }
  EXPECT_FALSE(cells[2]["dimensions"][0]["items"][2].contains("suppressed"));
}

TEST_F(DisclosurePlanTest, ZeroCellsDoNotGiveAnswersAway) {
  // Team a: 8 frontline who answered DIV-01 with 3 and 2 supervisors who answered 5; team b:
  // 6 frontline, 5 supervisors, all 3; team c: 7 frontline, 5 supervisors, all 2. The team
  // table (a holds two 5s) and the role table (frontline holds none) together say that a's two
  // supervisors both answered 5.
  AddMany(8, "a", "frontline", 3);
  AddMany(2, "a", "supervisor_manager", 3, {{"DIV-01", 5}});
  AddMany(6, "b", "frontline", 3);
  AddMany(5, "b", "supervisor_manager", 3);
  AddMany(7, "c", "frontline", 2);
  AddMany(5, "c", "supervisor_manager", 2);
  const DisclosurePlan plan = Plan();
  const size_t team = Grouping("team");
  const size_t role = Grouping("role");
  // Both breakdowns are shown at group level (the crossing is a count, not a sum).
  EXPECT_TRUE(IsShown(plan.groups[team][0]));
  EXPECT_TRUE(IsShown(plan.groups[role][0]));
  EXPECT_TRUE(IsShown(plan.groups[role][1]));
  const FigureRelease& item = plan.items[Column("DIV-01")];
  // The attack needs a's table and frontline's: one of them is withheld for DIV-01.
  EXPECT_FALSE(item.Shown(team, 0) && item.Shown(role, 0));
  bool narrowed = false;
  for (const auto& cells : item.cells) {
    for (CellDecision decision : cells) narrowed = narrowed || decision == CellDecision::kNarrowing;
  }
  EXPECT_TRUE(narrowed);
  EXPECT_GT(plan.count_audit_withheld, 0);
  // An item without the telling pattern keeps both tables.
  EXPECT_TRUE(plan.items[Column("DIV-02")].Shown(team, 0));
  EXPECT_TRUE(plan.items[Column("DIV-02")].Shown(role, 0));
}

TEST_F(DisclosurePlanTest, ASecondExportColumnIsKeptOnlyWhenItsCrossingIsSafe) {
  // Teams a, b, c of 10; roles frontline and volunteer split 5/5 in each team: every cell of the
  // crossing holds 5, so team and role can both be exported.
  for (const char* t : {"a", "b", "c"}) {
    AddMany(5, t, "frontline", 3);
    AddMany(5, t, "volunteer", 4);
  }
  DisclosurePlan plan = Plan();
  EXPECT_TRUE(plan.export_columns[Grouping("team")].included);
  EXPECT_TRUE(plan.export_columns[Grouping("role")].included);

  // One more volunteer in team a makes (a, volunteer) 6, still fine; a lone frontline volunteer
  // in a fourth role would not be kept. Instead: split team a's frontline into 3 + 2 board
  // members: (a, board) holds 2, so role is left out of the export (the breakdown by role may
  // still show board if it has k overall).
  SetUp();
  for (const char* t : {"a", "b", "c"}) {
    AddMany(5, t, "frontline", 3);
    AddMany(5, t, "volunteer", 4);
  }
  AddMany(2, "a", "board", 3);
  AddMany(4, "b", "board", 3);
  plan = Plan();
  EXPECT_TRUE(plan.export_columns[Grouping("team")].included);
  EXPECT_FALSE(plan.export_columns[Grouping("role")].included);
  EXPECT_FALSE(plan.export_columns[Grouping("role")].note.empty());
}

// Whatever the data, what the plan publishes passes the audits it was made with: every figure's
// shown cells pass the count audit and the differencing audit on its own respondents.
TEST_F(DisclosurePlanTest, PublishedCountsPassTheAuditsOnRandomCampaigns) {
  std::mt19937 random(1207);
  const char* teams[] = {"a", "b", "c", ""};
  const char* roles[] = {"frontline", "supervisor_manager", "volunteer", ""};
  for (int trial = 0; trial < 12; ++trial) {
    SetUp();
    const int people = 20 + static_cast<int>(random() % 30);
    for (int p = 0; p < people; ++p) {
      json answers = json::object();
      for (const char* item : {"DIV-01", "DIV-02", "KNW-01"}) {
        const int choice = static_cast<int>(random() % 7);
        if (choice == 6) {
          answers[item] = nullptr;
        } else if (choice == 5) {
          answers[item] = "dk";
        } else {
          answers[item] = 1 + choice;
        }
      }
      Add(teams[random() % 4], roles[random() % 4], 3, answers);
    }
    const int64_t k = 3 + static_cast<int64_t>(random() % 3);
    const DisclosurePlan plan = Plan(k);
    for (const char* item : {"DIV-01", "DIV-02", "KNW-01"}) {
      const size_t c = Column(item);
      const FigureRelease& release = plan.items[c];
      if (!release.overall) continue;
      std::vector<CountCell> cells = {CountCell::Whole()};
      for (size_t g = 0; g < layout_->groupings().size(); ++g) {
        for (size_t v = 0; v < layout_->groupings()[g].categories.size(); ++v) {
          if (release.Shown(g, v)) {
            cells.push_back(CountCell::Category(layout_->groupings().size(), g,
                                                static_cast<uint8_t>(v + 1),
                                                layout_->groupings()[g].categories.size()));
          }
        }
      }
      std::vector<CountAtom> counts;
      for (const auto& [key, atom] : atoms_->atoms()) {
        const auto first = atom.slots.begin() + static_cast<std::ptrdiff_t>(atoms_->SlotOffset(c));
        counts.push_back(
            CountAtom{key, std::vector<int64_t>(
                               first, first + static_cast<std::ptrdiff_t>(atoms_->SlotCount(c)))});
      }
      CountAuditOptions options;
      options.k = k;
      auto audit =
          AuditCounts(counts, layout_->groupings().size(), atoms_->SlotCount(c), cells, options);
      ASSERT_TRUE(audit.ok());
      EXPECT_TRUE(audit->violations.empty()) << "trial " << trial << " item " << item;
    }
  }
}

}  // namespace
}  // namespace tessera::scoring
