// The shipped demo spec: it parses, fits its instruments and describes the intended data.
#include "engine/demo_spec.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "demo_test_support.h"
#include "engine/demo_builder.h"

namespace tessera::engine {
namespace {

using testing::DemoSpecPath;
using testing::FirstBadAnswer;
using testing::ShippedCatalogue;

DemoSpec ShippedSpec() {
  auto json = LoadDemoSpec(DemoSpecPath());
  EXPECT_TRUE(json.ok()) << json.status().ToString();
  auto spec = ParseDemoSpec(*json);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  return spec.ok() ? *spec : DemoSpec{};
}

const DemoCampaign& CampaignByKey(const DemoSpec& spec, const std::string& key) {
  for (const auto& campaign : spec.campaigns) {
    if (campaign.key == key) return campaign;
  }
  ADD_FAILURE() << "no campaign " << key;
  std::abort();
}

std::vector<std::string> Slugs(const DemoSpec& spec) {
  std::vector<std::string> slugs;
  for (const auto& team : spec.teams) slugs.push_back(team.slug);
  return slugs;
}

// Mean recoded answer on one dimension for the responses whose grouping item has `value`
// (all responses when `value` is empty).
double Mean(const instruments::Instrument& instrument, const std::vector<ImportedResponse>& rows,
            const std::string& dimension, const std::string& item_id, const std::string& value) {
  double sum = 0;
  int n = 0;
  for (const auto& row : rows) {
    if (!value.empty() && row.groups.value(item_id, std::string()) != value) continue;
    for (const auto* item : instrument.ItemsOf(dimension)) {
      auto it = row.answers.find(item->id);
      if (it == row.answers.end() || !it->is_number_integer()) continue;
      const auto* scale = instrument.FindScale(item->scale);
      sum += item->reverse ? scale->min() + scale->max() - it->get<int>() : it->get<int>();
      ++n;
    }
  }
  return n == 0 ? 0 : sum / n;
}

TEST(DemoSpecTest, ShippedSpecDescribesTheOrganisation) {
  const DemoSpec spec = ShippedSpec();
  EXPECT_EQ(spec.organisation_name, "Riverside Community Services");
  ASSERT_EQ(spec.teams.size(), 5U);
  int small_teams = 0;
  for (const auto& team : spec.teams) small_teams += team.size < 5 ? 1 : 0;
  EXPECT_EQ(small_teams, 1);
  ASSERT_EQ(spec.campaigns.size(), 6U);
  std::map<std::string, int> states;
  for (const auto& campaign : spec.campaigns) {
    ++states[std::string(ToString(campaign.state))];
    EXPECT_EQ(campaign.anonymity_threshold, 5);
    EXPECT_NE(ShippedCatalogue().Find(campaign.instrument), nullptr)
        << campaign.instrument.ToString();
  }
  EXPECT_EQ(states["closed"], 4);
  EXPECT_EQ(states["open"], 2);
  const auto& wave1 = CampaignByKey(spec, "staff-attitudes-2025");
  const auto& wave2 = CampaignByKey(spec, "staff-attitudes-2026");
  EXPECT_EQ(wave1.opens_on.substr(0, 4), "2025");
  EXPECT_EQ(wave2.opens_on.substr(0, 4), "2026");
  const auto& wave3 = CampaignByKey(spec, "staff-attitudes-2026-autumn");
  EXPECT_EQ(wave2.state, CampaignState::kClosed);  // waves 1 and 2 can be compared
  EXPECT_EQ(wave3.state, CampaignState::kOpen);    // wave 3 takes the demo's survey links
  EXPECT_GT(wave3.personal_links, 0);
  EXPECT_NE(wave2.model.seed, wave3.model.seed);
  EXPECT_DOUBLE_EQ(CampaignByKey(spec, "partnership-capability-2025").model.dont_know_rate, 0.04);
  EXPECT_DOUBLE_EQ(wave1.model.dont_know_rate, 0.01);
  EXPECT_DOUBLE_EQ(wave1.model.missing_rate, 0.03);
  EXPECT_DOUBLE_EQ(wave1.model.prefer_not_to_say_rate, 0.05);
  EXPECT_NE(wave1.model.seed, wave2.model.seed);
}

TEST(DemoSpecTest, GeneratedCampaignsAreValidAndShowTheIntendedPatterns) {
  const DemoSpec spec = ShippedSpec();
  const auto slugs = Slugs(spec);
  std::map<std::string, std::vector<ImportedResponse>> rows;
  for (const auto& campaign : spec.campaigns) {
    SCOPED_TRACE(campaign.key);
    const auto& instrument = ShippedCatalogue().Find(campaign.instrument)->instrument;
    auto responses = DemoResponses(campaign, instrument, slugs);
    ASSERT_TRUE(responses.ok()) << responses.status().ToString();
    int expected = 0;
    for (const auto& group : campaign.model.groups) expected += group.responses;
    EXPECT_EQ(static_cast<int>(responses->size()), expected);
    for (const auto& response : *responses) {
      ASSERT_EQ(FirstBadAnswer(instrument, slugs, response.answers), "");
      ASSERT_GE(response.submitted_on, campaign.opens_on);
      ASSERT_LE(response.submitted_on, campaign.responses_until);
    }
    // Deterministic: generating again gives the same rows.
    auto again = DemoResponses(campaign, instrument, slugs);
    ASSERT_TRUE(again.ok());
    for (size_t i = 0; i < responses->size(); ++i) {
      ASSERT_EQ((*responses)[i].answers, (*again)[i].answers);
      ASSERT_EQ((*responses)[i].submitted_on, (*again)[i].submitted_on);
    }
    rows[campaign.key] = std::move(*responses);
  }

  // Staff attitudes: about 50 then about 45 responses; the small team stays below 5.
  EXPECT_NEAR(static_cast<double>(rows["staff-attitudes-2025"].size()), 50, 5);
  EXPECT_NEAR(static_cast<double>(rows["staff-attitudes-2026"].size()), 45, 5);
  for (const char* key : {"staff-attitudes-2025", "staff-attitudes-2026"}) {
    int administration = 0;
    for (const auto& row : rows[key]) {
      administration += row.groups.value("team", std::string()) == "administration" ? 1 : 0;
    }
    EXPECT_LT(administration, 5) << key;
  }

  // Wave 2 improves on the scales the organisation worked on, for every team and overall.
  const auto& wave1 = CampaignByKey(spec, "staff-attitudes-2025");
  const auto& wave2 = CampaignByKey(spec, "staff-attitudes-2026");
  const auto& attitudes1 = ShippedCatalogue().Find(wave1.instrument)->instrument;
  const auto& attitudes2 = ShippedCatalogue().Find(wave2.instrument)->instrument;
  for (const char* dimension :
       {"diversity-knowledge", "consultation-capacity", "outreach-support"}) {
    for (size_t g = 0; g < wave1.model.groups.size(); ++g) {
      EXPECT_GT(LatentMean(wave2.model, wave2.model.groups[g], dimension),
                LatentMean(wave1.model, wave1.model.groups[g], dimension))
          << dimension << " " << wave1.model.groups[g].value;
    }
    EXPECT_GT(Mean(attitudes2, rows["staff-attitudes-2026"], dimension, "team", ""),
              Mean(attitudes1, rows["staff-attitudes-2025"], dimension, "team", ""))
        << dimension;
  }

  // The perspective gap: the host side sees power and resources far better than partners do.
  const auto& charter = ShippedCatalogue()
                            .Find(CampaignByKey(spec, "partnership-charter-2026").instrument)
                            ->instrument;
  for (const char* dimension : {"power", "resources"}) {
    EXPECT_GT(Mean(charter, rows["partnership-charter-2026"], dimension, "side", "lead_host"),
              Mean(charter, rows["partnership-charter-2026"], dimension, "side",
                   "community_led_partner") +
                  0.5)
        << dimension;
  }
  // Volunteers rate the organisation's capability above staff.
  const auto& capability = ShippedCatalogue()
                               .Find(CampaignByKey(spec, "partnership-capability-2025").instrument)
                               ->instrument;
  double volunteers = 0;
  double staff = 0;
  for (const auto& dimension : capability.dimensions) {
    volunteers +=
        Mean(capability, rows["partnership-capability-2025"], dimension.id, "rater", "volunteer");
    staff += Mean(capability, rows["partnership-capability-2025"], dimension.id, "rater", "staff");
  }
  EXPECT_GT(volunteers, staff);
}

TEST(DemoSpecTest, ProblemsAreReportedWithAPointer) {
  auto json = LoadDemoSpec(DemoSpecPath());
  ASSERT_TRUE(json.ok());
  auto broken = *json;
  broken["campaigns"][1]["state"] = "paused";
  auto parsed = ParseDemoSpec(broken);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().pointer(), "/campaigns/1/state");

