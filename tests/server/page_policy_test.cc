// Every page works under CSP script-src 'self' and style-src 'self': no inline script, no
// inline event handlers, no style elements or attributes, and no resources from elsewhere.
#include <gtest/gtest.h>

#include "page_html_checks.h"
#include "page_test_survey.h"
#include "server/pages/message_pages.h"
#include "server/pages/review_page.h"
#include "server/pages/survey_page.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;
using testing::CountOf;
using testing::kToken;
using testing::Tags;
using testing::TestSurvey;

std::vector<std::pair<std::string, std::string>> AllPages() {
  const json doc = TestSurvey();
  const std::vector<AnswerProblem> problems = {{"/answers/ATT-01", "required", "Answer it."}};
  return {
      {"page 0", RenderSurveyPage(doc, 0, kToken, {})},
      {"page 1", RenderSurveyPage(doc, 1, kToken, problems)},
      {"review", RenderReviewPage(doc, kToken, problems)},
      {"saved", RenderSavedPage(doc, kToken)},
      {"thank you", RenderThankYouPage(doc, "K7QD-9M2X-F3HP-TW8R")},
      {"message", RenderMessagePage(410, "Closed", "Closed.")},
      {"used", RenderSurveyMessagePage(SurveyMessage::kLinkUsed)},
  };
}

TEST(PagePolicyTest, NoInlineScriptOrStyle) {
  for (const auto& [name, html] : AllPages()) {
    const std::vector<std::string> scripts = Tags(html, "script");
    ASSERT_EQ(scripts.size(), 1u) << name;
    EXPECT_EQ(scripts[0], "<script src=\"/assets/survey.js\" defer>") << name;
    EXPECT_EQ(CountOf(html, "<script"), 1u) << name;
    EXPECT_EQ(CountOf(html, "<style"), 0u) << name;
    EXPECT_EQ(CountOf(html, " style="), 0u) << name;
    EXPECT_FALSE(testing::HasEventHandlerAttribute(html)) << name;
    EXPECT_EQ(CountOf(html, "javascript:"), 0u) << name;
  }
}

TEST(PagePolicyTest, EverythingIsServedByTessera) {
  for (const auto& [name, html] : AllPages()) {
    EXPECT_EQ(CountOf(html, "http://"), 0u) << name;
    EXPECT_EQ(CountOf(html, "https://"), 0u) << name;
    EXPECT_EQ(CountOf(html, "src=\"//"), 0u) << name;
    EXPECT_EQ(CountOf(html, "href=\"//"), 0u) << name;
  }
}

TEST(PagePolicyTest, EveryPageHasTheSharedShell) {
  for (const auto& [name, html] : AllPages()) {
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u) << name;
    EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos) << name;
    EXPECT_EQ(CountOf(html, "<link rel=\"stylesheet\" href=\"/assets/survey.css\">"), 1u) << name;
    EXPECT_NE(html.find("Skip to main content"), std::string::npos) << name;
    EXPECT_EQ(CountOf(html, "<main "), 1u) << name;
    EXPECT_EQ(CountOf(html, "<h1"), 1u) << name;
    EXPECT_NE(html.find("<meta name=\"referrer\" content=\"no-referrer\">"), std::string::npos)
        << name;
  }
}

}  // namespace
}  // namespace tessera::server::pages
