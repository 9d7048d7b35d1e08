// The dashboard pages rendered from the demo organisation's result JSON: structure (one h1,
// accessible charts with tables holding the same figures, no inline style or script), figures
// rounded as documented, withheld groups drawn and explained, escaping of every user- and
// instrument-supplied string, and the content each page promises.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/instrument_loader.h"
#include "server/dashboard/attitudes_page.h"
#include "server/dashboard/campaign_list_page.h"
#include "server/dashboard/capability_page.h"
#include "server/dashboard/dashboard_chrome.h"
#include "server/dashboard/evaluator_page.h"
#include "server/dashboard/not_released_page.h"
#include "server/dashboard/perspectives_page.h"
#include "server/dashboard/trends_page.h"
#include "server/pages/assets.h"
#include "tests/server/dashboard/dashboard_test_support.h"

namespace tessera::server::dashboard {
namespace {

using nlohmann::json;
using testing::Chrome;
using testing::CountOf;
using testing::DemoCampaign;
using testing::ExpectWellFormedPage;
using testing::Fixture;

constexpr char kHostile[] = "<script>alert(1)</script> \"quoted\" & 'single'";
constexpr char kHostileEscaped[] =
    "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;";

engine::Campaign Capability() {
  return DemoCampaign(3, "partnership-capability@1.0.0",
                      "Partnership capability self-assessment 2025");
}
engine::Campaign Attitudes() {
  return DemoCampaign(2, "staff-attitudes@1.1.0", "Staff attitudes survey, spring 2026 (wave 2)");
}

instruments::ScoringModel CapabilityModel() {
  instruments::Diagnostics diagnostics;
  auto loaded = instruments::LoadInstrumentFile(
      std::string(TESSERA_SOURCE_DIR) + "/instruments/catalogue/partnership-capability/1.0.0.json",
      &diagnostics);
  EXPECT_NE(loaded, nullptr);
  return loaded ? loaded->instrument.scoring : instruments::ScoringModel{};
}

AttitudeInputs DemoAttitudes() {
  AttitudeInputs inputs;
  inputs.campaign = Attitudes();
  inputs.scores = std::make_shared<const nlohmann::json>(Fixture("attitudes2_scores.json"));
  for (const char* grouping : {"team", "role", "tenure", "minority-ethnic", "first-language"}) {
    inputs.breakdowns.push_back(std::make_shared<const nlohmann::json>(
        Fixture(std::string("attitudes2_by_") + grouping + ".json")));
  }
  inputs.comments = Fixture("attitudes2_comments_synthetic.json");
  return inputs;
}

// ---- the document shell ----

TEST(DashboardChromeTest, HeaderNavigationAndSignOutForm) {
  DashboardChrome chrome = Chrome("/dashboard");
  chrome.organisation_name = kHostile;
  chrome.user_email = "a\"b@example.org";
  const std::string html = RenderDashboardDocument(chrome, "Campaigns", "<h1>Campaigns</h1>");
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("<form class=\"sign-out\" method=\"post\" action=\"/logout\">"),
            std::string::npos);
  EXPECT_NE(html.find("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-123\">"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/dashboard\" aria-current=\"page\">Campaigns</a>"),
            std::string::npos);
  EXPECT_NE(html.find(kHostileEscaped), std::string::npos);
  EXPECT_EQ(html.find(kHostile), std::string::npos);
  EXPECT_NE(html.find("a&quot;b@example.org"), std::string::npos);
  EXPECT_NE(html.find("(Manager)"), std::string::npos);
  EXPECT_NE(html.find("<header"), std::string::npos);
  EXPECT_NE(html.find("<footer"), std::string::npos);
}

TEST(DashboardChromeTest, CampaignPagesMarkTheCampaignsLinkAsTheCurrentSection) {
  const std::string html =
      RenderDashboardDocument(Chrome("/campaigns/3/capability"), "x", "<h1>x</h1>");
  EXPECT_NE(html.find("<a href=\"/dashboard\" aria-current=\"true\">"), std::string::npos);
}

TEST(DashboardAssetsTest, StylesheetIsEmbeddedAsCss) {
  const pages::Asset* asset = pages::FindAsset("/assets/dashboard.css");
  ASSERT_NE(asset, nullptr);
  EXPECT_EQ(asset->content_type, "text/css; charset=utf-8");
  EXPECT_NE(asset->body.find("@media print"), std::string_view::npos);
  EXPECT_NE(asset->body.find(".chart-svg"), std::string_view::npos);
}

// ---- campaign list ----

TEST(CampaignListPageTest, CountsOnlyFromKAndRates) {
  std::vector<CampaignRow> rows;
  CampaignRow open;
  open.campaign = DemoCampaign(6, "staff-attitudes@1.1.0", kHostile, engine::CampaignState::kOpen);
  open.responses = std::nullopt;
  open.invited = 40;
  open.release_reason = "fewer than 5 responses: nothing is shown until there are 5 or more";
  rows.push_back(open);
  CampaignRow closed;
  closed.campaign = Attitudes();
  closed.responses = 45;
  closed.invited = 60;
  closed.released = true;
  rows.push_back(closed);
  const std::string html = RenderCampaignList(Chrome(), rows);
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("<td><span class=\"withheld-text\">fewer than 5</span>"), std::string::npos);
  EXPECT_NE(html.find(">45</td>"), std::string::npos);
  EXPECT_NE(html.find(">75%<"), std::string::npos);  // 45 of 60
  EXPECT_NE(html.find("href=\"/campaigns/2\""), std::string::npos);
  EXPECT_NE(html.find("staff-attitudes@1.1.0"), std::string::npos);
  EXPECT_NE(html.find("2026-03-02 to 2026-03-27"), std::string::npos);
  EXPECT_NE(html.find(kHostileEscaped), std::string::npos);
  EXPECT_EQ(html.find(kHostile), std::string::npos);
  // No rate without a count: 40 invited but the count is withheld.
  EXPECT_EQ(html.find("of 40 invited"), std::string::npos);
  EXPECT_NE(html.find("role=\"region\" tabindex=\"0\" aria-label="), std::string::npos);
}

