// Padding a small group to k (issue 12, part 6), against a real server on 127.0.0.1 with the
// limits `tessera serve` uses: the team headcount and audience size refuse what goes past them
// (atomically, with stable codes, keeping the respondent's draft), the shared link limits
// minting per device (a cookie) as well as per address (sized for an office), the responses that
// came through the shared link are counted apart under the threshold rule, and bursts of
// near-identical responses are flagged, never dropped.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <thread>

#include "engine/campaign_instrument_cache.h"
#include "engine/campaign_results.h"
#include "engine/export/campaign_exporter.h"
#include "engine/live_statistics.h"
#include "engine/sqlite_store.h"
#include "engine/submission_queue.h"
#include "engine/survey_intake.h"
#include "instruments/catalogue.h"
#include "server/auth/auth_service.h"
#include "server/dashboard/campaign_list_page.h"
#include "server/http/http_server.h"
#include "server/management/campaign_directory.h"
#include "server/survey_routes.h"
#include "survey/token.h"
#include "tests/server/http_test_client.h"
#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using server::testing::TestClient;

constexpr char kForm[] = "application/x-www-form-urlencoded";

class PaddingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = tessera::testing::MakeTempDir("tessera-padding");
    engine::SqliteOptions options{dir + "/t.db"};
    reader_ = std::move(engine::OpenSqliteStore(options).value());
    writer_ = std::move(engine::OpenSqliteStore(options).value());
    const std::filesystem::path catalogue_dir =
        std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
    instruments::Diagnostics diagnostics;
    auto catalogue = instruments::Catalogue::Load(
        catalogue_dir, instruments::LockFileFor(catalogue_dir), &diagnostics);
    const auto* loaded =
        catalogue.Find(*instruments::InstrumentRef::Parse("staff-attitudes@1.1.0"));
    ASSERT_NE(loaded, nullptr);
    ASSERT_TRUE(reader_
                    ->SaveInstrumentVersion(
                        {loaded->instrument.ref(), loaded->hash, loaded->document.dump()})
                    .ok());
    auto organisation = reader_->CreateOrganisation("Riverside");
    ASSERT_TRUE(organisation.ok());
    organisation_id_ = organisation->id;
    // A team of two, and a large one.
    ASSERT_TRUE(reader_->CreateTeam(organisation_id_, "youth", "Youth services", 2).ok());
    ASSERT_TRUE(reader_->CreateTeam(organisation_id_, "family", "Family support", 40).ok());
    engine::NewCampaign request;
    request.organisation_id = organisation_id_;
    request.instrument = loaded->instrument.ref();
    request.title = "Wave 2";
    request.closes_on = "2099-12-31";
    auto campaign = reader_->CreateCampaign(request);
    ASSERT_TRUE(campaign.ok());
    campaign_id_ = campaign->id;
    ASSERT_EQ(campaign->anonymity_threshold, 5);
    ASSERT_TRUE(reader_->SetCampaignState(campaign_id_, engine::CampaignState::kOpen).ok());
    for (int i = 0; i < 14; ++i) tokens_.push_back(survey::NewToken());
    std::vector<std::string> hashes;
    for (const auto& token : tokens_) hashes.push_back(survey::TokenHash(token));
    ASSERT_TRUE(reader_->AddLinks(campaign_id_, engine::LinkKind::kPersonal, hashes).ok());
    open_token_ = survey::NewToken();
    ASSERT_TRUE(
        reader_->AddLinks(campaign_id_, engine::LinkKind::kOpen, {survey::TokenHash(open_token_)})
            .ok());
    // Every required item answered; grouping and free text left out (they are optional).
    for (const auto* item : loaded->instrument.Items()) {
      if (item->required) complete_[item->id] = 4;
    }
    queue_ = std::make_unique<engine::SubmissionQueue>(*writer_);
    intake_ = std::make_unique<engine::SurveyIntake>(*reader_, *queue_);
    Serve(ServeSurveyRouteLimits(0, false));
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (queue_) queue_->Stop();
  }

  // (Re)starts the server with `limits`.
  void Serve(SurveyRouteLimits limits) {
    if (server_) server_->Stop();
    router_ = Router();
    AddSystemRoutes(router_);
    AddSurveyRoutes(router_, *intake_, std::move(limits));
    HttpServerOptions server_options;
    server_options.port = 0;
    server_ = std::make_unique<HttpServer>(server_options, router_);
    ASSERT_TRUE(server_->Start().ok());
  }

  Response Call(http::verb verb, const std::string& target, const std::string& body = "",
                const std::string& type = "application/json", const std::string& cookie = "") {
    TestClient client(server_->port());
    Request request{verb, target, 11};
    if (!body.empty() || verb != http::verb::get) {
      request.set(http::field::content_type, type);
      request.body() = body;
    }
    if (!cookie.empty()) request.set(http::field::cookie, cookie);
    return client.Send(std::move(request));
  }

  static nlohmann::json Json(const Response& response) {
    return nlohmann::json::parse(response.body());
  }

  std::string Api(const std::string& token) { return "/api/v1/surveys/" + token; }

  // Variant 0 answers 4 everywhere; any other variant answers at random (seeded by it), so two
  // genuine respondents are not near-identical.
  nlohmann::json Answers(const std::string& team, int variant = 0) {
    nlohmann::json answers = complete_;
    if (variant != 0) {
      std::mt19937 random(static_cast<unsigned>(variant));
      std::uniform_int_distribution<int> value(1, 5);
      for (auto& [item, answer] : answers.items()) answer = value(random);
    }
    if (!team.empty()) answers["team"] = team;
    return answers;
  }

  Response Submit(const std::string& token, const nlohmann::json& answers) {
    return Call(http::verb::post, Api(token) + "/responses",
                nlohmann::json{{"answers", answers}}.dump());
  }

  int64_t Responses() { return reader_->CountResponses(campaign_id_).value(); }

  // A browser: opens the shared link, keeping the device cookie it is given.
  struct Browser {
    std::string cookie;  // "tessera_device=..." once set
  };
  Response OpenSharedLink(Browser* browser) {
    Response response = Call(http::verb::get, "/s/" + open_token_, "", "", browser->cookie);
    const std::string set_cookie(response[http::field::set_cookie]);
    if (!set_cookie.empty()) browser->cookie = set_cookie.substr(0, set_cookie.find(';'));
    return response;
  }

  std::unique_ptr<engine::Store> reader_;
  std::unique_ptr<engine::Store> writer_;
  std::unique_ptr<engine::SubmissionQueue> queue_;
  std::unique_ptr<engine::SurveyIntake> intake_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  int64_t organisation_id_ = 0;
  int64_t campaign_id_ = 0;
  std::vector<std::string> tokens_;
  std::string open_token_;
  nlohmann::json complete_ = nlohmann::json::object();
};