  broken = *json;
  broken["campaigns"][0]["closes_on"] = "2025-02-30";
  EXPECT_EQ(ParseDemoSpec(broken).status().pointer(), "/campaigns/0/closes_on");

  broken = *json;
  broken["defaults"]["missing_rte"] = 0.1;
  EXPECT_EQ(ParseDemoSpec(broken).status().pointer(), "/defaults/missing_rte");

  EXPECT_EQ(LoadDemoSpec("/nonexistent/organisation.json").status().code(), StatusCode::kIoError);
}

TEST(DemoSpecTest, DatesRoundTrip) {
  EXPECT_EQ(DaysFromDate("1970-01-01"), 0);
  EXPECT_EQ(DaysFromDate("2000-03-01"), 11017);
  EXPECT_FALSE(DaysFromDate("2025-13-01"));
  EXPECT_FALSE(DaysFromDate("2025-02-29"));
  EXPECT_TRUE(DaysFromDate("2024-02-29"));
  EXPECT_FALSE(DaysFromDate("2025-1-01"));
  for (int64_t day = -800; day < 40000; day += 13) {
    ASSERT_EQ(DaysFromDate(DateFromDays(day)), day);
  }
  EXPECT_EQ(DateFromDays(*DaysFromDate("2026-12-31") + 1), "2027-01-01");
}

}  // namespace
}  // namespace tessera::engine
