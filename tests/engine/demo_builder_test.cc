// BuildDemo into an in-memory SQLite store.
#include "engine/demo_builder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "demo_test_support.h"
#include "engine/sqlite_store.h"
#include "survey/token.h"

namespace tessera::engine {
namespace {

using testing::DemoSpecPath;
using testing::ShippedCatalogue;

class DemoBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore({":memory:"});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    auto spec = LoadDemoSpec(DemoSpecPath());
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    spec_ = *spec;
  }

  std::unique_ptr<Store> store_;
  nlohmann::json spec_;
};

TEST_F(DemoBuilderTest, BuildsTheOrganisationCampaignsAndResponses) {
  DemoSummary summary;
  const Status built = BuildDemo(*store_, ShippedCatalogue(), spec_, &summary);
  ASSERT_TRUE(built.ok()) << built.ToString();

  auto organisation = store_->GetOrganisation(summary.organisation_id);
  ASSERT_TRUE(organisation.ok());
  EXPECT_EQ(organisation->name, "Riverside Community Services");
  auto teams = store_->ListTeams(summary.organisation_id);
  ASSERT_TRUE(teams.ok());
  EXPECT_EQ(teams->size(), 5U);

  auto campaigns = store_->ListCampaigns(summary.organisation_id);
  ASSERT_TRUE(campaigns.ok());
  ASSERT_EQ(campaigns->size(), 6U);
  ASSERT_EQ(summary.campaigns.size(), 6U);

  const auto parsed = ParseDemoSpec(spec_);
  ASSERT_TRUE(parsed.ok());
  for (size_t i = 0; i < summary.campaigns.size(); ++i) {
    const auto& built_campaign = summary.campaigns[i];
    const auto& wanted = parsed->campaigns[i];
    SCOPED_TRACE(wanted.key);
    auto stored = store_->GetCampaign(built_campaign.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->title, wanted.title);
    EXPECT_EQ(stored->state, wanted.state);
    EXPECT_EQ(stored->opens_on, wanted.opens_on);
    EXPECT_EQ(stored->closes_on, wanted.closes_on);
    EXPECT_EQ(stored->anonymity_threshold, 5);
    EXPECT_EQ(stored->instrument.ToString(), wanted.instrument.ToString());
    EXPECT_EQ(stored->instrument_hash, ShippedCatalogue().Find(wanted.instrument)->hash);
    int expected = 0;
    for (const auto& group : wanted.model.groups) expected += group.responses;
    EXPECT_EQ(built_campaign.responses, expected);
    auto count = store_->CountResponses(built_campaign.id);
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, expected);
    auto links = store_->CountLinks(built_campaign.id, LinkKind::kPersonal);
    ASSERT_TRUE(links.ok());
    EXPECT_EQ(*links, wanted.personal_links);
    EXPECT_EQ(static_cast<int>(built_campaign.link_tokens.size()), wanted.personal_links);
  }

  // The small team has fewer responses than the anonymity threshold in both waves.
  for (size_t i : {0U, 1U}) {
    std::map<std::string, int> per_team;
    const Status visited =
        store_->ForEachResponse(summary.campaigns[i].id, [&](const StoredResponse& response) {
          ++per_team[response.groups.value("team", std::string("(none)"))];
          return true;
        });
    ASSERT_TRUE(visited.ok());
    EXPECT_GT(per_team["administration"], 0);
    EXPECT_LT(per_team["administration"], 5);
    EXPECT_GE(per_team["family_support"], 5);
  }

  // A link handed out for wave 3 (open) resolves to its campaign and is unused.
  ASSERT_FALSE(summary.campaigns[5].link_tokens.empty());
  auto link = store_->FindLink(survey::TokenHash(summary.campaigns[5].link_tokens.front()));
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->campaign_id, summary.campaigns[5].id);
  EXPECT_FALSE(link->used);
  // The stored instrument version is the catalogue's document.
  auto instrument = store_->GetInstrumentVersion(parsed->campaigns[1].instrument);
  ASSERT_TRUE(instrument.ok());
  EXPECT_EQ(nlohmann::json::parse(instrument->document),
            ShippedCatalogue().Find(parsed->campaigns[1].instrument)->document);

  auto audit = store_->ListAudit(1000);
  ASSERT_TRUE(audit.ok());
  std::map<std::string, int> actions;
  for (const auto& entry : *audit) {
    EXPECT_EQ(entry.actor, "demo");
    ++actions[entry.action];
  }
  EXPECT_EQ(actions["organisation.create"], 1);
  EXPECT_EQ(actions["team.create"], 5);
  EXPECT_EQ(actions["instrument.save"], 5);
  EXPECT_EQ(actions["campaign.create"], 6);
  EXPECT_EQ(actions["campaign.open"], 6);
  EXPECT_EQ(actions["campaign.close"], 4);
  EXPECT_EQ(actions["responses.import"], 6);
  EXPECT_EQ(actions["links.add"], 1);
}

TEST_F(DemoBuilderTest, SecondBuildReportsAlreadyExistsAndAddsNothing) {
  ASSERT_TRUE(BuildDemo(*store_, ShippedCatalogue(), spec_, nullptr).ok());
  DemoSummary summary;
  const Status again = BuildDemo(*store_, ShippedCatalogue(), spec_, &summary);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  auto campaigns = store_->ListCampaigns(std::nullopt);
  ASSERT_TRUE(campaigns.ok());
  EXPECT_EQ(campaigns->size(), 6U);
}

TEST_F(DemoBuilderTest, SpecThatDoesNotFitLeavesTheStoreUntouched) {
  auto broken = spec_;
  broken["campaigns"][2]["groups"][0]["value"] = "shareholder";
  EXPECT_EQ(BuildDemo(*store_, ShippedCatalogue(), broken, nullptr).code(),
            StatusCode::kInvalidArgument);
  broken = spec_;
  broken["campaigns"][0]["instrument"] = "staff-attitudes@9.0.0";
  EXPECT_EQ(BuildDemo(*store_, ShippedCatalogue(), broken, nullptr).code(), StatusCode::kNotFound);
  auto organisations = store_->ListOrganisations();
  ASSERT_TRUE(organisations.ok());
  EXPECT_TRUE(organisations->empty());
}

}  // namespace
}  // namespace tessera::engine
