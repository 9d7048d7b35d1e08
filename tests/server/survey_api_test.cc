// The respondent's HTTP API and pages against a real server on 127.0.0.1: every status the
// intake issue names, and that nothing is written on error.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "engine/sqlite_store.h"
#include "engine/submission_queue.h"
#include "engine/survey_intake.h"
#include "instruments/catalogue.h"
#include "server/http/http_server.h"
#include "server/survey_routes.h"
#include "survey/token.h"
#include "tests/server/http_test_client.h"
#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using server::testing::TestClient;

class SurveyApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = tessera::testing::MakeTempDir("tessera-api");
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
    ASSERT_TRUE(reader_->CreateTeam(organisation->id, "youth", "Youth services").ok());
    engine::NewCampaign request;
    request.organisation_id = organisation->id;
    request.instrument = loaded->instrument.ref();
    request.title = "Wave 2";
    auto campaign = reader_->CreateCampaign(request);
    ASSERT_TRUE(campaign.ok());
    campaign_id_ = campaign->id;
    ASSERT_TRUE(reader_->SetCampaignState(campaign_id_, engine::CampaignState::kOpen).ok());
    for (int i = 0; i < 6; ++i) tokens_.push_back(survey::NewToken());
    std::vector<std::string> hashes;
    for (const auto& token : tokens_) hashes.push_back(survey::TokenHash(token));
    ASSERT_TRUE(reader_->AddLinks(campaign_id_, engine::LinkKind::kPersonal, hashes).ok());
    open_token_ = survey::NewToken();
    ASSERT_TRUE(
        reader_->AddLinks(campaign_id_, engine::LinkKind::kOpen, {survey::TokenHash(open_token_)})
            .ok());
    // Every scored item answered 4; grouping and free text left out (they are optional).
    for (const auto* item : loaded->instrument.Items()) {
      if (item->required) complete_[item->id] = 4;
    }

    queue_ = std::make_unique<engine::SubmissionQueue>(*writer_);
    intake_ = std::make_unique<engine::SurveyIntake>(*reader_, *queue_);
    AddSystemRoutes(router_);
    SurveyRouteLimits limits;
    limits.open_link = std::make_shared<RateLimiter>(2, 0.001, 100);
    limits.respondent = respondent_limiter_;
    AddSurveyRoutes(router_, *intake_, limits);
    HttpServerOptions server_options;
    server_options.port = 0;
    server_ = std::make_unique<HttpServer>(server_options, router_);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (queue_) queue_->Stop();
  }

  Response Call(http::verb verb, const std::string& target, const std::string& body = "",
                const std::string& type = "application/json") {
    TestClient client(server_->port());
    Request request{verb, target, 11};
    if (!body.empty() || verb != http::verb::get) {
      request.set(http::field::content_type, type);
      request.body() = body;
    }
    return client.Send(std::move(request));
  }

  static nlohmann::json Json(const Response& response) {
    return nlohmann::json::parse(response.body());
  }

  int64_t Responses() { return reader_->CountResponses(campaign_id_).value(); }

  std::string Api(const std::string& token) { return "/api/v1/surveys/" + token; }

  std::unique_ptr<engine::Store> reader_;
  std::unique_ptr<engine::Store> writer_;
  std::unique_ptr<engine::SubmissionQueue> queue_;
  std::unique_ptr<engine::SurveyIntake> intake_;
  std::shared_ptr<RateLimiter> respondent_limiter_ = std::make_shared<RateLimiter>(1000, 1000, 100);
  Router router_;
  std::unique_ptr<HttpServer> server_;
  int64_t campaign_id_ = 0;
  std::vector<std::string> tokens_;
  std::string open_token_;
  nlohmann::json complete_ = nlohmann::json::object();
};

TEST_F(SurveyApiTest, DocumentHasScalesSectionsAndThePromiseButNoScoringModel) {
  auto response = Call(http::verb::get, Api(tokens_[0]));
  ASSERT_EQ(response.result(), http::status::ok) << response.body();
  auto document = Json(response);
  EXPECT_EQ(document["anonymity"]["threshold"], 5);
  EXPECT_FALSE(document["scales"].empty());
  EXPECT_FALSE(document["sections"].empty());
  for (const char* hidden : {"\"dimension\"", "\"reverse\"", "\"bands\"", "\"scoring\""}) {
    EXPECT_EQ(response.body().find(hidden), std::string::npos) << hidden;
  }
}

