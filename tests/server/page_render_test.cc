#include <gtest/gtest.h>

#include "page_html_checks.h"
#include "page_test_survey.h"
#include "server/pages/survey_page.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;
using testing::AttributeOf;
using testing::CountOf;
using testing::InputTag;
using testing::kToken;
using testing::Tags;
using testing::TestSurvey;

TEST(PageRenderTest, IsACompleteDocumentInTheInstrumentLanguage) {
  const std::string html = RenderSurveyPage(TestSurvey(), 0, kToken, {});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"en-GB\">"), std::string::npos);
  EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_EQ(CountOf(html, "<link rel=\"stylesheet\""), 1u);
  EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"/assets/survey.css\">"), std::string::npos);
  EXPECT_NE(html.find("<script src=\"/assets/survey.js\" defer></script>"), std::string::npos);
  EXPECT_NE(html.find("class=\"skip-link\" href=\"#main\""), std::string::npos);
  EXPECT_NE(html.find("<main id=\"main\""), std::string::npos);
  EXPECT_NE(html.find("<title>Page 1 of 2: About you – Staff &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(PageRenderTest, EveryItemIsAFieldsetWithALegend) {
  const json doc = TestSurvey();
  for (size_t page = 0; page < 2; ++page) {
    const std::string html = RenderSurveyPage(doc, page, kToken, {});
    const json& items = doc["sections"][page]["items"];
    EXPECT_EQ(CountOf(html, "<fieldset"), items.size()) << "page " << page;
    EXPECT_EQ(CountOf(html, "<legend"), items.size()) << "page " << page;
    for (const json& item : items) {
      const std::string id = item["id"];
      const size_t fieldset = html.find("data-item=\"" + id + "\"");
      ASSERT_NE(fieldset, std::string::npos) << id;
      const size_t legend = html.find("<legend", fieldset);
      EXPECT_LT(legend, html.find("</fieldset>", fieldset)) << id;
    }
  }
}

TEST(PageRenderTest, EveryControlHasALabel) {
  const json doc = TestSurvey();
  for (size_t page = 0; page < 2; ++page) {
    const std::string html = RenderSurveyPage(doc, page, kToken, {});
    size_t controls = 0;
    for (const char* element : {"input", "textarea"}) {
      for (const std::string& tag : Tags(html, element)) {
        if (AttributeOf(tag, "type") == "hidden") continue;
        const std::string id = AttributeOf(tag, "id");
        ASSERT_FALSE(id.empty()) << tag;
        size_t labels = 0;
        for (const std::string& label : Tags(html, "label")) {
          if (AttributeOf(label, "for") == id) ++labels;
        }
        EXPECT_EQ(labels, 1u) << tag;
        EXPECT_EQ(CountOf(html, "id=\"" + id + "\""), 1u) << "ids are unique: " << id;
        ++controls;
      }
    }
    EXPECT_GT(controls, 0u);
  }
}

TEST(PageRenderTest, ScaleOffersItsValuesAndDontKnowApart) {
  const std::string html = RenderSurveyPage(TestSurvey(), 1, kToken, {});
  for (const std::string value : {"1", "2", "3", "4", "5", "dk"}) {
    const std::string tag = InputTag(html, "ATT-01", value);
    ASSERT_FALSE(tag.empty()) << value;
    EXPECT_EQ(AttributeOf(tag, "type"), "radio");
  }
  EXPECT_NE(html.find(">Strongly agree</label>"), std::string::npos);
  const size_t codes = html.find("options-codes");
  ASSERT_NE(codes, std::string::npos);
  EXPECT_LT(html.find("value=\"5\""), codes);
  EXPECT_GT(html.find("value=\"dk\""), codes);
  EXPECT_NE(html.find(">Don&#39;t know</label>"), std::string::npos);
}

TEST(PageRenderTest, ControlsMatchItemTypes) {
  const json doc = TestSurvey();
  const std::string about = RenderSurveyPage(doc, 0, kToken, {});
  EXPECT_EQ(AttributeOf(InputTag(about, "team", "north"), "type"), "radio");
  EXPECT_EQ(AttributeOf(InputTag(about, "services", "health"), "type"), "checkbox");
  const std::string views = RenderSurveyPage(doc, 1, kToken, {});
  const std::vector<std::string> textareas = Tags(views, "textarea");
  ASSERT_EQ(textareas.size(), 1u);
  EXPECT_EQ(AttributeOf(textareas[0], "name"), "FREE-01");
  EXPECT_EQ(AttributeOf(textareas[0], "maxlength"), "500");
  EXPECT_NE(views.find("up to 500 characters"), std::string::npos);
  const std::string number = InputTag(views, "HOURS", "37.5");
  EXPECT_EQ(AttributeOf(number, "type"), "number");
  EXPECT_EQ(AttributeOf(number, "inputmode"), "decimal");
  EXPECT_EQ(AttributeOf(number, "min"), "0");
  EXPECT_EQ(AttributeOf(number, "max"), "80");
}

TEST(PageRenderTest, RequiredItemsAreMarkedInText) {
  const std::string html = RenderSurveyPage(TestSurvey(), 1, kToken, {});
  EXPECT_EQ(CountOf(html, "(required)"), 1u);
  const size_t att = html.find("data-item=\"ATT-01\"");
  EXPECT_LT(html.find("(required)", att), html.find("</legend>", att));
}

TEST(PageRenderTest, HelpTextIsLinkedByAriaDescribedby) {
  const std::string html = RenderSurveyPage(TestSurvey(), 0, kToken, {});
  EXPECT_NE(html.find("id=\"item-team-help\""), std::string::npos);
  const size_t fieldset = html.find("data-item=\"team\"");
  const std::string tag = html.substr(html.rfind("<fieldset", fieldset), 200);
  EXPECT_NE(AttributeOf(tag, "aria-describedby").find("item-team-help"), std::string::npos);
}

TEST(PageRenderTest, EscapesInstrumentAndUserText) {
  const json doc = TestSurvey();
  for (size_t page = 0; page < 2; ++page) {
    const std::string html = RenderSurveyPage(doc, page, kToken, {});
    // The only script element is the deferred file; nothing from the data becomes markup.
    EXPECT_EQ(CountOf(html, "<script"), 1u);
    EXPECT_EQ(CountOf(html, "<b>"), 0u);
    EXPECT_NE(html.find("Staff &lt;script&gt;alert(1)&lt;/script&gt; &quot;survey&quot;"),
              std::string::npos);
  }
  const std::string views = RenderSurveyPage(doc, 1, kToken, {});
  EXPECT_NE(views.find("I feel &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;valued&quot;"),
            std::string::npos);
  EXPECT_NE(views.find(">Line &lt;b&gt;bold&lt;/b&gt;</textarea>"), std::string::npos);
}

TEST(PageRenderTest, EscapesTheTokenInTheFormAction) {
  const std::string html = RenderSurveyPage(TestSurvey(), 0, "a\"><script>", {});
  EXPECT_EQ(CountOf(html, "<script"), 1u);
  EXPECT_NE(html.find("action=\"/s/a&quot;&gt;&lt;script&gt;\""), std::string::npos);
}

TEST(PageRenderTest, PreSelectsSavedAnswers) {
  const json doc = TestSurvey();
  const std::string about = RenderSurveyPage(doc, 0, kToken, {});
  EXPECT_NE(InputTag(about, "team", "south").find(" checked"), std::string::npos);
  EXPECT_EQ(InputTag(about, "team", "north").find(" checked"), std::string::npos);
  EXPECT_NE(InputTag(about, "services", "housing").find(" checked"), std::string::npos);
  EXPECT_NE(InputTag(about, "services", "youth").find(" checked"), std::string::npos);
  EXPECT_EQ(InputTag(about, "services", "health").find(" checked"), std::string::npos);
  const std::string views = RenderSurveyPage(doc, 1, kToken, {});
  EXPECT_NE(InputTag(views, "ATT-01", "dk").find(" checked"), std::string::npos);
  EXPECT_EQ(InputTag(views, "ATT-01", "3").find(" checked"), std::string::npos);
  EXPECT_FALSE(InputTag(views, "HOURS", "37.5").empty());
}

TEST(PageRenderTest, AnsweredRadioGroupsOfferAWayToClearWithoutJavaScript) {
  json doc = TestSurvey();
  const std::string answered = RenderSurveyPage(doc, 0, kToken, {});
  EXPECT_EQ(AttributeOf(InputTag(answered, "team", ""), "type"), "radio");
  doc["answers"].erase("team");
  const std::string unanswered = RenderSurveyPage(doc, 0, kToken, {});
  EXPECT_TRUE(InputTag(unanswered, "team", "").empty());
  for (const std::string& tag : Tags(unanswered, "input")) {
    if (AttributeOf(tag, "name") != "team") continue;
    EXPECT_EQ(tag.find(" checked"), std::string::npos) << tag;
  }
}

TEST(PageRenderTest, FirstPageNavigation) {
  const std::string html = RenderSurveyPage(TestSurvey(), 0, kToken, {});
  EXPECT_NE(html.find("<form method=\"post\" action=\"/s/" + std::string(kToken) + "\""),
            std::string::npos);
  EXPECT_FALSE(InputTag(html, "page", "0").empty());
  EXPECT_NE(html.find("name=\"action\" value=\"next\""), std::string::npos);
  EXPECT_NE(html.find("name=\"action\" value=\"save\""), std::string::npos);
  EXPECT_NE(html.find("Save and finish later"), std::string::npos);
  EXPECT_EQ(html.find("value=\"prev\""), std::string::npos);
  EXPECT_EQ(html.find("value=\"review\""), std::string::npos);
  EXPECT_NE(html.find("Page 1 of 2"), std::string::npos);
  EXPECT_NE(html.find("<progress"), std::string::npos);
}

TEST(PageRenderTest, LastPageNavigation) {
  const std::string html = RenderSurveyPage(TestSurvey(), 1, kToken, {});
  EXPECT_FALSE(InputTag(html, "page", "1").empty());
  EXPECT_NE(html.find("name=\"action\" value=\"prev\""), std::string::npos);
  EXPECT_NE(html.find("name=\"action\" value=\"review\""), std::string::npos);
  EXPECT_NE(html.find("name=\"action\" value=\"save\""), std::string::npos);
  EXPECT_EQ(html.find("value=\"next\""), std::string::npos);
  EXPECT_NE(html.find("Page 2 of 2"), std::string::npos);
  // The way forward is the first button, so Enter moves on rather than back.
  EXPECT_LT(html.find("value=\"review\""), html.find("value=\"prev\""));
}

TEST(PageRenderTest, OutOfRangePageShowsTheLastSection) {
  const std::string html = RenderSurveyPage(TestSurvey(), 99, kToken, {});
  EXPECT_NE(html.find("<h1>Your views</h1>"), std::string::npos);
}

TEST(PageRenderTest, ProgressCountsAnswersWhenTheDocumentGivesNone) {
  json doc = TestSurvey();
  doc.erase("progress");
  doc["answers"] = json::parse(R"({"team": "north", "FREE-01": "", "services": []})");
  const std::string html = RenderSurveyPage(doc, 1, kToken, {});
  EXPECT_NE(html.find("You have answered 1 of 5 questions."), std::string::npos);
}

TEST(PageRenderTest, FirstPageCarriesTheAnonymityStatement) {
  const json doc = TestSurvey();
  const std::string statement = doc["anonymity"]["statement"];
  const std::string first = RenderSurveyPage(doc, 0, kToken, {});
  EXPECT_NE(first.find(statement), std::string::npos);
  EXPECT_NE(first.find("Who sees what"), std::string::npos);
  EXPECT_NE(first.find("at least 5 people"), std::string::npos);
  EXPECT_EQ(RenderSurveyPage(doc, 1, kToken, {}).find(statement), std::string::npos);
}

TEST(PageRenderTest, ProblemsAppearInASummaryAndBesideTheField) {
  const std::vector<AnswerProblem> problems = {
      {"/answers/ATT-01", "required", "Answer this question."},
      {"/answers/HOURS", "out_of_range", "Enter a number from 0 to 80."}};
  const std::string html = RenderSurveyPage(TestSurvey(), 1, kToken, problems);
  EXPECT_NE(html.find("<title>Error: "), std::string::npos);
  EXPECT_NE(html.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(html.find("There is a problem"), std::string::npos);
  EXPECT_LT(html.find("There is a problem"), html.find("<form"));
  EXPECT_NE(html.find("href=\"#item-ATT-01\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#item-HOURS\""), std::string::npos);
  EXPECT_NE(html.find("id=\"item-ATT-01-error\""), std::string::npos);
  // Every radio of the item is marked invalid and the group is described by the error.
  EXPECT_NE(InputTag(html, "ATT-01", "1").find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(InputTag(html, "ATT-01", "dk").find("aria-invalid=\"true\""), std::string::npos);
  const size_t fieldset = html.rfind("<fieldset", html.find("data-item=\"ATT-01\""));
  EXPECT_NE(AttributeOf(html.substr(fieldset, 300), "aria-describedby").find("item-ATT-01-error"),
            std::string::npos);
  const std::string number = InputTag(html, "HOURS", "37.5");
  EXPECT_NE(number.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(AttributeOf(number, "aria-describedby").find("item-HOURS-error"), std::string::npos);
  EXPECT_EQ(Tags(html, "textarea")[0].find("aria-invalid"), std::string::npos);
}

TEST(PageRenderTest, ProblemsOnOtherPagesLinkToThatPage) {
  const std::vector<AnswerProblem> problems = {
      {"/answers/ATT-01", "required", "Answer this question."}};
  const std::string html = RenderSurveyPage(TestSurvey(), 0, kToken, problems);
  EXPECT_NE(html.find("href=\"/s/" + std::string(kToken) + "?page=1#item-ATT-01\""),
            std::string::npos);
}

TEST(PageRenderTest, NoProblemsMeansNoSummary) {
  const std::string html = RenderSurveyPage(TestSurvey(), 1, kToken, {});
  EXPECT_EQ(html.find("There is a problem"), std::string::npos);
  EXPECT_EQ(html.find("aria-invalid"), std::string::npos);
}

TEST(PageRenderTest, AutosaveHooksAreDataAttributes) {
  const std::string html = RenderSurveyPage(TestSurvey(), 0, kToken, {});
  EXPECT_NE(html.find("data-token=\"" + std::string(kToken) + "\""), std::string::npos);
  EXPECT_NE(html.find("aria-live=\"polite\""), std::string::npos);
}

}  // namespace
}  // namespace tessera::server::pages