// The attack: a team of 2 with k = 5. One person opens the shared link again and again, answers
// as "youth" with answers they know, and once the team reaches k its results appear: subtracting
// their own answers leaves the two real members'. With the fix the team's headcount refuses every
// response beyond 2 and the device limit stops the browser after a few links.
TEST_F(PaddingTest, ASmallTeamPaddedThroughTheSharedLink) {
  ASSERT_EQ(Submit(tokens_[0], Answers("youth", 1)).result(), http::status::created);
  ASSERT_EQ(Submit(tokens_[1], Answers("youth", 2)).result(), http::status::created);
  for (int i = 2; i < 12; ++i) {
    ASSERT_EQ(Submit(tokens_[i], Answers("family", i)).result(), http::status::created);
  }

  Browser attacker;
  std::vector<std::string> minted;
  int refused_mints = 0;
  for (int i = 0; i < 6; ++i) {
    Response opened = OpenSharedLink(&attacker);
    if (opened.result() == http::status::see_other) {
      minted.push_back(std::string(opened[http::field::location]).substr(3));
    } else {
      EXPECT_EQ(opened.result(), http::status::too_many_requests);
      ++refused_mints;
    }
  }
  EXPECT_EQ(minted.size(), static_cast<size_t>(kOpenLinkDeviceBurst))
      << "one device mints only a few links";
  EXPECT_EQ(refused_mints, 6 - static_cast<int>(kOpenLinkDeviceBurst));

  int padded = 0;
  for (const std::string& token : minted) {
    Response response = Submit(token, Answers("youth"));
    if (response.result() == http::status::created) {
      ++padded;
      continue;
    }
    EXPECT_EQ(response.result(), http::status::conflict) << response.body();
    EXPECT_EQ(Json(response)["code"], "team_full");
    EXPECT_EQ(Json(response)["pointer"], "/answers/team");
  }
  EXPECT_EQ(padded, 0) << "the team already has as many responses as members";
  EXPECT_EQ(Responses(), 12);

  // Closed: the team of two stays below k, so nothing about it is shown.
  ASSERT_TRUE(reader_->SetCampaignState(campaign_id_, engine::CampaignState::kClosed).ok());
  engine::LiveStatistics live(*reader_);
  engine::CampaignResults results(*reader_, live);
  auto report = results.Scores(campaign_id_, "team");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  bool found = false;
  for (const nlohmann::json& cell : (*report)["breakdown"]["cells"]) {
    if (cell["value"] != "youth") continue;
    found = true;
    EXPECT_FALSE(cell["shown"].get<bool>()) << cell.dump();
    EXPECT_FALSE(cell.contains("respondents")) << cell.dump();
  }
  EXPECT_TRUE(found);
}