TEST(CampaignListPageTest, EvaluatorsAreSentToTheEvaluatorView) {
  CampaignRow row;
  row.campaign = Attitudes();
  row.responses = 45;
  row.released = true;
  const std::string html = RenderCampaignList(Chrome("/dashboard", "evaluator"), {row});
  EXPECT_NE(html.find("href=\"/campaigns/2/evaluator\""), std::string::npos);
}

TEST(CampaignListPageTest, NoCampaigns) {
  const std::string html = RenderCampaignList(Chrome(), {});
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("There are no campaigns yet"), std::string::npos);
}

// ---- capability ----

TEST(CapabilityPageTest, DomainsChartTableAndRounding) {
  const instruments::ScoringModel model = CapabilityModel();
  const std::string html = RenderCapabilityPage(Chrome("/campaigns/3/capability"), Capability(),
                                                Fixture("capability_scores.json"), &model);
  ExpectWellFormedPage(html);
  // Attitudes: index 56.75 (interval 50.69 to 62.81), mean 2.27 (2.03 to 2.51), n 50, level.
  EXPECT_NE(html.find("<th scope=\"row\">Attitudes</th><td class=\"number\">57</td>"
                      "<td class=\"number\">51 to 63</td><td>Established</td>"
                      "<td class=\"number\">2.27<span class=\"cell-note\">2.03 to 2.51</span>"),
            std::string::npos);
  EXPECT_NE(html.find(">57 Established</text>"), std::string::npos);
  // The five levels drawn behind the bars, named.
  for (const char* band : {"Beginning", "Developing", "Established", "Strong", "Embedded"}) {
    EXPECT_NE(html.find(std::string(">") + band + "</text>"), std::string::npos) << band;
  }
  EXPECT_NE(html.find("Average (0 to 4)"), std::string::npos);
  EXPECT_EQ(CountOf(html, "class=\"bar-row\""), 7u);
  EXPECT_NE(html.find("aria-current=\"page\">Capability</a>"), std::string::npos);
}

