#include "scoring/response_layout.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "instruments/instrument_loader.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;
using nlohmann::json;

const std::vector<std::string> kTeams = {"finance", "outreach", "care"};

using testing::CatalogueInstrument;
using testing::Category;
using testing::Code;
using testing::Dimension;
using testing::Number;

size_t ColumnOf(const ResponseLayout& layout, const std::string& item) {
  for (size_t c = 0; c < layout.scored().size(); ++c) {
    if (layout.scored()[c].item_id == item) return c;
  }
  for (size_t g = 0; g < layout.groupings().size(); ++g) {
    if (layout.groupings()[g].item_id == item) return layout.grouping_cell(g);
  }
  ADD_FAILURE() << "no column for " << item;
  return 0;
}

std::vector<uint8_t> EncodeRow(const ResponseLayout& layout, const json& answers) {
  std::vector<uint8_t> row(layout.width(), 123);  // Encode must overwrite every cell
  layout.Encode(answers, row.data());
  return row;
}

// A minimal instrument built in code: one dimension fed by `items` items on `scale`.
ins::Instrument Synthetic(ins::ResponseScale scale, size_t items) {
  ins::Instrument in;
  in.id = "synthetic";
  in.scoring.min_answered_share = 0.5;
  in.scales.push_back(std::move(scale));
  in.dimensions.push_back(Dimension("d"));
  ins::Section section;
  section.id = "s";
  for (size_t i = 0; i < items; ++i) {
    ins::Item item;
    item.id = "I" + std::to_string(i);
    item.scale = in.scales[0].id;
    item.dimension = "d";
    section.items.push_back(item);
  }
  in.sections.push_back(std::move(section));
  return in;
}

ins::ResponseScale OrdinalScale(int min, int max, size_t codes) {
  ins::ResponseScale scale;
  scale.id = "ord";
  for (int v = min; v <= max; ++v) scale.values.push_back(Number(v));
  for (size_t i = 0; i < codes; ++i) scale.codes.push_back(Code("c" + std::to_string(i)));
  return scale;
}

TEST(ResponseLayoutTest, ColumnsFollowTheInstrument) {
  const ins::Instrument in = CatalogueInstrument("staff-attitudes", "1.1.0");
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok()) << layout.status().ToString();

  // Scored columns: the scored items in page order, with their scale and keying.
  std::vector<std::string> scored_ids;
  for (const ins::Item* item : in.Items()) {
    if (item->scored()) scored_ids.push_back(item->id);
  }
  ASSERT_EQ(layout->scored().size(), scored_ids.size());
  ASSERT_EQ(layout->scored().size(), 36u);
  for (size_t c = 0; c < scored_ids.size(); ++c) {
    const ScoredColumn& column = layout->scored()[c];
    const ins::Item& item = *in.FindItem(scored_ids[c]);
    EXPECT_EQ(column.item_id, scored_ids[c]);
    EXPECT_EQ(column.min, 1);
    EXPECT_EQ(column.max, 5);
    EXPECT_EQ(column.values(), 5u);
    EXPECT_EQ(column.codes, 1u);  // "dk"
    EXPECT_EQ(column.reverse, item.reverse);
    EXPECT_EQ(layout->dimensions()[column.dimension].id, item.dimension);
  }
  EXPECT_TRUE(layout->scored()[ColumnOf(*layout, "RSK-04")].reverse);

  // Grouping columns: every grouping item, teams from the campaign.
  ASSERT_EQ(layout->groupings().size(), 5u);
  EXPECT_EQ(layout->width(), 41u);
  const GroupingColumn& team = layout->groupings()[0];
  EXPECT_EQ(team.item_id, "team");
  EXPECT_EQ(team.grouping, ins::Grouping::kTeam);
  EXPECT_EQ(team.categories, kTeams);
  EXPECT_EQ(team.codes, 1u);
  EXPECT_EQ(layout->groupings()[1].categories,
            (std::vector<std::string>{"frontline", "supervisor_manager", "admin_support",
                                      "volunteer", "board"}));
  EXPECT_EQ(layout->grouping_cell(0), 36u);

  // Dimensions in the instrument's order, each with ItemsOf's items.
  ASSERT_EQ(layout->dimensions().size(), in.dimensions.size());
  for (size_t d = 0; d < in.dimensions.size(); ++d) {
    const DimensionColumns& dimension = layout->dimensions()[d];
    EXPECT_EQ(dimension.id, in.dimensions[d].id);
    EXPECT_EQ(dimension.min_share, 0.5);
    const auto items = in.ItemsOf(dimension.id);
    ASSERT_EQ(dimension.columns.size(), items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      EXPECT_EQ(layout->scored()[dimension.columns[i]].item_id, items[i]->id);
    }
  }
}