TEST_F(PaddingTest, DeviceCookieIsHttpOnlyStrictScopedToTheSharedLinkAndEndsWithTheCampaign) {
  Response page = Call(http::verb::get, "/s/" + open_token_);
  ASSERT_EQ(page.result(), http::status::see_other);
  const std::string cookie(page[http::field::set_cookie]);
  const std::regex shape("^tessera_device=[A-Za-z0-9_-]{43}; Path=/s/" + open_token_ +
                         "; Max-Age=([0-9]+); HttpOnly; SameSite=Strict$");
  std::smatch match;
  ASSERT_TRUE(std::regex_match(cookie, match, shape)) << cookie;
  // It expires at the end of the campaign's closing day (2099-12-31, UTC), not later: the
  // server read its clock a moment before this test reads its own.
  const long long max_age = std::stoll(match[1].str());
  const long long until_close = 4102444800LL - static_cast<long long>(std::time(nullptr));
  EXPECT_GE(max_age, until_close);
  EXPECT_LE(max_age, until_close + 60);

  Response api = Call(http::verb::post, Api(open_token_) + "/links", "{}");
  ASSERT_EQ(api.result(), http::status::created);
  const std::string api_cookie(api[http::field::set_cookie]);
  EXPECT_NE(api_cookie.find("; Path=/api/v1/surveys/" + open_token_ + "/links;"), std::string::npos)
      << api_cookie;
  // A client that sends the cookie back is not given a new one; personal links set none.
  const std::string sent = cookie.substr(0, cookie.find(';'));
  EXPECT_TRUE(
      std::string(Call(http::verb::get, "/s/" + open_token_, "", "", sent)[http::field::set_cookie])
          .empty());
  const std::string location(page[http::field::location]);
  EXPECT_TRUE(std::string(Call(http::verb::get, location)[http::field::set_cookie]).empty());
}

TEST_F(PaddingTest, AnOfficeBehindOneAddressCanStillStartSurveys) {
  // Thirty colleagues, each on their own device, all behind the office's one address.
  for (int i = 0; i < 30; ++i) {
    Browser colleague;
    EXPECT_EQ(OpenSharedLink(&colleague).result(), http::status::see_other) << i;
  }
}

TEST_F(PaddingTest, AClientThatRefusesCookiesIsHeldByTheAddressLimit) {
  SurveyRouteLimits limits;
  limits.open_link = std::make_shared<RateLimiter>(5, 0.001, 100);
  limits.open_link_device = std::make_shared<RateLimiter>(2, 0.001, 100);
  Serve(limits);
  // Keeping its cookie, one browser gets 2 links; then this device is told to wait.
  Browser browser;
  EXPECT_EQ(OpenSharedLink(&browser).result(), http::status::see_other);
  EXPECT_EQ(OpenSharedLink(&browser).result(), http::status::see_other);
  Response device = OpenSharedLink(&browser);
  EXPECT_EQ(device.result(), http::status::too_many_requests);
  EXPECT_NE(device.body().find("on this device"), std::string::npos);
  // Without cookies every request looks like a new device: the address limit (3 tokens left)
  // is what holds it.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Call(http::verb::get, "/s/" + open_token_).result(), http::status::see_other) << i;
  }
  Response address = Call(http::verb::get, "/s/" + open_token_);
  EXPECT_EQ(address.result(), http::status::too_many_requests);
  EXPECT_NE(address.body().find("from this network"), std::string::npos);
  Response api = Call(http::verb::post, Api(open_token_) + "/links", "{}");
  EXPECT_EQ(api.result(), http::status::too_many_requests);
  EXPECT_EQ(Json(api)["code"], "rate_limited");
}

