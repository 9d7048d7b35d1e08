#include "server/pages/problem_summary.h"

#include <algorithm>

#include "server/pages/html_escape.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;

std::string ProblemText(const AnswerProblem& problem) {
  if (!problem.message.empty()) return problem.message;
  if (problem.code == "required") return "Answer this question.";
  return "Check this answer.";
}

const json* FindItem(const json& doc, std::string_view item_id) {
  for (const json& section : Sections(doc)) {
    if (!section.is_object() || !section.contains("items")) continue;
    for (const json& item : section["items"]) {
      if (StringField(item, "id") == item_id) return &item;
    }
  }
  return nullptr;
}

}  // namespace

std::string ItemProblemMessage(const std::vector<AnswerProblem>& problems,
                               std::string_view item_id) {
  std::string message;
  for (const AnswerProblem& problem : problems) {
    const std::optional<std::string> id = ProblemItemId(problem.pointer);
    if (!id || *id != item_id) continue;
    const std::string text = ProblemText(problem);
    if (message.find(text) != std::string::npos) continue;  // one line per distinct message
    if (!message.empty()) message += ' ';
    message += text;
  }
  return message;
}

std::string RenderErrorSummary(const json& doc, std::string_view token,
                               const std::vector<AnswerProblem>& problems,
                               std::optional<size_t> current_page) {
  if (problems.empty()) return "";
  std::string html =
      "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" "
      "tabindex=\"-1\">\n<h2 id=\"error-summary-title\" class=\"error-summary-title\">There is a "
      "problem</h2>\n<ul class=\"error-summary-list\">\n";
  std::vector<std::string> listed;
  for (const AnswerProblem& problem : problems) {
    const std::optional<std::string> id = ProblemItemId(problem.pointer);
    const json* item = id ? FindItem(doc, *id) : nullptr;
    if (item == nullptr) {
      html += "<li>" + HtmlEscape(ProblemText(problem)) + "</li>\n";
      continue;
    }
    if (std::find(listed.begin(), listed.end(), *id) != listed.end()) continue;
    listed.push_back(*id);
    const std::optional<size_t> section = SectionOfItem(doc, *id);
    std::string href = "#" + ItemDomId(*id);
    if (!current_page || section != current_page) {
      href = "/s/" + std::string(token) + "?page=" + std::to_string(section.value_or(0)) + href;
    }
    // "Question text — what is wrong", without the question's own full stop before the dash.
    std::string question = StringField(*item, "text");
    if (!question.empty() && question.back() == '.') question.pop_back();
    html += "<li><a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(question) + " \u2014 " +
            HtmlEscape(ItemProblemMessage(problems, *id)) + "</a></li>\n";
  }
  html += "</ul>\n</div>\n";
  return html;
}

}  // namespace tessera::server::pages