TEST(ResponseLayoutTest, MinimumAnsweredFollowsTheShareRule) {
  // 0.5 of 3 items = 1.5: 2 needed; of 4 = 2; of 5 = 2.5: 3.
  const ins::Instrument staff = CatalogueInstrument("staff-attitudes", "1.1.0");
  auto layout = ResponseLayout::Build(staff, kTeams);
  ASSERT_TRUE(layout.ok());
  for (const DimensionColumns& dimension : layout->dimensions()) {
    const size_t m = dimension.columns.size();
    const size_t expected = m == 3 ? 2 : m == 4 ? 2 : m == 5 ? 3 : 0;
    EXPECT_EQ(dimension.min_answered, expected) << dimension.id << " with " << m << " items";
  }
  // 0.6 of 10 = 6 exactly (3 of 5 meets 0.6: counts, not rounded shares); of 8 = 4.8: 5;
  // of 7 = 4.2: 5.
  const ins::Instrument capability = CatalogueInstrument("partnership-capability", "1.0.0");
  auto capability_layout = ResponseLayout::Build(capability, kTeams);
  ASSERT_TRUE(capability_layout.ok());
  for (const DimensionColumns& dimension : capability_layout->dimensions()) {
    const size_t m = dimension.columns.size();
    const size_t expected = m == 10 ? 6 : m == 8 ? 5 : m == 7 ? 5 : 0;
    EXPECT_EQ(dimension.min_answered, expected) << dimension.id << " with " << m << " items";
  }
}

TEST(ResponseLayoutTest, EncodesValuesCodesAndGroupings) {
  const ins::Instrument in = CatalogueInstrument("staff-attitudes", "1.1.0");
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  const json answers = {{"DIV-01", 1},         {"DIV-02", 5},        {"DIV-03", "dk"},
                        {"DIV-04", 7},         {"KNW-01", 3.0},      {"KNW-02", "maybe"},
                        {"KNW-03", nullptr},   {"team", "outreach"}, {"role", "pnts"},
                        {"tenure", "unknown"}, {"NOT-AN-ITEM", 3},   {"first-language", 2}};
  const auto row = EncodeRow(*layout, answers);
  EXPECT_EQ(row[ColumnOf(*layout, "DIV-01")], 1);             // 1 + (1 - 1)
  EXPECT_EQ(row[ColumnOf(*layout, "DIV-02")], 5);             // raw, not recoded
  EXPECT_EQ(row[ColumnOf(*layout, "DIV-03")], 200);           // "dk", the scale's first code
  EXPECT_EQ(row[ColumnOf(*layout, "DIV-04")], kCellMissing);  // off the scale
  EXPECT_EQ(row[ColumnOf(*layout, "KNW-01")], kCellMissing);  // 3.0 is not an integer answer
  EXPECT_EQ(row[ColumnOf(*layout, "KNW-02")], kCellMissing);  // not a code of the scale
  EXPECT_EQ(row[ColumnOf(*layout, "KNW-03")], kCellMissing);
  EXPECT_EQ(row[ColumnOf(*layout, "KNW-04")], kCellMissing);          // unanswered
  EXPECT_EQ(row[ColumnOf(*layout, "team")], 2);                       // 1 + index of "outreach"
  EXPECT_EQ(row[ColumnOf(*layout, "role")], 200);                     // prefer not to say
  EXPECT_EQ(row[ColumnOf(*layout, "tenure")], kCellMissing);          // not a category
  EXPECT_EQ(row[ColumnOf(*layout, "first-language")], kCellMissing);  // a number on a nominal
                                                                      // scale
  EXPECT_EQ(row[ColumnOf(*layout, "minority-ethnic")], kCellMissing);
}

TEST(ResponseLayoutTest, ExtremeIntegersAreOffTheScaleNotAnOverflow) {
  const ins::Instrument in = CatalogueInstrument("staff-attitudes", "1.1.0");
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  for (const int64_t extreme :
       {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1, int64_t{-1},
        int64_t{0}, std::numeric_limits<int64_t>::max()}) {
    const auto row = EncodeRow(*layout, json{{"DIV-01", extreme}, {"tenure", extreme}});
    EXPECT_EQ(row[ColumnOf(*layout, "DIV-01")], kCellMissing) << extreme;
    EXPECT_EQ(row[ColumnOf(*layout, "tenure")], kCellMissing) << extreme;
    // The same from stored text.
    const std::string text = "{\"DIV-01\": " + std::to_string(extreme) + "}";  // outlives view
    AnswerView view;
    ASSERT_TRUE(view.Parse(text));
    std::vector<uint8_t> cells(layout->width());
    layout->Encode(view, cells.data());
    EXPECT_EQ(cells[ColumnOf(*layout, "DIV-01")], kCellMissing) << extreme;
  }
}