TEST(CapabilityPageTest, NextStepsWeakestFirst) {
  const json scores = Fixture("capability_scores.json");
  const std::string html = RenderCapabilityPage(Chrome(), Capability(), scores);
  std::map<std::string, double> index;
  for (const json& dimension : scores["dimensions"]) {
    index[dimension["title"]] = dimension["index"].get<double>();
  }
  const size_t list = html.find("<ol class=\"next-steps\">");
  ASSERT_NE(list, std::string::npos);
  const std::string steps = html.substr(list, html.find("</ol>", list) - list);
  std::vector<double> order;
  std::vector<std::string> titles;
  for (const std::string& h3 : testing::Elements(steps, "h3")) {
    const std::string title = h3.substr(4, h3.size() - 9);
    ASSERT_TRUE(index.count(title)) << title;
    titles.push_back(title);
    order.push_back(index[title]);
  }
  ASSERT_EQ(order.size(), 7u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(titles.front(), "Resources");  // index 39.9, the lowest
  EXPECT_NE(steps.find("Level: <strong>Developing</strong> (index 40)"), std::string::npos);
}

TEST(CapabilityPageTest, TenIndicatorChecklistWithDerivedStatus) {
  const json scores = Fixture("capability_scores.json");
  const std::string html = RenderCapabilityPage(Chrome(), Capability(), scores);
  EXPECT_EQ(CountOf(html, "<li class=\"indicator "), 10u);
  EXPECT_NE(html.find("Indicator 10.</span>"), std::string::npos);
  EXPECT_NE(html.find("How each indicator&rsquo;s status is decided"), std::string::npos);
  // Each indicator's status follows its item mean, recomputed here from the fixture.
  const json* performance = nullptr;
  for (const json& dimension : scores["dimensions"]) {
    if (dimension["dimension"] == "performance") performance = &dimension;
  }
  ASSERT_NE(performance, nullptr);
  size_t at = html.find("<ol class=\"checklist\">");
  int in_place = 0;
  for (const json& item : (*performance)["items"]) {
    const double index = 100.0 * item["mean"].get<double>() / 4.0;
    const std::string expected = index >= 75   ? "status-in-place"
                                 : index >= 50 ? "status-partly"
                                               : "status-not-yet";
    in_place += index >= 75;
    at = html.find("<li class=\"indicator ", at + 1);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(html.compare(at + 21, expected.size(), expected), 0)
        << item["item"] << " index " << index;
  }
  EXPECT_NE(html.find(std::to_string(in_place) + " of 10 indicators are in place."),
            std::string::npos);
}

TEST(CapabilityPageTest, WithheldDomainAndIndicatorAreExplainedNotDrawn) {
  json scores = Fixture("capability_scores.json");
  scores["dimensions"][1] = {{"dimension", "policies"},
                             {"title", "Policies and procedures"},
                             {"suppressed", true},
                             {"reason", "scored for fewer than 5 respondents"}};
  for (json& dimension : scores["dimensions"]) {
    if (dimension.value("dimension", "") != "performance") continue;
    dimension["items"][0] = {{"item", "PERF-01"},
                             {"text", "We have a partnership policy."},
                             {"suppressed", true},
                             {"reason", "answered by fewer than 5 respondents"}};
  }
  const std::string html = RenderCapabilityPage(Chrome(), Capability(), scores);
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("url(#domains-chart-hatch)"), std::string::npos);
  EXPECT_NE(html.find("not shown: scored for fewer than 5 respondents"), std::string::npos);
  EXPECT_NE(html.find("<li class=\"indicator status-not-shown\">"), std::string::npos);
  EXPECT_NE(html.find("Not shown: answered by fewer than 5 respondents."), std::string::npos);
}

