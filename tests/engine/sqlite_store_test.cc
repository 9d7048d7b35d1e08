#include "engine/sqlite_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store_test_support.h"

namespace tessera::engine {
namespace {

using testing::DemoInstrument;
using testing::DemoRef;
using testing::OpenStore;
using testing::Seed;
using testing::Seeded;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:");
    ASSERT_NE(store_, nullptr);
  }

  NewCampaign ValidCampaign(int64_t organisation_id) {
    NewCampaign campaign;
    campaign.organisation_id = organisation_id;
    campaign.instrument = DemoRef();
    campaign.title = "Partnership check";
    campaign.audience = "board";
    campaign.opens_on = "2026-03-01";
    campaign.closes_on = "2026-03-31";
    campaign.anonymity_threshold = 6;
    return campaign;
  }

  std::unique_ptr<Store> store_;
};

// Organisations.

TEST_F(SqliteStoreTest, CreatesGetsAndListsOrganisations) {
  Result<Organisation> b = store_->CreateOrganisation("Bayside Youth");
  Result<Organisation> a = store_->CreateOrganisation("Arcadia Housing");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->id, b->id);
  EXPECT_EQ(a->created_at.size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
  EXPECT_EQ(a->created_at.back(), 'Z');

  Result<Organisation> got = store_->GetOrganisation(b->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Bayside Youth");
  EXPECT_EQ(got->created_at, b->created_at);

  Result<std::vector<Organisation>> all = store_->ListOrganisations();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "Arcadia Housing");
  EXPECT_EQ((*all)[1].name, "Bayside Youth");
}

TEST_F(SqliteStoreTest, OrganisationNamesAreUniqueIgnoringCase) {
  ASSERT_TRUE(store_->CreateOrganisation("Bayside Youth").ok());
  Result<Organisation> again = store_->CreateOrganisation("BAYSIDE youth");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  Result<Organisation> found = store_->FindOrganisationByName("bayside YOUTH");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->name, "Bayside Youth");
}

TEST_F(SqliteStoreTest, OrganisationFailures) {
  EXPECT_EQ(store_->CreateOrganisation("").status().code(), StatusCode::kInvalidArgument);
  Result<Organisation> missing = store_->GetOrganisation(99);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "organisation 99 not found");
  EXPECT_EQ(store_->FindOrganisationByName("Nobody").status().code(), StatusCode::kNotFound);
  Result<std::vector<Organisation>> none = store_->ListOrganisations();
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// Teams.

TEST_F(SqliteStoreTest, CreatesAndListsTeams) {
  Result<Organisation> org = store_->CreateOrganisation("Bayside Youth");
  ASSERT_TRUE(org.ok());
  Result<Team> youth = store_->CreateTeam(org->id, "youth", "Youth programmes");
  Result<Team> admin = store_->CreateTeam(org->id, "admin", "Administration");
  ASSERT_TRUE(youth.ok() && admin.ok()) << youth.status().ToString();
  EXPECT_EQ(youth->organisation_id, org->id);

  Result<std::vector<Team>> teams = store_->ListTeams(org->id);
  ASSERT_TRUE(teams.ok());
  ASSERT_EQ(teams->size(), 2u);
  EXPECT_EQ((*teams)[0].slug, "admin");
  EXPECT_EQ((*teams)[1].slug, "youth");
  EXPECT_EQ((*teams)[1].name, "Youth programmes");
  EXPECT_EQ((*teams)[1].id, youth->id);
}