TEST_F(PaddingTest, AFullCampaignAnswersAudienceFullAndKeepsTheDraft) {
  ASSERT_TRUE(reader_->SetAudienceSize(campaign_id_, 2).ok());
  ASSERT_EQ(Submit(tokens_[0], Answers("family", 1)).result(), http::status::created);
  ASSERT_EQ(Submit(tokens_[1], Answers("family", 2)).result(), http::status::created);
  // The third respondent has saved a draft and submits.
  const std::string draft = nlohmann::json{{"answers", Answers("family", 3)}}.dump();
  ASSERT_EQ(Call(http::verb::put, Api(tokens_[2]) + "/draft", draft).result(), http::status::ok);
  Response full = Submit(tokens_[2], Answers("family", 3));
  ASSERT_EQ(full.result(), http::status::conflict) << full.body();
  EXPECT_EQ(Json(full)["code"], "audience_full");
  EXPECT_FALSE(Json(full).contains("pointer"));
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[2])))["answers"], Answers("family", 3))
      << "the draft is kept";
  // The same on the pages: a plain message, and the draft still there.
  Response page = Call(http::verb::post, "/s/" + tokens_[2], "page=99&action=submit", kForm);
  EXPECT_EQ(page.result(), http::status::conflict);
  EXPECT_NE(page.body().find("This survey is full"), std::string::npos);
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[2])))["answers"], Answers("family", 3));
  EXPECT_EQ(Responses(), 2);
  // And the shared link mints no more links.
  Response mint = Call(http::verb::post, Api(open_token_) + "/links", "{}");
  EXPECT_EQ(mint.result(), http::status::conflict);
  EXPECT_EQ(Json(mint)["code"], "audience_full");
  EXPECT_EQ(Call(http::verb::get, "/s/" + open_token_).result(), http::status::conflict);
}

TEST_F(PaddingTest, AFullTeamIsShownBesideTheTeamQuestionOnTheReviewPage) {
  ASSERT_EQ(Submit(tokens_[0], Answers("youth", 1)).result(), http::status::created);
  ASSERT_EQ(Submit(tokens_[1], Answers("youth", 2)).result(), http::status::created);
  const std::string draft = nlohmann::json{{"answers", Answers("youth", 3)}}.dump();
  ASSERT_EQ(Call(http::verb::put, Api(tokens_[2]) + "/draft", draft).result(), http::status::ok);
  Response page = Call(http::verb::post, "/s/" + tokens_[2], "page=99&action=submit", kForm);
  EXPECT_EQ(page.result(), http::status::conflict);
  EXPECT_NE(page.body().find("The team you chose has already given as many responses"),
            std::string::npos);
  EXPECT_NE(page.body().find("role=\"alert\""), std::string::npos);
  // Choosing another answer to the team question then goes through.
  nlohmann::json other = Answers("youth", 3);
  other["team"] = "pnts";
  EXPECT_EQ(Submit(tokens_[2], other).result(), http::status::created);
  EXPECT_EQ(Responses(), 3);
}

TEST_F(PaddingTest, ConcurrentSubmissionsNeverGoPastTheAudienceSize) {
  ASSERT_TRUE(reader_->SetAudienceSize(campaign_id_, 5).ok());
  std::vector<http::status> statuses(12);
  std::vector<std::string> codes(12);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      Response response = Submit(tokens_[i], Answers("family", static_cast<int>(i)));
      statuses[i] = response.result();
      if (response.result() != http::status::created) codes[i] = Json(response)["code"];
    });
  }
  for (auto& thread : threads) thread.join();
  int created = 0;
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i] == http::status::created) {
      ++created;
    } else {
      EXPECT_EQ(statuses[i], http::status::conflict);
      EXPECT_EQ(codes[i], "audience_full");
    }
  }
  EXPECT_EQ(created, 5);
  EXPECT_EQ(Responses(), 5);
}