TEST_F(SurveyApiTest, UnknownOrMalformedTokenIs404WithoutEchoingIt) {
  const std::string unknown = survey::NewToken();
  for (const std::string& token : {unknown, std::string("not-a-token")}) {
    auto response = Call(http::verb::get, Api(token));
    EXPECT_EQ(response.result(), http::status::not_found);
    EXPECT_EQ(Json(response)["code"], "not_found");
    EXPECT_EQ(response.body().find(token), std::string::npos);
  }
}

TEST_F(SurveyApiTest, DraftSavedOnOneConnectionIsResumedOnAnother) {
  auto saved = Call(http::verb::put, Api(tokens_[0]) + "/draft",
                    R"({"answers": {"DIV-01": 2, "team": "youth", "FREE-01": "More training"}})");
  ASSERT_EQ(saved.result(), http::status::ok) << saved.body();
  EXPECT_EQ(Json(saved)["progress"]["answered"], 3);
  auto resumed = Json(Call(http::verb::get, Api(tokens_[0])));
  EXPECT_EQ(resumed["answers"]["DIV-01"], 2);
  EXPECT_EQ(resumed["answers"]["team"], "youth");
}

TEST_F(SurveyApiTest, PatchMergesOnePageIntoTheDraftAndNullClears) {
  ASSERT_EQ(Call(http::verb::put, Api(tokens_[0]) + "/draft",
                 R"({"answers": {"DIV-01": 2, "team": "youth"}})")
                .result(),
            http::status::ok);
  auto patched = Call(http::verb::patch, Api(tokens_[0]) + "/draft",
                      R"({"answers": {"DIV-02": 5, "team": null}})");
  ASSERT_EQ(patched.result(), http::status::ok) << patched.body();
  auto answers = Json(Call(http::verb::get, Api(tokens_[0])))["answers"];
  EXPECT_EQ(answers, (nlohmann::json{{"DIV-01", 2}, {"DIV-02", 5}}));
  auto bad = Call(http::verb::patch, Api(tokens_[0]) + "/draft", R"({"answers": {"DIV-02": 0}})");
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[0])))["answers"]["DIV-02"], 5);
}

TEST_F(SurveyApiTest, InvalidDraftIs400WithEveryPointerAndSavesNothing) {
  auto response = Call(http::verb::put, Api(tokens_[0]) + "/draft",
                       R"({"answers": {"DIV-01": 9, "NOPE": 1, "team": "elsewhere"}})");
  ASSERT_EQ(response.result(), http::status::bad_request);
  auto body = Json(response);
  EXPECT_EQ(body["code"], "invalid_answers");
  std::set<std::string> pointers;
  for (const auto& problem : body["problems"]) pointers.insert(problem["pointer"]);
  EXPECT_EQ(pointers, (std::set<std::string>{"/answers/DIV-01", "/answers/NOPE", "/answers/team"}));
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[0])))["answers"], nlohmann::json::object());
}

TEST_F(SurveyApiTest, WrongMediaTypeIs415AndBadJsonIs400) {
  auto text = Call(http::verb::put, Api(tokens_[0]) + "/draft", "answers", "text/plain");
  EXPECT_EQ(text.result(), http::status::unsupported_media_type);
  EXPECT_EQ(Json(text)["code"], "unsupported_media_type");
  auto broken = Call(http::verb::post, Api(tokens_[0]) + "/responses", "{\"answers\": ");
  EXPECT_EQ(broken.result(), http::status::bad_request);
  EXPECT_EQ(Json(broken)["code"], "invalid_json");
  EXPECT_EQ(Responses(), 0);
}

TEST_F(SurveyApiTest, SubmitIs201ThenTheLinkIsGone) {
  ASSERT_EQ(
      Call(http::verb::put, Api(tokens_[1]) + "/draft", R"({"answers": {"DIV-01": 2}})").result(),
      http::status::ok);
  auto created = Call(http::verb::post, Api(tokens_[1]) + "/responses",
                      nlohmann::json{{"answers", complete_}}.dump());
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  const std::string receipt = Json(created)["receipt"];
  EXPECT_TRUE(survey::LooksLikeReceiptCode(receipt)) << receipt;
  EXPECT_EQ(Responses(), 1);
  auto again = Call(http::verb::post, Api(tokens_[1]) + "/responses",
                    nlohmann::json{{"answers", complete_}}.dump());
  EXPECT_EQ(again.result(), http::status::gone);
  EXPECT_EQ(Call(http::verb::get, Api(tokens_[1])).result(), http::status::gone);
  EXPECT_EQ(Call(http::verb::get, "/s/" + tokens_[1]).result(), http::status::gone);
  EXPECT_EQ(Responses(), 1);
}