TEST_F(SqliteStoreTest, TeamSlugsAreUniquePerOrganisation) {
  Result<Organisation> one = store_->CreateOrganisation("One");
  Result<Organisation> two = store_->CreateOrganisation("Two");
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_TRUE(store_->CreateTeam(one->id, "youth", "Youth").ok());
  EXPECT_EQ(store_->CreateTeam(one->id, "youth", "Other").status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_TRUE(store_->CreateTeam(two->id, "youth", "Youth").ok());
}

TEST_F(SqliteStoreTest, TeamFailures) {
  Result<Organisation> org = store_->CreateOrganisation("One");
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(store_->CreateTeam(77, "youth", "Youth").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->CreateTeam(org->id, "", "Youth").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateTeam(org->id, "Has Space", "Youth").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateTeam(org->id, "youth", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListTeams(77).status().code(), StatusCode::kNotFound);
}

// Instrument versions.

TEST_F(SqliteStoreTest, SavesInstrumentVersionsOnce) {
  ASSERT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());
  EXPECT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());  // same hash: no-op

  Result<InstrumentVersion> got = store_->GetInstrumentVersion(DemoRef());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->hash, DemoInstrument().hash);
  EXPECT_EQ(got->document, DemoInstrument().document);
  EXPECT_EQ(got->ref.ToString(), "demo@1.0.0");

  InstrumentVersion changed = DemoInstrument();
  changed.hash = "sha256:ffff";
  EXPECT_EQ(store_->SaveInstrumentVersion(changed).code(), StatusCode::kCorruption);
  Result<InstrumentVersion> still = store_->GetInstrumentVersion(DemoRef());
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->hash, DemoInstrument().hash);
}

TEST_F(SqliteStoreTest, InstrumentVersionFailures) {
  InstrumentVersion bad = DemoInstrument();
  bad.document = "{not json";
  EXPECT_EQ(store_->SaveInstrumentVersion(bad).code(), StatusCode::kInvalidArgument);
  bad = DemoInstrument();
  bad.hash.clear();
  EXPECT_EQ(store_->SaveInstrumentVersion(bad).code(), StatusCode::kInvalidArgument);
  Result<InstrumentVersion> missing = store_->GetInstrumentVersion(DemoRef());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "instrument demo@1.0.0 not found");
}

// Campaigns.

TEST_F(SqliteStoreTest, CreatesAndGetsCampaigns) {
  Result<Organisation> org = store_->CreateOrganisation("One");
  ASSERT_TRUE(org.ok());
  ASSERT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());
  Result<Campaign> created = store_->CreateCampaign(ValidCampaign(org->id));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->state, CampaignState::kDraft);
  EXPECT_EQ(created->instrument_hash, DemoInstrument().hash);
  EXPECT_FALSE(created->created_at.empty());

  Result<Campaign> got = store_->GetCampaign(created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->organisation_id, org->id);
  EXPECT_EQ(got->instrument.ToString(), "demo@1.0.0");
  EXPECT_EQ(got->title, "Partnership check");
  EXPECT_EQ(got->audience, "board");
  EXPECT_EQ(got->opens_on, "2026-03-01");
  EXPECT_EQ(got->closes_on, "2026-03-31");
  EXPECT_EQ(got->anonymity_threshold, 6);

  NewCampaign open_ended = ValidCampaign(org->id);
  open_ended.opens_on.clear();
  open_ended.closes_on.clear();
  EXPECT_TRUE(store_->CreateCampaign(open_ended).ok());
}

TEST_F(SqliteStoreTest, CampaignValidationNamesTheField) {
  Result<Organisation> org = store_->CreateOrganisation("One");
  ASSERT_TRUE(org.ok());
  ASSERT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());

  NewCampaign low = ValidCampaign(org->id);
  low.anonymity_threshold = 2;
  Status status = store_->CreateCampaign(low).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("anonymity_threshold"), std::string::npos);
  EXPECT_EQ(status.pointer(), "/anonymity_threshold");
  low.anonymity_threshold = kMinimumAnonymityThreshold;
  EXPECT_TRUE(store_->CreateCampaign(low).ok());

  NewCampaign bad_day = ValidCampaign(org->id);
  bad_day.opens_on = "2026-02-30";
  status = store_->CreateCampaign(bad_day).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("opens_on"), std::string::npos);

  NewCampaign bad_shape = ValidCampaign(org->id);
  bad_shape.closes_on = "31/03/2026";
  status = store_->CreateCampaign(bad_shape).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("closes_on"), std::string::npos);

  NewCampaign backwards = ValidCampaign(org->id);
  backwards.opens_on = "2026-04-01";
  status = store_->CreateCampaign(backwards).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("closes_on"), std::string::npos);

  NewCampaign untitled = ValidCampaign(org->id);
  untitled.title.clear();
  EXPECT_EQ(store_->CreateCampaign(untitled).status().code(), StatusCode::kInvalidArgument);
}