TEST_F(PaddingTest, ABurstOfNearIdenticalResponsesIsFlaggedAndEveryOneKept) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(Submit(tokens_[i], Answers("family")).result(), http::status::created);
  }
  EXPECT_EQ(Responses(), 4) << "nothing is dropped";
  intake_->WaitForBurstChecks();
  auto flags = reader_->ListBurstFlags(campaign_id_);
  ASSERT_TRUE(flags.ok());
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].grouping, "team");
  EXPECT_EQ((*flags)[0].group, "family");
  EXPECT_EQ((*flags)[0].responses, 4);
  EXPECT_EQ((*flags)[0].day, engine::TodayUtc());
  // Different answers into the same team raise nothing more.
  for (int i = 4; i < 7; ++i) {
    ASSERT_EQ(Submit(tokens_[i], Answers("family", 3 * i)).result(), http::status::created);
  }
  intake_->WaitForBurstChecks();
  EXPECT_EQ(reader_->ListBurstFlags(campaign_id_)->size(), 1u);
  EXPECT_EQ(reader_->ListBurstFlags(campaign_id_)->front().responses, 4);
}

// The management side: counted apart under the threshold rule, flags listed, links minted from
// the shared link not counted as invitations.
TEST_F(PaddingTest, SharedLinkResponsesAreCountedApartAndFlagsReachTheManagers) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Submit(tokens_[i], Answers("family")).result(), http::status::created);
  }
  std::vector<std::string> minted;
  for (int i = 0; i < 2; ++i) {
    Browser respondent;
    Response opened = OpenSharedLink(&respondent);
    ASSERT_EQ(opened.result(), http::status::see_other);
    minted.push_back(std::string(opened[http::field::location]).substr(3));
  }
  for (const std::string& token : minted) {
    ASSERT_EQ(Submit(token, Answers("family", 9)).result(), http::status::created);
  }
  intake_->WaitForBurstChecks();
  engine::LiveStatistics live(*reader_);
  engine::CampaignResults results(*reader_, live);
  engine::CampaignExporter exporter(*reader_, results);
  engine::CampaignInstrumentCache instruments(*reader_);
  AuthService auth(*reader_);
  ManagementServices services{*reader_, auth, results, exporter, instruments};

  auto listing = ListingOf(services, *reader_->GetCampaign(campaign_id_));
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  nlohmann::json json = CampaignListingJson(*listing);
  EXPECT_EQ(json["responses"], 7);
  EXPECT_TRUE(json["shared_link_responses"].is_null()) << "2 through the shared link: below k";
  EXPECT_EQ(json["invited"], 14) << "minted links are not invitations";
  EXPECT_TRUE(json["audience_size"].is_null());
  ASSERT_EQ(json["burst_flags"].size(), 1u);
  EXPECT_EQ(json["burst_flags"][0]["grouping"], "team");
  EXPECT_EQ(json["burst_flags"][0]["group"], "family");
  EXPECT_EQ(json["burst_flags"][0]["responses"], 5) << "5 near-identical: k, so shown";

  for (int i = 0; i < 3; ++i) {
    Browser respondent;
    Response opened = OpenSharedLink(&respondent);
    ASSERT_EQ(opened.result(), http::status::see_other);
    ASSERT_EQ(Submit(std::string(opened[http::field::location]).substr(3), Answers("family", i + 1))
                  .result(),
              http::status::created);
  }
  listing = ListingOf(services, *reader_->GetCampaign(campaign_id_));
  ASSERT_TRUE(listing.ok());
  json = CampaignListingJson(*listing);
  // 5 through the shared link and 5 otherwise: each at least k.
  EXPECT_EQ(json["responses"], 10);
  EXPECT_EQ(json["shared_link_responses"], 5);

  dashboard::CampaignRow row;
  row.campaign = listing->campaign;
  row.responses = 10;
  row.invited = listing->invited;
  row.shared_link_responses = listing->shared_link_responses;
  row.shared_link_used = listing->shared_link_used;
  row.flags = listing->flags;
  dashboard::DashboardChrome chrome;
  chrome.role = "manager";
  chrome.organisation_name = "Riverside";
  const std::string html = dashboard::RenderCampaignList(chrome, {row});
  EXPECT_NE(html.find("5 through the shared link"), std::string::npos);
  EXPECT_NE(html.find("Bursts of near-identical responses"), std::string::npos);
  EXPECT_NE(html.find("team = family"), std::string::npos);
  // Below k a flag says "at least 3", never the count.
  engine::BurstFlag small{campaign_id_, "team", "youth", "2026-03-04", 3};
  EXPECT_NE(dashboard::RenderBurstFlagList({small}, 5).find("at least 3 (fewer than 5)"),
            std::string::npos);
  EXPECT_TRUE(BurstFlagJson(small, 5)["responses"].is_null());
}

}  // namespace
}  // namespace tessera::server