TEST_F(SurveyApiTest, MissingRequiredAnswersAre400AndNothingIsStored) {
  nlohmann::json partial = complete_;
  partial.erase("DIV-01");
  partial.erase("SUP-05");
  auto response = Call(http::verb::post, Api(tokens_[2]) + "/responses",
                       nlohmann::json{{"answers", partial}}.dump());
  ASSERT_EQ(response.result(), http::status::bad_request);
  EXPECT_EQ(Json(response)["problems"].size(), 2u);
  EXPECT_EQ(Responses(), 0);
}

TEST_F(SurveyApiTest, ClosedCampaignIs410) {
  ASSERT_TRUE(reader_->SetCampaignState(campaign_id_, engine::CampaignState::kClosed).ok());
  auto response = Call(http::verb::post, Api(tokens_[3]) + "/responses",
                       nlohmann::json{{"answers", complete_}}.dump());
  EXPECT_EQ(response.result(), http::status::gone);
  EXPECT_EQ(Json(response)["message"], "this survey is closed");
  EXPECT_EQ(Responses(), 0);
}

TEST_F(SurveyApiTest, BodyOver64KiBIs413) {
  auto response = Call(http::verb::post, Api(tokens_[0]) + "/responses",
                       "{\"answers\": {\"FREE-01\": \"" + std::string(70 * 1024, 'a') + "\"}}");
  EXPECT_EQ(response.result(), http::status::payload_too_large);
  EXPECT_EQ(Responses(), 0);
}

TEST_F(SurveyApiTest, WrongMethodIs405) {
  auto response = Call(http::verb::delete_, Api(tokens_[0]));
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(Json(response)["code"], "method_not_allowed");
}

TEST_F(SurveyApiTest, ConcurrentSubmitsOfOneLinkStoreExactlyOneResponse) {
  const std::string body = nlohmann::json{{"answers", complete_}}.dump();
  std::vector<http::status> statuses(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = Call(http::verb::post, Api(tokens_[4]) + "/responses", body).result();
    });
  }
  for (auto& thread : threads) thread.join();
  size_t created = 0;
  for (auto status : statuses) {
    if (status == http::status::created) {
      ++created;
    } else {
      EXPECT_TRUE(status == http::status::conflict || status == http::status::gone)
          << static_cast<int>(status);
    }
  }
  EXPECT_EQ(created, 1u);
  EXPECT_EQ(Responses(), 1);
}

TEST_F(SurveyApiTest, RespondentRequestsAreRateLimitedPerAddress) {
  respondent_limiter_ = std::make_shared<RateLimiter>(3, 0.001, 100);
  // Rebuild the routes with the tight limiter.
  server_->Stop();
  router_ = Router();
  AddSystemRoutes(router_);
  SurveyRouteLimits limits;
  limits.respondent = respondent_limiter_;
  AddSurveyRoutes(router_, *intake_, limits);
  HttpServerOptions options;
  options.port = 0;
  server_ = std::make_unique<HttpServer>(options, router_);
  ASSERT_TRUE(server_->Start().ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Call(http::verb::get, Api(tokens_[0])).result(), http::status::ok);
  }
  auto limited = Call(http::verb::get, Api(tokens_[0]));
  EXPECT_EQ(limited.result(), http::status::too_many_requests);
  EXPECT_EQ(Json(limited)["code"], "rate_limited");
  EXPECT_FALSE(limited[http::field::retry_after].empty());
}

TEST_F(SurveyApiTest, OpenLinkHandsEachRespondentAPersonalLink) {
  auto first = Call(http::verb::get, "/s/" + open_token_);
  ASSERT_EQ(first.result(), http::status::see_other);
  const std::string location(first[http::field::location]);
  ASSERT_EQ(location.rfind("/s/", 0), 0u);
  const std::string personal = location.substr(3);
  EXPECT_TRUE(survey::LooksLikeToken(personal));
  EXPECT_NE(personal, open_token_);
  EXPECT_EQ(Call(http::verb::get, location).result(), http::status::ok);
  auto second = Call(http::verb::get, "/s/" + open_token_);
  EXPECT_NE(std::string(second[http::field::location]), location);
  // The shared link itself holds no draft and takes no submission: it only hands out links.
  EXPECT_EQ(Call(http::verb::put, Api(open_token_) + "/draft", R"({"answers": {}})").result(),
            http::status::conflict);
  auto direct = Call(http::verb::post, Api(open_token_) + "/responses",
                     nlohmann::json{{"answers", complete_}}.dump());
  EXPECT_EQ(direct.result(), http::status::conflict);
  EXPECT_EQ(Responses(), 0);
  // The limiter allows two personal links from one address in a burst, by page or by API.
  EXPECT_EQ(Call(http::verb::get, "/s/" + open_token_).result(), http::status::too_many_requests);
  EXPECT_EQ(Call(http::verb::post, Api(open_token_) + "/links", "{}").result(),
            http::status::too_many_requests);
}

