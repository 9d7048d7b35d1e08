#include "server/pages/review_page.h"

#include "server/pages/html_escape.h"
#include "server/pages/page_layout.h"
#include "server/pages/problem_summary.h"

namespace tessera::server::pages {

using nlohmann::json;

std::string RenderReviewPage(const json& doc, std::string_view token,
                             const std::vector<AnswerProblem>& problems) {
  const std::string survey_title = SurveyTitle(doc);
  const std::string link = "/s/" + std::string(token);
  const json& sections = Sections(doc);

  std::string rows;
  int missing_required = 0;
  for (size_t s = 0; s < sections.size(); ++s) {
    const json& section = sections[s];
    if (!section.is_object()) continue;
    rows += "<section class=\"review-section\">\n<h2>" + HtmlEscape(StringField(section, "title")) +
            "</h2>\n<dl class=\"review-list\">\n";
    const json items = section.value("items", json::array());
    for (const json& item : items) {
      const std::string id = StringField(item, "id");
      if (id.empty()) continue;
      const std::string text = StringField(item, "text");
      const json& answer = SavedAnswer(doc, id);
      const bool required = item.value("required", json()) == json(true);
      const bool answered = HasAnswer(answer);
      const std::string problem = ItemProblemMessage(problems, id);
      const bool flagged = (required && !answered) || !problem.empty();
      if (required && !answered) ++missing_required;
      rows += std::string("<div class=\"review-row") + (flagged ? " review-missing" : "") +
              "\" id=\"" + HtmlEscape(ItemDomId(id)) + "\">\n<dt>" + HtmlEscape(text) + "</dt>\n";
      rows += "<dd class=\"review-answer\">";
      if (answered) {
        rows += HtmlEscape(AnswerInWords(doc, item, answer));
      } else if (required) {
        rows += "<strong class=\"missing\">Not answered (required)</strong>";
      } else {
        rows += "<span class=\"unanswered\">Not answered</span>";
      }
      if (!problem.empty()) {
        rows += "<span class=\"field-error\"><span class=\"visually-hidden\">Error: </span>" +
                HtmlEscape(problem) + "</span>";
      }
      rows += "</dd>\n<dd class=\"review-change\"><a href=\"" +
              HtmlEscape(link + "?page=" + std::to_string(s) + "#" + ItemDomId(id)) +
              "\">Change<span class=\"visually-hidden\"> your answer to: " + HtmlEscape(text) +
              "</span></a></dd>\n</div>\n";
    }
    rows += "</dl>\n</section>\n";
  }

  std::string main = RenderErrorSummary(doc, token, problems, std::nullopt);
  main += "<h1>Check your answers</h1>\n";
  main +=
      "<p>Here is everything you have answered. Use &ldquo;Change&rdquo; to go back to a "
      "question.</p>\n";
  if (missing_required > 0) {
    main += "<p class=\"notice notice-warning\"><strong>" + std::to_string(missing_required) +
            (missing_required == 1 ? " required question is" : " required questions are") +
            " not answered yet.</strong> You need to answer " +
            (missing_required == 1 ? "it" : "them") + " before you can submit.</p>\n";
  }
  main += rows;
  main += "<form method=\"post\" action=\"" + HtmlEscape(link) +
          "\" class=\"survey-form review-form\" novalidate data-token=\"" +
          HtmlEscape(std::string(token)) + "\">\n";
  main +=
      "<input type=\"hidden\" name=\"page\" value=\"" + std::to_string(sections.size()) + "\">\n";
  main +=
      "<p>When you submit, your answers are sent and your link can no longer be used to change "
      "them.</p>\n<div class=\"form-actions\">\n"
      "<button type=\"submit\" name=\"action\" value=\"submit\" class=\"button button-primary\">"
      "Submit my answers</button>\n"
      "<button type=\"submit\" name=\"action\" value=\"prev\" class=\"button button-secondary\">"
      "Previous page</button>\n</div>\n</form>\n";

  PageShell shell;
  shell.language = SurveyLanguage(doc);
  shell.survey_name = survey_title;
  shell.title =
      std::string(problems.empty() ? "" : "Error: ") + "Check your answers – " + survey_title;
  return RenderDocument(shell, main);
}

}  // namespace tessera::server::pages