// Issue 12, part 7: names and titles are printed by the CLI and shown on dashboards and in
// exports; a control character in one (ESC starts a terminal escape sequence) is refused.
TEST_F(SqliteStoreTest, NamesAndTitlesWithControlCharactersAreRefused) {
  const Status organisation = store_->CreateOrganisation("Evil\x1b]0;owned\x07").status();
  EXPECT_EQ(organisation.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(organisation.pointer(), "/name");
  EXPECT_EQ(organisation.message(),
            "organisation name contains a control character (U+001B), which cannot be stored");
  EXPECT_EQ(store_->CreateOrganisation(std::string("Nul\0l", 5)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateOrganisation("Two\nlines").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateOrganisation("Latin-1 \xe9").status().message(),
            "organisation name is not valid UTF-8");
  EXPECT_TRUE(store_->ListOrganisations()->empty());

  Result<Organisation> org = store_->CreateOrganisation("Caf\xc3\xa9 \xe2\x80\x93 North");
  ASSERT_TRUE(org.ok()) << org.status().ToString();
  const Status team = store_->CreateTeam(org->id, "youth", "Youth\xc2\x85").status();
  EXPECT_EQ(team.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(team.message(),
            "team name contains a control character (U+0085), which cannot be stored");
  EXPECT_EQ(store_->CreateTeam(org->id, "youth", "Tab\tbed").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->ListTeams(org->id)->empty());

  ASSERT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());
  NewCampaign title = ValidCampaign(org->id);
  title.title = "Wave\x7f";
  const Status titled = store_->CreateCampaign(title).status();
  EXPECT_EQ(titled.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(titled.pointer(), "/title");
  NewCampaign audience = ValidCampaign(org->id);
  audience.audience = "staff\x01";
  EXPECT_EQ(store_->CreateCampaign(audience).status().pointer(), "/audience");
  EXPECT_TRUE(store_->ListCampaigns(std::nullopt)->empty());
}

TEST_F(SqliteStoreTest, CampaignNeedsOrganisationAndSavedInstrument) {
  Result<Organisation> org = store_->CreateOrganisation("One");
  ASSERT_TRUE(org.ok());
  Status status = store_->CreateCampaign(ValidCampaign(org->id)).status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("demo@1.0.0"), std::string::npos);

  ASSERT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());
  status = store_->CreateCampaign(ValidCampaign(org->id + 100)).status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("organisation"), std::string::npos);

  Result<Campaign> missing = store_->GetCampaign(12);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "campaign 12 not found");
}

