#include <gtest/gtest.h>

#include "page_html_checks.h"
#include "page_test_survey.h"
#include "server/pages/review_page.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;
using testing::CountOf;
using testing::InputTag;
using testing::kToken;
using testing::TestSurvey;

TEST(PageReviewTest, ShowsAnswersInWordsNotCodes) {
  const std::string html = RenderReviewPage(TestSurvey(), kToken, {});
  EXPECT_NE(html.find("<h2>About you</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Your views</h2>"), std::string::npos);
  EXPECT_NE(html.find(">South &amp; East<"), std::string::npos);
  EXPECT_NE(html.find(">Housing support, Youth work<"), std::string::npos);
  EXPECT_NE(html.find(">Don&#39;t know<"), std::string::npos);
  EXPECT_NE(html.find(">Line &lt;b&gt;bold&lt;/b&gt;<"), std::string::npos);
  EXPECT_NE(html.find(">37.5<"), std::string::npos);
  EXPECT_EQ(html.find(">south<"), std::string::npos);
  EXPECT_EQ(html.find(">dk<"), std::string::npos);
  EXPECT_EQ(html.find("housing, youth"), std::string::npos);
}

TEST(PageReviewTest, ShowsScalePointLabels) {
  json doc = TestSurvey();
  doc["answers"]["ATT-01"] = 4;
  const std::string html = RenderReviewPage(doc, kToken, {});
  EXPECT_NE(html.find("<dd class=\"review-answer\">Agree</dd>"), std::string::npos);
}

TEST(PageReviewTest, ChangeLinksGoToTheQuestionsPage) {
  const std::string html = RenderReviewPage(TestSurvey(), kToken, {});
  const std::string link = "/s/" + std::string(kToken);
  EXPECT_NE(html.find("href=\"" + link + "?page=0#item-team\""), std::string::npos);
  EXPECT_NE(html.find("href=\"" + link + "?page=0#item-services\""), std::string::npos);
  EXPECT_NE(html.find("href=\"" + link + "?page=1#item-ATT-01\""), std::string::npos);
  EXPECT_NE(html.find("href=\"" + link + "?page=1#item-HOURS\""), std::string::npos);
  EXPECT_EQ(CountOf(html, ">Change<"), 5u);
}

TEST(PageReviewTest, FlagsRequiredItemsThatAreMissing) {
  json doc = TestSurvey();
  doc["answers"].erase("ATT-01");
  doc["answers"]["HOURS"] = nullptr;
  const std::string html = RenderReviewPage(doc, kToken, {});
  EXPECT_EQ(CountOf(html, "Not answered (required)"), 1u);
  EXPECT_EQ(CountOf(html, "review-missing"), 1u);
  EXPECT_NE(html.find("1 required question is not answered yet"), std::string::npos);
  EXPECT_EQ(CountOf(html, ">Not answered<"), 1u);  // HOURS: optional, so only noted

  const std::string complete = RenderReviewPage(TestSurvey(), kToken, {});
  EXPECT_EQ(complete.find("Not answered"), std::string::npos);
  EXPECT_EQ(complete.find("review-missing"), std::string::npos);
}

TEST(PageReviewTest, HasSubmitAndPreviousButtons) {
  const std::string html = RenderReviewPage(TestSurvey(), kToken, {});
  EXPECT_NE(html.find("<form method=\"post\" action=\"/s/" + std::string(kToken) + "\""),
            std::string::npos);
  EXPECT_NE(html.find("name=\"action\" value=\"submit\""), std::string::npos);
  EXPECT_NE(html.find("Submit my answers"), std::string::npos);
  EXPECT_NE(html.find("name=\"action\" value=\"prev\""), std::string::npos);
  EXPECT_LT(html.find("value=\"submit\""), html.find("value=\"prev\""));
  EXPECT_FALSE(InputTag(html, "page", "2").empty());
}

TEST(PageReviewTest, SubmitProblemsAreSummarisedWithLinksToTheirPages) {
  json doc = TestSurvey();
  doc["answers"].erase("ATT-01");
  const std::vector<AnswerProblem> problems = {
      {"/answers/ATT-01", "required", "Answer this question."}};
  const std::string html = RenderReviewPage(doc, kToken, problems);
  EXPECT_NE(html.find("There is a problem"), std::string::npos);
  EXPECT_NE(html.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/s/" + std::string(kToken) + "?page=1#item-ATT-01\">I feel"),
            std::string::npos);
  EXPECT_EQ(CountOf(html, "<script"), 1u);
}

}  // namespace
}  // namespace tessera::server::pages