TEST(CapabilityPageTest, InstrumentAndCampaignTextIsEscaped) {
  json scores = Fixture("capability_scores.json");
  scores["dimensions"][0]["title"] = kHostile;
  scores["recommendations"]["dimensions"][0]["next_steps"][0] = kHostile;
  engine::Campaign campaign = Capability();
  campaign.title = kHostile;
  const std::string html = RenderCapabilityPage(Chrome(), campaign, scores);
  EXPECT_EQ(html.find(kHostile), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_GE(CountOf(html, kHostileEscaped), 4u);  // title, h1, chart label, table, next step
}

// ---- perspectives ----

TEST(PerspectivesPageTest, RaterGroupsSideBySideWithFlaggedGaps) {
  PerspectiveInputs inputs;
  inputs.capability = Capability();
  inputs.capability_by_role = Fixture("capability_by_rater.json");
  inputs.capability_bands = IndexBandsOf(CapabilityModel());
  inputs.partner_feedback = DemoCampaign(4, "partner-feedback@1.0.0", "Partner feedback 2026");
  inputs.partner_scores = Fixture("partner_scores.json");
  inputs.charter = DemoCampaign(5, "partnership-charter@1.0.0", "Charter health check 2026");
  inputs.charter_by_side = Fixture("charter_by_side.json");
  const std::string html = RenderPerspectivesPage(Chrome(), inputs);
  ExpectWellFormedPage(html);
  // Attitudes: volunteers 70.1, staff 51.3: largest gap 18.7 points, flagged.
  EXPECT_NE(html.find(">largest gap 18.7 points: flagged</text>"), std::string::npos);
  EXPECT_NE(html.find("Volunteer and Staff member are 18.7 points apart"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">Volunteer</th><td class=\"number\">70</td>"),
            std::string::npos);
  // Board members are withheld (complementary suppression), drawn hatched and explained;
  // "not stated" is never listed.
  EXPECT_NE(html.find("url(#roles-chart-hatch)"), std::string::npos);
  EXPECT_NE(html.find("<li>Board member: not shown to protect anonymity"), std::string::npos);
  EXPECT_EQ(html.find("Not stated"), std::string::npos);
  // The partners' own view and the charter by side.
  EXPECT_NE(html.find("id=\"partner-feedback-chart-title\""), std::string::npos);
  EXPECT_NE(html.find("id=\"charter-sides-chart-title\""), std::string::npos);
  EXPECT_NE(html.find("Lead or host organisation"), std::string::npos);
  EXPECT_EQ(html.find("no closed"), std::string::npos);
}

TEST(PerspectivesPageTest, MissingCampaignsAreSaidSo) {
  PerspectiveInputs inputs;
  inputs.capability = Capability();
  inputs.capability_by_role = Fixture("capability_by_rater.json");
  const std::string html = RenderPerspectivesPage(Chrome(), inputs);
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("There is no closed partner feedback campaign yet."), std::string::npos);
  EXPECT_NE(html.find("There is no closed partnership charter check yet."), std::string::npos);
  PerspectiveInputs partner_only;
  partner_only.partner_feedback =
      DemoCampaign(4, "partner-feedback@1.0.0", "Partner feedback 2026");
  partner_only.partner_scores = Fixture("partner_scores.json");
  partner_only.current = partner_only.partner_feedback;
  const std::string partner = RenderPerspectivesPage(Chrome(), partner_only);
  ExpectWellFormedPage(partner);
  EXPECT_NE(partner.find("href=\"/campaigns/4/perspectives\" aria-current=\"page\""),
            std::string::npos);
  EXPECT_NE(partner.find("There is no closed capability self-assessment yet."), std::string::npos);
  const std::string empty = RenderPerspectivesPage(Chrome(), PerspectiveInputs{});
  EXPECT_EQ(CountOf(empty, "<h1"), 1u);
  EXPECT_NE(empty.find("There is no closed capability self-assessment yet."), std::string::npos);
}

// ---- attitudes ----

TEST(AttitudesPageTest, DivergingBarsHeatmapsAndRounding) {
  const std::string html = RenderAttitudesPage(Chrome(), DemoAttitudes());
  ExpectWellFormedPage(html);
  // One heatmap per grouping question, plus the scale and statement charts.
  EXPECT_EQ(CountOf(html, "<svg "), 7u);
  EXPECT_NE(html.find(">By team</h3>"), std::string::npos);
  EXPECT_NE(html.find(">By length of service</h3>"), std::string::npos);
  EXPECT_NE(html.find(">By identity question: minority ethnic</h3>"), std::string::npos);
  // Scale shares, rounded to whole percentages, on the bar and in the table.
  const json scores = Fixture("attitudes2_scores.json");
  const json& counts = scores["dimensions"][0]["favourability"]["counts"];
  const auto percent = [](double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
  };
  const std::string favourable = percent(counts["favourable_share"].get<double>());
  EXPECT_NE(html.find("<td class=\"number\">" + percent(counts["unfavourable_share"]) +
                      "</td><td class=\"number\">" + percent(counts["neutral_share"]) +
                      "</td><td class=\"number\">" + favourable + "</td>"),
            std::string::npos);
  EXPECT_NE(html.find(">" + favourable + "</text>"), std::string::npos);
}

