// The dashboard's building blocks: number formatting, the SVG chart builders (accessible
// markup, withheld rows drawn hatched, geometry on the index), the indicator status rule, the
// scoring range read back from a score report, and which views each instrument and role get.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "server/dashboard/capability_page.h"
#include "server/dashboard/dashboard_format.h"
#include "server/dashboard/svg_band_bars.h"
#include "server/dashboard/svg_diverging_bars.h"
#include "server/dashboard/svg_heatmap.h"
#include "server/dashboard/svg_intervals.h"
#include "tests/server/dashboard/dashboard_test_support.h"

namespace tessera::server::dashboard {
namespace {

using nlohmann::json;
using testing::CountOf;

SvgChartText Text(const std::string& id) {
  return {id, "A <chart> title", "What it \"shows\"", id + "-table"};
}

TEST(DashboardFormatTest, Rounding) {
  EXPECT_EQ(FormatFixed(56.75, 0), "57");
  EXPECT_EQ(FormatFixed(2.2749, 2), "2.27");
  EXPECT_EQ(FormatFixed(-0.04, 1), "0.0");  // never "-0.0"
  EXPECT_EQ(FormatFixed(std::nan(""), 1), "–");
  EXPECT_EQ(FormatSigned(9.823, 1), "+9.8");
  EXPECT_EQ(FormatSigned(-5.98, 1), "−6.0");
  EXPECT_EQ(FormatSigned(0.01, 1), "0.0");
  EXPECT_EQ(FormatPercent(0.5185), "52%");
  EXPECT_EQ(FormatPValue(0.0001), "&lt; 0.001");
  EXPECT_EQ(FormatPValue(0.04851), "0.049");
}

TEST(DashboardFormatTest, WithheldWordingDoesNotTellPrimaryFromComplementary) {
  EXPECT_EQ(WithheldCellText("below_threshold", 5), WithheldCellText("complementary", 5));
  EXPECT_NE(WithheldCellText("below_threshold", 5).find("fewer than 5"), std::string::npos);
  EXPECT_NE(WithheldCellText("no_data", 5), WithheldCellText("complementary", 5));
}

TEST(DashboardFormatTest, ViewsPerInstrumentAndRole) {
  engine::Campaign campaign = testing::DemoCampaign(3, "partnership-capability@1.0.0", "C");
  std::vector<std::string> slugs;
  for (const CampaignView& view : ViewsFor(campaign, "manager")) slugs.push_back(view.slug);
  EXPECT_EQ(slugs, (std::vector<std::string>{"capability", "perspectives", "trends", "evaluator"}));
  campaign.instrument.id = "staff-attitudes";
  slugs.clear();
  for (const CampaignView& view : ViewsFor(campaign, "admin")) slugs.push_back(view.slug);
  EXPECT_EQ(slugs, (std::vector<std::string>{"attitudes", "trends", "evaluator"}));
  ASSERT_EQ(ViewsFor(campaign, "evaluator").size(), 1u);
  EXPECT_EQ(ViewsFor(campaign, "evaluator")[0].slug, "evaluator");
}

TEST(BandBarChartTest, AccessibleMarkupBandsWhiskersAndWithheldRows) {
  BandBarSection section;
  section.heading = "Domain <1>";
  section.note = "largest gap 18.7 points: flagged";
  BandBarRow shown;
  shown.label = "Shown";
  shown.value = 50;
  shown.lower = 25;
  shown.upper = 75;
  shown.value_text = "50 Established";
  BandBarRow withheld;
  withheld.label = "Withheld";
  withheld.withheld = true;
  withheld.value_text = "not shown";
  section.rows = {shown, withheld};
  const std::string svg =
      RenderBandBarChart(Text("bars"), {{"Low", 0, 50}, {"High", 50, 100}}, {section});
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"bars-title bars-desc\""), std::string::npos);
  EXPECT_NE(svg.find("aria-details=\"bars-table\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"bars-title\">A &lt;chart&gt; title</title>"), std::string::npos);
  EXPECT_NE(svg.find("What it &quot;shows&quot;"), std::string::npos);
  EXPECT_NE(svg.find(">Domain &lt;1&gt;</text>"), std::string::npos);
  // The plot runs from x = 8 over 470 units: 50 ends at 243, the whisker spans 125.5 to 360.5.
  EXPECT_NE(svg.find("<rect x=\"8\" y=\"80\" width=\"235\" height=\"14\" fill=\"#1d4f91\"/>"),
            std::string::npos);
  EXPECT_NE(svg.find("x1=\"125.5\""), std::string::npos);
  EXPECT_NE(svg.find("x2=\"360.5\""), std::string::npos);
  EXPECT_EQ(CountOf(svg, "fill=\"url(#bars-hatch)\""), 1u);
  EXPECT_NE(svg.find(">Low</text>"), std::string::npos);
  EXPECT_NE(svg.find(">High</text>"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);
}

TEST(DivergingChartTest, SegmentsAroundTheCentre) {
  DivergingSection section;
  DivergingRow row;
  row.label = "Scale";
  row.unfavourable = 0.2;
  row.neutral = 0.3;
  row.favourable = 0.5;
  DivergingRow withheld;
  withheld.label = "Hidden";
  withheld.withheld = true;
  withheld.withheld_text = "not shown";
  section.rows = {row, withheld};
  const std::string svg = RenderDivergingChart(Text("div"), {section});
  // Centre at x = 320, 300 units per 100%: neutral 275..365, unfavourable 215..275, favourable
  // 365..515.
  EXPECT_NE(svg.find("<rect x=\"215\" y=\"64\" width=\"60\""), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"275\" y=\"64\" width=\"90\""), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"365\" y=\"64\" width=\"150\""), std::string::npos);
  EXPECT_NE(svg.find(">20%</text>"), std::string::npos);
  EXPECT_NE(svg.find(">30%</text>"), std::string::npos);
  EXPECT_NE(svg.find(">50%</text>"), std::string::npos);
  EXPECT_EQ(CountOf(svg, "fill=\"url(#div-hatch)\""), 1u);
  EXPECT_NE(svg.find("Unfavourable (left)"), std::string::npos);
}

