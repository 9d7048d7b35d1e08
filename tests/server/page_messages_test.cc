#include <gtest/gtest.h>

#include "page_html_checks.h"
#include "page_test_survey.h"
#include "server/pages/message_pages.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;
using testing::CountOf;
using testing::kToken;
using testing::TestSurvey;

TEST(PageSavedTest, ShowsTheLinkToKeep) {
  const std::string html = RenderSavedPage(TestSurvey(), kToken);
  EXPECT_NE(html.find("<h1>Your answers are saved</h1>"), std::string::npos);
  EXPECT_NE(html.find("<code>/s/" + std::string(kToken) + "</code>"), std::string::npos);
  EXPECT_NE(html.find("another device"), std::string::npos);
  EXPECT_NE(html.find("href=\"/s/" + std::string(kToken) + "\""), std::string::npos);
  EXPECT_NE(html.find("2026-12-31"), std::string::npos);
  EXPECT_NE(html.find("lang=\"en-GB\""), std::string::npos);
}

TEST(PageThankYouTest, ShowsTheReceiptAndWhatItMeans) {
  const std::string html = RenderThankYouPage(TestSurvey(), "K7QD-9M2X-F3HP-TW8R");
  EXPECT_NE(html.find("Thank you"), std::string::npos);
  EXPECT_NE(html.find(">K7QD-9M2X-F3HP-TW8R<"), std::string::npos);
  EXPECT_NE(html.find("proves that a response was received"), std::string::npos);
  EXPECT_NE(html.find("cannot be matched"), std::string::npos);
  EXPECT_EQ(CountOf(html, "<script"), 1u);
}

TEST(PageThankYouTest, AcceptsJustATitle) {
  const std::string html = RenderThankYouPage("Board <survey>", "K7QD-9M2X-F3HP-TW8R");
  EXPECT_NE(html.find("<title>Thank you – Board &lt;survey&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find(">K7QD-9M2X-F3HP-TW8R<"), std::string::npos);
}

TEST(PageMessageTest, RendersAnEscapedTitleAndMessage) {
  const std::string html = RenderMessagePage(400, "Bad <request>", "Try \"again\".");
  EXPECT_NE(html.find("<h1>Bad &lt;request&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("Try &quot;again&quot;."), std::string::npos);
  EXPECT_NE(html.find("<main id=\"main\""), std::string::npos);
}

TEST(PageMessageTest, StandardMessagesAreFriendly) {
  EXPECT_EQ(HttpStatusFor(SurveyMessage::kUnknownLink), 404);
  EXPECT_EQ(HttpStatusFor(SurveyMessage::kLinkUsed), 410);
  EXPECT_EQ(HttpStatusFor(SurveyMessage::kSurveyClosed), 410);
  EXPECT_EQ(HttpStatusFor(SurveyMessage::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatusFor(SurveyMessage::kBadRequest), 400);
  EXPECT_NE(RenderSurveyMessagePage(SurveyMessage::kLinkUsed)
                .find("This survey link has already been used"),
            std::string::npos);
  EXPECT_NE(RenderSurveyMessagePage(SurveyMessage::kSurveyClosed).find("This survey is closed"),
            std::string::npos);
  EXPECT_NE(RenderSurveyMessagePage(SurveyMessage::kUnknownLink).find("not found"),
            std::string::npos);
}

}  // namespace
}  // namespace tessera::server::pages