TEST(AttitudesPageTest, WithheldCellsAreDrawnAndExplained) {
  const std::string html = RenderAttitudesPage(Chrome(), DemoAttitudes());
  // Team: Administration below k, Community health complementary.
  EXPECT_NE(html.find("fill=\"url(#heatmap-1-team-chart-hatch)\""), std::string::npos);
  EXPECT_NE(html.find("<li>Administration: not shown to protect anonymity: fewer than 5 "
                      "responses, or hidden so that a smaller group cannot be worked out.</li>"),
            std::string::npos);
  EXPECT_NE(html.find("<li>Community health: not shown to protect anonymity"), std::string::npos);
  EXPECT_NE(html.find("value withheld\" fill=\"#1b1b1b\" font-size=\"11\">not shown</text>"),
            std::string::npos);
  // Role: a shown group whose scale has an item answered by fewer than k: the statement is
  // withheld, the group's score is shown.
  EXPECT_NE(html.find("<td class=\"withheld-text\">not shown</td>"), std::string::npos);
  EXPECT_EQ(html.find("Not stated"), std::string::npos);
}

TEST(AttitudesPageTest, CommentsForGroupsOfAtLeastKEscaped) {
  const std::string html = RenderAttitudesPage(Chrome(), DemoAttitudes());
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("<li>" + std::string(kHostileEscaped) + "</li>"), std::string::npos);
  EXPECT_NE(html.find("<li>&lt;img src=x onerror=alert(2)&gt;</li>"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_NE(html.find("5 comments from everyone"), std::string::npos);
  EXPECT_NE(html.find("<h4>Family support</h4><ul class=\"comments\">"), std::string::npos);
  EXPECT_NE(html.find("<h4>Administration</h4><p class=\"withheld-text\">Not shown: not shown "
                      "to protect anonymity"),
            std::string::npos);
  EXPECT_NE(html.find("<h4>Youth services</h4><p class=\"withheld-text\">Not shown: fewer than "
                      "5 comments.</p>"),
            std::string::npos);
}

TEST(AttitudesPageTest, DemoCommentsAllWithheld) {
  AttitudeInputs inputs = DemoAttitudes();
  inputs.comments = Fixture("attitudes2_comments.json");
  const std::string html = RenderAttitudesPage(Chrome(), inputs);
  EXPECT_EQ(html.find("<ul class=\"comments\">"), std::string::npos);
  EXPECT_NE(html.find("Not shown for everyone together: fewer than 5 comments."),
            std::string::npos);
}

// ---- trends ----

TEST(TrendsPageTest, ChangeWithIntervalsAcrossVersions) {
  TrendInputs inputs;
  inputs.waves = {DemoCampaign(1, "staff-attitudes@1.0.0", "Staff attitudes survey 2025 (wave 1)"),
                  Attitudes()};
  inputs.comparisons = {Fixture("attitudes_compare_1_2.json")};
  inputs.dimension_titles = DimensionTitles(Fixture("attitudes2_scores.json"));
  const std::string html = RenderTrendsPage(Chrome(), Attitudes(), inputs);
  ExpectWellFormedPage(html);
  // Knowledge: +9.82 index points, 95% interval 0.07 to 19.58, p 0.049, g 0.41.
  EXPECT_NE(html.find("<th scope=\"row\">Knowledge of diversity issues</th>"), std::string::npos);
  EXPECT_NE(html.find(">+9.8 (+0.1 to +19.6)</text>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"number\">+9.8</td><td class=\"number\">+0.1 to +19.6</td>"
                      "<td class=\"number\">0.049</td><td class=\"number\">+0.41</td>"),
            std::string::npos);
  // A negative change uses a real minus sign: partnership -5.98 (-14.9 to +2.9).
  EXPECT_NE(html.find("−6.0 (−14.9 to +2.9)"), std::string::npos);
  // Consultation capacity: p = 0.00102.
  EXPECT_NE(html.find("<td class=\"number\">0.001</td>"), std::string::npos);
  EXPECT_NE(html.find("Retired (only in Staff attitudes survey 2025 (wave 1)): RSK-03"),
            std::string::npos);
  EXPECT_NE(html.find("New (only in Staff attitudes survey, spring 2026 (wave 2)): SUP-05"),
            std::string::npos);
  EXPECT_NE(html.find("<td>reworded SKL-01</td>"), std::string::npos);
  EXPECT_NE(html.find("different versions of the instrument"), std::string::npos);
}

TEST(TrendsPageTest, NoEarlierWave) {
  TrendInputs inputs;
  inputs.waves = {Capability()};
  const std::string html = RenderTrendsPage(Chrome(), Capability(), inputs);
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("There is no earlier closed campaign of this instrument"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
}

TEST(TrendsPageTest, NotComparableAndWithheldDimensions) {
  json comparison = Fixture("attitudes_compare_1_2.json");
  comparison["dimensions"][0] = {{"dimension", "diversity-attitudes"},
                                 {"comparable", false},
                                 {"reason", "the scoring range changed from 1..5 to 0..4"}};
  TrendInputs inputs;
  inputs.comparisons = {comparison};
  const std::string html = RenderTrendsPage(Chrome(), Attitudes(), inputs);
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("Not comparable: the scoring range changed from 1..5 to 0..4"),
            std::string::npos);
  EXPECT_NE(html.find(">not comparable</text>"), std::string::npos);
}

// ---- evaluator ----

TEST(EvaluatorPageTest, ReliabilityItemsProvenanceDownloads) {
  const std::string html = RenderEvaluatorPage(Chrome("/campaigns/2/evaluator", "evaluator"),
                                               Attitudes(), Fixture("attitudes2_reliability.json"),
                                               Fixture("attitudes2_scores.json"));
  ExpectWellFormedPage(html);
  // Attitudes to people of different backgrounds: raw alpha 0.874, Feldt 0.81 to 0.92.
  EXPECT_NE(html.find("<th scope=\"row\">Attitudes to people of different backgrounds</th>"
                      "<td class=\"number\">0.87</td>"),
            std::string::npos);
  for (const char* kind : {"responses", "scores", "summaries", "codebook"}) {
    EXPECT_NE(html.find(std::string("href=\"/campaigns/2/exports/") + kind + ".csv\""),
              std::string::npos)
        << kind;
  }
  EXPECT_NE(html.find("sha256:57c0f8f02ef0"), std::string::npos);
  EXPECT_NE(html.find("tessera-scoring/1"), std::string::npos);
  EXPECT_NE(html.find("No reliability warnings."), std::string::npos);
  EXPECT_NE(html.find("<span class=\"item-id\">DIV-01</span>"), std::string::npos);
  // Evaluators get only their own tab.
  EXPECT_EQ(html.find("/campaigns/2/attitudes"), std::string::npos);
}

TEST(EvaluatorPageTest, WarningsAreShown) {
  json reliability = Fixture("attitudes2_reliability.json");
  reliability["scales"][0]["warnings"] =
      json::array({{{"code", "negative_item_total"},
                    {"item", "DIV-02"},
                    {"message", "DIV-02 correlates negatively with the rest <check keying>"}}});
  reliability["scales"][0]["items"][1]["r_drop"] = -0.12;
  const std::string html =
      RenderEvaluatorPage(Chrome(), Attitudes(), reliability, Fixture("attitudes2_scores.json"));
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("<strong>1 warning</strong>"), std::string::npos);
  EXPECT_NE(html.find("correlates negatively with the rest &lt;check keying&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("warning-figure\">-0.12</td>"), std::string::npos);
}