TEST_F(SurveyApiTest, OpenLinkApiIssuesAPersonalLink) {
  auto issued = Call(http::verb::post, Api(open_token_) + "/links", "{}");
  ASSERT_EQ(issued.result(), http::status::created) << issued.body();
  const std::string token = Json(issued)["token"];
  EXPECT_EQ(Json(issued)["survey"], "/s/" + token);
  auto created = Call(http::verb::post, Api(token) + "/responses",
                      nlohmann::json{{"answers", complete_}}.dump());
  EXPECT_EQ(created.result(), http::status::created);
  auto refused = Call(http::verb::post, Api(tokens_[0]) + "/links", "{}");
  EXPECT_EQ(refused.result(), http::status::bad_request);
  EXPECT_EQ(Json(refused)["code"], "not_open_link");
  EXPECT_EQ(Json(refused)["message"], "this is already a personal link");
}

TEST_F(SurveyApiTest, FormPagesSaveAndMoveBetweenSections) {
  auto page = Call(http::verb::get, "/s/" + tokens_[5]);
  ASSERT_EQ(page.result(), http::status::ok);
  EXPECT_NE(std::string(page[http::field::content_type]).find("text/html"), std::string::npos);
  auto next = Call(http::verb::post, "/s/" + tokens_[5], "page=0&team=youth&action=next",
                   "application/x-www-form-urlencoded");
  ASSERT_EQ(next.result(), http::status::see_other) << next.body();
  EXPECT_EQ(std::string(next[http::field::location]), "/s/" + tokens_[5] + "?page=1");
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[5])))["answers"]["team"], "youth");
  auto bad = Call(http::verb::post, "/s/" + tokens_[5], "page=0&team=elsewhere&action=next",
                  "application/x-www-form-urlencoded");
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_NE(bad.body().find("role=\"alert\""), std::string::npos);
  // "Previous" on the review page (page = number of sections) keeps every answer.
  const size_t sections = Json(Call(http::verb::get, Api(tokens_[5])))["sections"].size();
  auto back = Call(http::verb::post, "/s/" + tokens_[5],
                   "page=" + std::to_string(sections) + "&action=prev",
                   "application/x-www-form-urlencoded");
  ASSERT_EQ(back.result(), http::status::see_other);
  EXPECT_EQ(std::string(back[http::field::location]),
            "/s/" + tokens_[5] + "?page=" + std::to_string(sections - 1));
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[5])))["answers"]["team"], "youth");
}

// The fieldset of one question on a survey page, from its opening tag to </fieldset>.
std::string QuestionFieldset(const std::string& html, const std::string& item_id) {
  const size_t start = html.find("id=\"question-" + item_id + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</fieldset>", start) - start);
}

// Issue 12, part 7: control characters in free text were stored and shown raw.
TEST_F(SurveyApiTest, ControlCharactersInTextAre400WithThePointer) {
  for (const std::string text :
       {R"("a\u0000b")", R"("\u0001")", R"("\u001b[2J")", R"("x\u007f")", R"("next\u0085line")"}) {
    auto draft = Call(http::verb::put, Api(tokens_[0]) + "/draft",
                      R"({"answers": {"DIV-01": 2, "FREE-01": )" + text + "}}");
    ASSERT_EQ(draft.result(), http::status::bad_request) << text;
    auto body = Json(draft);
    EXPECT_EQ(body["code"], "invalid_answers");
    EXPECT_EQ(body["pointer"], "/answers/FREE-01");
    ASSERT_EQ(body["problems"].size(), 1u) << body.dump();
    EXPECT_EQ(body["problems"][0]["code"], "control_character");
  }
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[0])))["answers"], nlohmann::json::object());

  nlohmann::json answers = complete_;
  answers["FREE-02"] = std::string("nul\0", 4);
  auto submitted = Call(http::verb::post, Api(tokens_[0]) + "/responses",
                        nlohmann::json{{"answers", answers}}.dump());
  ASSERT_EQ(submitted.result(), http::status::bad_request);
  EXPECT_EQ(Json(submitted)["pointer"], "/answers/FREE-02");
  EXPECT_EQ(Responses(), 0);
}