TEST_F(SqliteStoreTest, ListsCampaignsNewestFirst) {
  Result<Organisation> one = store_->CreateOrganisation("One");
  Result<Organisation> two = store_->CreateOrganisation("Two");
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_TRUE(store_->SaveInstrumentVersion(DemoInstrument()).ok());
  Result<Campaign> first = store_->CreateCampaign(ValidCampaign(one->id));
  Result<Campaign> second = store_->CreateCampaign(ValidCampaign(two->id));
  Result<Campaign> third = store_->CreateCampaign(ValidCampaign(one->id));
  ASSERT_TRUE(first.ok() && second.ok() && third.ok());

  Result<std::vector<Campaign>> all = store_->ListCampaigns(std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, third->id);
  EXPECT_EQ((*all)[1].id, second->id);
  EXPECT_EQ((*all)[2].id, first->id);

  Result<std::vector<Campaign>> mine = store_->ListCampaigns(one->id);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, third->id);
  EXPECT_EQ((*mine)[1].id, first->id);

  EXPECT_EQ(store_->ListCampaigns(int64_t{999}).status().code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, CampaignStateMovesForwardOnly) {
  Seeded seeded = Seed(*store_, CampaignState::kDraft);
  const int64_t id = seeded.campaign_id;
  EXPECT_EQ(store_->SetCampaignState(id, CampaignState::kDraft).status().code(),
            StatusCode::kFailedPrecondition);
  Result<Campaign> opened = store_->SetCampaignState(id, CampaignState::kOpen);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->state, CampaignState::kOpen);
  EXPECT_EQ(store_->GetCampaign(id)->state, CampaignState::kOpen);

  Status again = store_->SetCampaignState(id, CampaignState::kOpen).status();
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(), "campaign " + std::to_string(id) + " is already open");
  Status back = store_->SetCampaignState(id, CampaignState::kDraft).status();
  EXPECT_EQ(back.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(back.message().find("returned to draft"), std::string::npos);

  ASSERT_TRUE(store_->SetCampaignState(id, CampaignState::kClosed).ok());
  EXPECT_EQ(store_->SetCampaignState(id, CampaignState::kOpen).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetCampaign(id)->state, CampaignState::kClosed);

  EXPECT_EQ(store_->SetCampaignState(id + 50, CampaignState::kOpen).status().code(),
            StatusCode::kNotFound);

  // The store records nothing in the audit log by itself.
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(10);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->empty());
}

TEST_F(SqliteStoreTest, DraftCampaignCanBeClosed) {
  Seeded seeded = Seed(*store_, CampaignState::kDraft);
  Result<Campaign> closed = store_->SetCampaignState(seeded.campaign_id, CampaignState::kClosed);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state, CampaignState::kClosed);
}

TEST(StoreRecordNamesTest, RoundTrip) {
  for (CampaignState state :
       {CampaignState::kDraft, CampaignState::kOpen, CampaignState::kClosed}) {
    EXPECT_EQ(ParseCampaignState(ToString(state)), state);
  }
  EXPECT_EQ(ParseCampaignState("Open"), std::nullopt);
  EXPECT_EQ(ToString(LinkKind::kPersonal), "personal");
  EXPECT_EQ(ToString(LinkKind::kOpen), "open");
}

// Links.

TEST_F(SqliteStoreTest, AddsFindsAndCountsLinks) {
  Seeded seeded = Seed(*store_);
  ASSERT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p1", "p2", "p3"}).ok());
  ASSERT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kOpen, {"o1"}).ok());
  EXPECT_EQ(*store_->CountLinks(seeded.campaign_id, LinkKind::kPersonal), 3);
  EXPECT_EQ(*store_->CountLinks(seeded.campaign_id, LinkKind::kOpen), 1);

  Result<Link> p2 = store_->FindLink("p2");
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(p2->campaign_id, seeded.campaign_id);
  EXPECT_EQ(p2->kind, LinkKind::kPersonal);
  EXPECT_FALSE(p2->used);
  Result<Link> o1 = store_->FindLink("o1");
  ASSERT_TRUE(o1.ok());
  EXPECT_EQ(o1->kind, LinkKind::kOpen);
  EXPECT_NE(o1->id, p2->id);

  EXPECT_EQ(store_->FindLink("nope").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {}).ok());
}