TEST(HeatmapTest, ShadesNumbersAndHatchedCells) {
  HeatmapData data;
  data.columns = {"Team <A>", "Team B"};
  data.rows = {"Scale"};
  data.cells = {{HeatmapCell{64.0, "64", false}, HeatmapCell{std::nullopt, "not shown", true}}};
  const std::string svg = RenderHeatmap(Text("heat"), data);
  EXPECT_NE(svg.find(">Team &lt;A&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"" + std::string(HeatmapFill(64)) + "\""), std::string::npos);
  EXPECT_NE(svg.find(">64</text>"), std::string::npos);
  // The cell and the legend's key.
  EXPECT_EQ(CountOf(svg, "fill=\"url(#heat-hatch)\""), 2u);
  EXPECT_NE(svg.find(">not shown</text>"), std::string::npos);
  EXPECT_NE(HeatmapFill(20), HeatmapFill(90));
}

TEST(IntervalChartTest, SymmetricAxisAndRows) {
  IntervalRow up{"Up", 9.8, 0.1, 19.6, "+9.8 (+0.1 to +19.6)"};
  IntervalRow none{"New", std::nullopt, std::nullopt, std::nullopt, "not comparable"};
  const std::string svg = RenderIntervalChart(Text("trend"), {up, none}, "Change");
  // Extent 20: ticks at −20, −10, 0, +10, +20; zero at x = 223.
  EXPECT_NE(svg.find(">−20</text>"), std::string::npos);
  EXPECT_NE(svg.find(">+20</text>"), std::string::npos);
  EXPECT_NE(svg.find("<line x1=\"223\" y1=\"10\" x2=\"223\""), std::string::npos);
  EXPECT_EQ(CountOf(svg, "<circle "), 1u);
  EXPECT_NE(svg.find(">not comparable</text>"), std::string::npos);
}

TEST(IndicatorStatusTest, ThresholdsOnTheIndex) {
  const auto item = [](double mean) {
    json values = json::array();
    for (int v = 0; v <= 4; ++v) values.push_back({{"value", v}, {"count", v == 4 ? 3 : 1}});
    return json{{"item", "PERF-01"},
                {"mean", mean},
                {"reverse", false},
                {"values", values},
                {"codes", json::array({{{"code", "dk"}, {"meaning", "dont_know"}, {"count", 2}}})}};
  };
  EXPECT_EQ(IndicatorStatusFor(item(3.0)).status, IndicatorStatus::kInPlace);
  EXPECT_EQ(IndicatorStatusFor(item(2.99)).status, IndicatorStatus::kPartly);  // index 74.75
  EXPECT_EQ(IndicatorStatusFor(item(2.0)).status, IndicatorStatus::kPartly);
  EXPECT_EQ(IndicatorStatusFor(item(1.99)).status, IndicatorStatus::kNotYet);
  const IndicatorFigures figures = IndicatorStatusFor(item(3.5));
  EXPECT_DOUBLE_EQ(*figures.index, 87.5);
  EXPECT_EQ(figures.answered, 7);
  EXPECT_EQ(figures.top_two, 4);  // values 3 and 4
  EXPECT_EQ(figures.dont_know, 2);
  EXPECT_EQ(IndicatorStatusFor({{"item", "PERF-01"}, {"suppressed", true}}).status,
            IndicatorStatus::kNotShown);
}

TEST(ScoringRangeTest, ReadBackFromTheReport) {
  const auto range = ScoringRangeOf(testing::Fixture("capability_scores.json"));
  ASSERT_TRUE(range.has_value());
  EXPECT_DOUBLE_EQ(range->first, 0);
  EXPECT_DOUBLE_EQ(range->second, 4);
  const auto attitudes = ScoringRangeOf(testing::Fixture("attitudes2_scores.json"));
  ASSERT_TRUE(attitudes.has_value());
  EXPECT_DOUBLE_EQ(attitudes->first, 1);
  EXPECT_DOUBLE_EQ(attitudes->second, 5);
  EXPECT_FALSE(ScoringRangeOf(json::object()).has_value());
}

}  // namespace
}  // namespace tessera::server::dashboard