TEST(ResponseLayoutTest, EncodesScalesStartingAtZero) {
  const ins::Instrument in = CatalogueInstrument("partnership-capability", "1.0.0");
  auto layout = ResponseLayout::Build(in, {});
  ASSERT_TRUE(layout.ok());
  const ScoredColumn& first = layout->scored()[0];
  EXPECT_EQ(first.min, 0);
  EXPECT_EQ(first.max, 4);
  const auto row = EncodeRow(*layout, {{first.item_id, 0}});
  EXPECT_EQ(row[0], 1);
  EXPECT_EQ(EncodeRow(*layout, {{first.item_id, 4}})[0], 5);
  EXPECT_EQ(EncodeRow(*layout, {{first.item_id, 5}})[0], kCellMissing);
  EXPECT_EQ(EncodeRow(*layout, {{first.item_id, -1}})[0], kCellMissing);
  // No teams: the team question has no categories, so any answer is "not stated".
  const size_t team = ColumnOf(*layout, "team");
  EXPECT_TRUE(layout->groupings()[team - layout->scored().size()].categories.empty());
  EXPECT_EQ(EncodeRow(*layout, {{"team", "finance"}})[team], kCellMissing);
  EXPECT_EQ(EncodeRow(*layout, {{"team", "pnts"}})[team], 200);
}

TEST(ResponseLayoutTest, EncodesSecondCodesAndNonObjects) {
  const ins::Instrument in = CatalogueInstrument("partnership-charter", "1.0.0");
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  const std::string& item = layout->scored()[0].item_id;
  EXPECT_EQ(layout->scored()[0].codes, 2u);
  EXPECT_EQ(EncodeRow(*layout, {{item, "na"}})[0], 201);
  EXPECT_EQ(EncodeRow(*layout, {{item, "dk"}})[0], 200);
  for (const json& not_answers : {json(nullptr), json::array({1, 2}), json("text")}) {
    EXPECT_EQ(EncodeRow(*layout, not_answers), std::vector<uint8_t>(layout->width(), 0));
  }
  // A huge unsigned number is not mistaken for a small negative one.
  EXPECT_EQ(EncodeRow(*layout, {{item, std::numeric_limits<uint64_t>::max()}})[0], 0);
}

TEST(ResponseLayoutTest, EveryCatalogueInstrumentBuilds) {
  const std::vector<std::pair<std::string, std::string>> refs = {
      {"staff-attitudes", "1.0.0"},
      {"staff-attitudes", "1.1.0"},
      {"partner-feedback", "1.0.0"},
      {"partnership-capability", "1.0.0"},
      {"partnership-charter", "1.0.0"}};
  const std::vector<size_t> scored = {36, 36, 32, 56, 36};
  const std::vector<size_t> groupings = {5, 5, 3, 3, 2};
  for (size_t i = 0; i < refs.size(); ++i) {
    const ins::Instrument in = CatalogueInstrument(refs[i].first, refs[i].second);
    auto layout = ResponseLayout::Build(in, kTeams);
    ASSERT_TRUE(layout.ok()) << refs[i].first << ": " << layout.status().ToString();
    EXPECT_EQ(layout->scored().size(), scored[i]) << refs[i].first;
    EXPECT_EQ(layout->groupings().size(), groupings[i]) << refs[i].first;
    EXPECT_EQ(layout->width(), scored[i] + groupings[i]);
    size_t fed = 0;
    for (const auto& dimension : layout->dimensions()) fed += dimension.columns.size();
    EXPECT_EQ(fed, scored[i]) << "every scored column feeds exactly one dimension";
  }
}