TEST_F(SurveyApiTest, TextKeepsTabsAndNewlinesAndStoresCrLfAsLf) {
  auto saved = Call(http::verb::put, Api(tokens_[0]) + "/draft",
                    R"({"answers": {"FREE-01": "one\r\n\ttwo\rthree\n"}})");
  ASSERT_EQ(saved.result(), http::status::ok) << saved.body();
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[0])))["answers"]["FREE-01"],
            "one\n\ttwo\nthree\n");
}

TEST_F(SurveyApiTest, FormPageShowsAControlCharacterBesideTheQuestion) {
  const std::string page = std::to_string(
      Json(Call(http::verb::get, Api(tokens_[5])))["sections"].size() - 1);  // FREE-01's page
  auto response = Call(http::verb::post, "/s/" + tokens_[5],
                       "page=" + page + "&FREE-01=Bell%07here&FREE-02=fine%0D%0Atext&action=save",
                       "application/x-www-form-urlencoded");
  ASSERT_EQ(response.result(), http::status::bad_request) << response.body();
  const std::string question = QuestionFieldset(response.body(), "FREE-01");
  EXPECT_NE(question.find("field-error"), std::string::npos) << question;
  EXPECT_NE(question.find("control character (U+0007)"), std::string::npos) << question;
  EXPECT_EQ(QuestionFieldset(response.body(), "FREE-02").find("field-error"), std::string::npos);
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[5])))["answers"], nlohmann::json::object());
}

// Issue 12, part 7: with a key repeated, the last value silently won.
TEST_F(SurveyApiTest, RepeatedKeysAre400DuplicateKeyWithThePointer) {
  auto draft = Call(http::verb::put, Api(tokens_[0]) + "/draft",
                    R"({"answers": {"DIV-01": 1, "DIV-02": 3, "DIV-01": 5}})");
  ASSERT_EQ(draft.result(), http::status::bad_request) << draft.body();
  EXPECT_EQ(Json(draft)["code"], "duplicate_key");
  EXPECT_EQ(Json(draft)["pointer"], "/answers/DIV-01");
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[0])))["answers"], nlohmann::json::object());

  auto patched = Call(http::verb::patch, Api(tokens_[0]) + "/draft",
                      R"({"answers": {"team": "youth"}, "answers": {"team": null}})");
  ASSERT_EQ(patched.result(), http::status::bad_request);
  EXPECT_EQ(Json(patched)["code"], "duplicate_key");
  EXPECT_EQ(Json(patched)["pointer"], "/answers");

  std::string body = nlohmann::json{{"answers", complete_}}.dump();
  body.insert(body.size() - 2, R"(,"DIV-01":1)");  // complete_ already answers DIV-01
  auto submitted = Call(http::verb::post, Api(tokens_[0]) + "/responses", body);
  ASSERT_EQ(submitted.result(), http::status::bad_request) << body;
  EXPECT_EQ(Json(submitted)["code"], "duplicate_key");
  EXPECT_EQ(Json(submitted)["pointer"], "/answers/DIV-01");
  EXPECT_EQ(Responses(), 0);
}

TEST_F(SurveyApiTest, FormFieldSentTwiceIsRefusedBesideTheQuestion) {
  auto response =
      Call(http::verb::post, "/s/" + tokens_[5], "page=1&DIV-01=2&DIV-01=5&DIV-02=3&action=next",
           "application/x-www-form-urlencoded");
  ASSERT_EQ(response.result(), http::status::bad_request) << response.body();
  const std::string question = QuestionFieldset(response.body(), "DIV-01");
  EXPECT_NE(question.find("field-error"), std::string::npos) << question;
  EXPECT_NE(question.find("sent more than once"), std::string::npos) << question;
  EXPECT_EQ(QuestionFieldset(response.body(), "DIV-02").find("field-error"), std::string::npos);
  EXPECT_EQ(Json(Call(http::verb::get, Api(tokens_[5])))["answers"], nlohmann::json::object());
  // Sent once, the same answer is saved.
  auto checked = Call(http::verb::post, "/s/" + tokens_[5], "page=1&DIV-01=2&action=save",
                      "application/x-www-form-urlencoded");
  EXPECT_EQ(checked.result(), http::status::ok) << checked.body();
}

TEST_F(SurveyApiTest, HealthzAndAssets) {
  EXPECT_EQ(Call(http::verb::get, "/healthz").result(), http::status::ok);
  auto css = Call(http::verb::get, "/assets/survey.css");
  EXPECT_EQ(css.result(), http::status::ok);
  EXPECT_NE(std::string(css[http::field::content_type]).find("text/css"), std::string::npos);
  EXPECT_EQ(Call(http::verb::get, "/assets/nothing.css").result(), http::status::not_found);
}

}  // namespace
}  // namespace tessera::server