// ---- not released ----

TEST(NotReleasedPageTest, ReasonCountAndNoFigures) {
  engine::Campaign campaign =
      DemoCampaign(6, "staff-attitudes@1.1.0", kHostile, engine::CampaignState::kOpen);
  campaign.closes_on = "2026-12-11";
  const std::string html = RenderNotReleasedPage(Chrome(), campaign, Fixture("release_open.json"));
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("Results are shown when the campaign closes"), std::string::npos);
  EXPECT_NE(html.find("9 responses so far."), std::string::npos);
  EXPECT_NE(html.find("2026-12-11"), std::string::npos);
  EXPECT_NE(html.find(kHostileEscaped), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<table"), std::string::npos);
  EXPECT_EQ(html.find("Index"), std::string::npos);
  EXPECT_EQ(html.find("%"), std::string::npos);
}

TEST(NotReleasedPageTest, BelowKShowsNoCount) {
  engine::Campaign campaign = DemoCampaign(7, "partner-feedback@1.0.0", "Partner feedback 2027",
                                           engine::CampaignState::kOpen);
  const std::string html =
      RenderNotReleasedPage(Chrome(), campaign, Fixture("release_below_k.json"));
  ExpectWellFormedPage(html);
  EXPECT_NE(html.find("Fewer than 5."), std::string::npos);
  EXPECT_EQ(html.find("responses so far"), std::string::npos);
  EXPECT_NE(html.find("Fewer than 5 responses: nothing is shown until there are 5 or more."),
            std::string::npos);
}

}  // namespace
}  // namespace tessera::server::dashboard