TEST(ResponseLayoutTest, RejectsWhatACellCannotHold) {
  // 199 values fit; 200 do not.
  EXPECT_TRUE(ResponseLayout::Build(Synthetic(OrdinalScale(1, 199, 1), 2), {}).ok());
  auto wide = ResponseLayout::Build(Synthetic(OrdinalScale(1, 200, 1), 2), {});
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().code(), StatusCode::kInvalidArgument);
  // 56 codes fit; 57 do not.
  EXPECT_TRUE(ResponseLayout::Build(Synthetic(OrdinalScale(1, 5, 56), 2), {}).ok());
  auto coded = ResponseLayout::Build(Synthetic(OrdinalScale(1, 5, 57), 2), {});
  ASSERT_FALSE(coded.ok());
  EXPECT_EQ(coded.status().code(), StatusCode::kInvalidArgument);
  // Values far from zero: sums must stay exact in 64 bits.
  EXPECT_TRUE(ResponseLayout::Build(Synthetic(OrdinalScale(-1000, -990, 1), 2), {}).ok());
  EXPECT_TRUE(ResponseLayout::Build(Synthetic(OrdinalScale(990, 1000, 1), 2), {}).ok());
  EXPECT_FALSE(ResponseLayout::Build(Synthetic(OrdinalScale(995, 1001, 1), 2), {}).ok());
  EXPECT_FALSE(ResponseLayout::Build(Synthetic(OrdinalScale(-1001, -995, 1), 2), {}).ok());
  // A scored item on a nominal scale.
  ins::ResponseScale nominal;
  nominal.id = "nom";
  nominal.kind = ins::ScaleKind::kNominal;
  nominal.values = {Category("a"), Category("b")};
  EXPECT_FALSE(ResponseLayout::Build(Synthetic(nominal, 2), {}).ok());
}

TEST(ResponseLayoutTest, RejectsRepeatedTeamsAndUnknownValueSources) {
  const ins::Instrument in = CatalogueInstrument("staff-attitudes", "1.1.0");
  auto repeated = ResponseLayout::Build(in, {"finance", "care", "finance"});
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.status().code(), StatusCode::kInvalidArgument);

  ins::Instrument odd = in;
  for (auto& scale : odd.scales) {
    if (scale.values_from == "organisation.teams") scale.values_from = "organisation.sites";
  }
  auto unknown = ResponseLayout::Build(odd, kTeams);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
}

TEST(ResponseLayoutTest, OrdinalGroupingQuestionsUseCategoryIndexes) {
  // A grouping question on an ordinal scale with gaps: categories are indexes, not offsets.
  ins::Instrument in = Synthetic(OrdinalScale(1, 5, 1), 2);
  ins::ResponseScale years;
  years.id = "years";
  years.values = {Number(1), Number(5), Number(10)};
  years.codes = {Code("pnts", ins::CodeMeaning::kPreferNotToSay)};
  in.scales.push_back(years);
  ins::Item grouping;
  grouping.id = "years";
  grouping.type = ins::ItemType::kSingleChoice;
  grouping.scale = "years";
  grouping.grouping = ins::Grouping::kTenure;
  in.sections[0].items.insert(in.sections[0].items.begin(), grouping);
  auto layout = ResponseLayout::Build(in, {});
  ASSERT_TRUE(layout.ok()) << layout.status().ToString();
  ASSERT_EQ(layout->groupings().size(), 1u);
  EXPECT_EQ(layout->groupings()[0].categories, (std::vector<std::string>{"1", "5", "10"}));
  EXPECT_EQ(EncodeRow(*layout, {{"years", 10}})[2], 3);
  EXPECT_EQ(EncodeRow(*layout, {{"years", 5}})[2], 2);
  EXPECT_EQ(EncodeRow(*layout, {{"years", 4}})[2], kCellMissing);
  EXPECT_EQ(EncodeRow(*layout, {{"years", "pnts"}})[2], 200);
}

}  // namespace
}  // namespace tessera::scoring

namespace tessera::scoring {
namespace {

TEST(ResponseLayoutFindGroupingTest, ByItemIdOrByAKindOnlyOneQuestionHas) {
  const auto staff = testing::CatalogueInstrument("staff-attitudes", "1.1.0");
  auto layout = ResponseLayout::Build(staff, {"youth", "family"});
  ASSERT_TRUE(layout.ok()) << layout.status().ToString();
  const auto& groupings = layout->groupings();
  for (size_t g = 0; g < groupings.size(); ++g) {
    EXPECT_EQ(*layout->FindGrouping(groupings[g].item_id, "staff-attitudes@1.1.0"), g);
  }
  // "team" is the kind of exactly one question; "identity" of two, so it names neither.
  auto team = layout->FindGrouping("team", "staff-attitudes@1.1.0");
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(groupings[*team].item_id, "team");
  size_t identities = 0;
  for (const auto& grouping : groupings) {
    if (instruments::ToString(grouping.grouping) == "identity") ++identities;
  }
  ASSERT_GE(identities, 2u);
  for (const std::string by : {"identity", "shoe-size", ""}) {
    auto refused = layout->FindGrouping(by, "staff-attitudes@1.1.0");
    ASSERT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << by;
    EXPECT_EQ(refused.status().pointer(), "/by");
    EXPECT_NE(refused.status().message().find("staff-attitudes@1.1.0"), std::string::npos);
    EXPECT_NE(refused.status().message().find("minority-ethnic"), std::string::npos);
  }
}

}  // namespace
}  // namespace tessera::scoring