TEST_F(SqliteStoreTest, AddingLinksIsAllOrNothing) {
  Seeded seeded = Seed(*store_);
  ASSERT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p1"}).ok());

  Status clash = store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p2", "p1", "p3"});
  EXPECT_EQ(clash.code(), StatusCode::kAlreadyExists);
  Status twice = store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p4", "p4"});
  EXPECT_EQ(twice.code(), StatusCode::kAlreadyExists);
  Status empty = store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p5", ""});
  EXPECT_EQ(empty.code(), StatusCode::kInvalidArgument);

  EXPECT_EQ(*store_->CountLinks(seeded.campaign_id, LinkKind::kPersonal), 1);
  EXPECT_EQ(store_->FindLink("p2").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindLink("p4").status().code(), StatusCode::kNotFound);

  EXPECT_EQ(store_->AddLinks(seeded.campaign_id + 9, LinkKind::kOpen, {"x"}).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->CountLinks(seeded.campaign_id + 9, LinkKind::kOpen).status().code(),
            StatusCode::kNotFound);
}

// Drafts.

TEST_F(SqliteStoreTest, DraftsSaveReplaceAndLoad) {
  Seeded seeded = Seed(*store_);
  ASSERT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p1"}).ok());
  const int64_t link = store_->FindLink("p1")->id;

  Result<std::string> empty = store_->LoadDraft(link);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");

  // The store keeps a sealed draft as bytes, whatever they are (NUL included).
  const std::string first("\x01sealed\0one", 12);
  ASSERT_TRUE(store_->SaveDraft(link, first).ok());
  EXPECT_EQ(*store_->LoadDraft(link), first);
  ASSERT_TRUE(store_->SaveDraft(link, "\x01sealed two").ok());
  EXPECT_EQ(*store_->LoadDraft(link), "\x01sealed two");
}

TEST_F(SqliteStoreTest, DraftFailures) {
  Seeded seeded = Seed(*store_);
  ASSERT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p1"}).ok());
  ASSERT_TRUE(store_->AddLinks(seeded.campaign_id, LinkKind::kOpen, {"o1"}).ok());
  const int64_t personal = store_->FindLink("p1")->id;
  const int64_t open = store_->FindLink("o1")->id;

  EXPECT_EQ(store_->SaveDraft(personal + open + 10, "sealed").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->LoadDraft(personal + open + 10).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->SaveDraft(personal, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->SaveDraft(open, "sealed").code(), StatusCode::kFailedPrecondition);

  std::vector<Status> submitted = store_->SubmitBatch({testing::MakeSubmission("p1", "r1")});
  ASSERT_TRUE(submitted[0].ok());
  EXPECT_EQ(store_->SaveDraft(personal, "sealed").code(), StatusCode::kGone);
}

// Audit log.

TEST_F(SqliteStoreTest, AuditLogListsNewestFirst) {
  ASSERT_TRUE(
      store_->AppendAudit("cli:ana", "organisation.create", "organisation:1", {{"name", "One"}})
          .ok());
  ASSERT_TRUE(store_->AppendAudit("cli:ana", "campaign.create", "campaign:1", nullptr).ok());
  ASSERT_TRUE(
      store_->AppendAudit("ben@example.org", "campaign.open", "campaign:1", {{"from", "draft"}})
          .ok());

  Result<std::vector<AuditEntry>> two = store_->ListAudit(2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].action, "campaign.open");
  EXPECT_EQ((*two)[0].actor, "ben@example.org");
  EXPECT_EQ((*two)[0].subject, "campaign:1");
  EXPECT_EQ((*two)[0].details, (nlohmann::json{{"from", "draft"}}));
  EXPECT_EQ((*two)[0].at.size(), 20u);
  EXPECT_EQ((*two)[1].action, "campaign.create");
  EXPECT_EQ((*two)[1].details, nlohmann::json::object());
  EXPECT_GT((*two)[0].id, (*two)[1].id);

  EXPECT_EQ(store_->ListAudit(100)->size(), 3u);
}

TEST_F(SqliteStoreTest, AuditFailures) {
  EXPECT_EQ(store_->AppendAudit("", "x", "", {}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->AppendAudit("cli:ana", "", "", {}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListAudit(0).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera::engine
