#include "server/pages/survey_page.h"

#include <algorithm>

#include "server/pages/html_escape.h"
#include "server/pages/item_controls.h"
#include "server/pages/page_layout.h"
#include "server/pages/problem_summary.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;

std::string RenderProgress(const json& doc, size_t page, size_t pages) {
  const std::string page_text = "Page " + std::to_string(page + 1) + " of " + std::to_string(pages);
  const SurveyProgress progress = ProgressOf(doc);
  std::string html = "<div class=\"progress-block\">\n";
  html += "<p class=\"progress-text\" id=\"progress-text\">" + page_text + "</p>\n";
  html += "<progress id=\"progress\" aria-labelledby=\"progress-text\" max=\"" +
          std::to_string(pages) + "\" value=\"" + std::to_string(page + 1) + "\">" + page_text +
          "</progress>\n";
  if (progress.total > 0) {
    html += "<p class=\"progress-answered\">You have answered " +
            std::to_string(progress.answered) + " of " + std::to_string(progress.total) +
            " questions.</p>\n";
  }
  html += "</div>\n";
  return html;
}

std::string RenderAnonymity(const json& doc) {
  const json anonymity = doc.value("anonymity", json::object());
  const std::string statement = StringField(anonymity, "statement");
  int threshold = 0;
  if (anonymity.is_object() && anonymity.value("threshold", json()).is_number_integer()) {
    threshold = anonymity["threshold"].get<int>();
  }
  std::string html =
      "<section class=\"anonymity\" aria-labelledby=\"anonymity-title\">\n"
      "<h2 id=\"anonymity-title\">Your answers are anonymous</h2>\n";
  if (!statement.empty()) html += "<p class=\"statement\">" + HtmlEscape(statement) + "</p>\n";
  html += "<h3>Who sees what</h3>\n<ul>\n";
  html +=
      "<li>You are not asked for your name or email address. Your survey link lets you come back "
      "to your saved answers; keep it to yourself.</li>\n";
  if (threshold > 0) {
    html += "<li>Results are only shown for groups of at least " + std::to_string(threshold) +
            " people who answered. Smaller groups are not shown on their own.</li>\n";
  } else {
    html += "<li>Results are only shown for groups of people, never for one person.</li>\n";
  }
  html +=
      "<li>Questions about you, such as your team or role, are optional and offer "
      "&ldquo;Prefer not to say&rdquo;.</li>\n"
      "<li>Written answers may be read by the people running the survey, so leave out names or "
      "details that could identify you or anyone else.</li>\n"
      "</ul>\n</section>\n";
  return html;
}

std::string Button(std::string_view value, std::string_view label, std::string_view css) {
  return "<button type=\"submit\" name=\"action\" value=\"" + std::string(value) +
         "\" class=\"button " + std::string(css) + "\">" + std::string(label) + "</button>\n";
}

}  // namespace

std::string RenderSurveyPage(const json& doc, size_t page_index, std::string_view token,
                             const std::vector<AnswerProblem>& problems) {
  const json& sections = Sections(doc);
  const size_t pages = std::max<size_t>(sections.size(), 1);
  const size_t page = std::min(page_index, pages - 1);
  const json section =
      page < sections.size() && sections[page].is_object() ? sections[page] : json::object();
  const std::string survey_title = SurveyTitle(doc);
  const std::string section_title = StringField(section, "title");
  const std::string token_text(token);

  std::string main;
  main += RenderErrorSummary(doc, token, problems, page);
  main += RenderProgress(doc, page, pages);
  main += "<h1>" + HtmlEscape(section_title.empty() ? survey_title : section_title) + "</h1>\n";
  if (page == 0) main += RenderAnonymity(doc);
  const std::string intro = StringField(section, "intro");
  if (!intro.empty()) main += "<p class=\"section-intro\">" + HtmlEscape(intro) + "</p>\n";

  main += "<form method=\"post\" action=\"/s/" + HtmlEscape(token_text) +
          "\" class=\"survey-form\" novalidate data-autosave=\"on\" data-token=\"" +
          HtmlEscape(token_text) + "\">\n";
  main += "<input type=\"hidden\" name=\"page\" value=\"" + std::to_string(page) + "\">\n";
  const json items = section.value("items", json::array());
  if (items.is_array()) {
    for (const json& item : items) {
      const std::string id = StringField(item, "id");
      if (id.empty()) continue;
      main += RenderItemFieldset(doc, item, SavedAnswer(doc, id), ItemProblemMessage(problems, id));
    }
  }
  const bool last = page + 1 >= pages;
  // The first submit button is the one Enter presses, so the way forward comes first.
  main += "<div class=\"form-actions\">\n";
  main += last ? Button("review", "Check your answers", "button-primary")
               : Button("next", "Next page", "button-primary");
  if (page > 0) main += Button("prev", "Previous page", "button-secondary");
  main += Button("save", "Save and finish later", "button-secondary");
  main += "</div>\n";
  main += "<p class=\"autosave-status\" aria-live=\"polite\" data-autosave-status></p>\n";
  main += "</form>\n";

  PageShell shell;
  shell.language = SurveyLanguage(doc);
  shell.survey_name = survey_title;
  shell.title = (problems.empty() ? "" : "Error: ") + std::string("Page ") +
                std::to_string(page + 1) + " of " + std::to_string(pages) +
                (section_title.empty() ? "" : ": " + section_title) + " – " + survey_title;
  return RenderDocument(shell, main);
}

}  // namespace tessera::server::pages
