#include "server/pages/message_pages.h"

#include "server/pages/html_escape.h"
#include "server/pages/page_layout.h"
#include "server/pages/survey_view.h"

namespace tessera::server::pages {

using nlohmann::json;

std::string RenderSavedPage(const json& doc, std::string_view token) {
  const std::string link = "/s/" + std::string(token);
  const std::string survey_title = SurveyTitle(doc);
  const std::string closes_on = StringField(doc.value("campaign", json::object()), "closes_on");
  std::string main = "<h1>Your answers are saved</h1>\n";
  main +=
      "<p>You can come back and finish later. Your answers have not been submitted yet.</p>\n"
      "<h2>Keep your survey link</h2>\n"
      "<p>This link is the only way back to your saved answers. Copy it somewhere safe, or "
      "bookmark this page:</p>\n";
  main += "<p class=\"survey-link\"><code>" + HtmlEscape(link) + "</code></p>\n";
  main +=
      "<p>Put it after this website&rsquo;s address. It also works on another device, such as "
      "your phone or another computer.</p>\n"
      "<p>Anyone who has your link can see and change your saved answers, so do not share "
      "it.</p>\n";
  if (!closes_on.empty()) {
    main += "<p>The survey closes on <time datetime=\"" + HtmlEscape(closes_on) + "\">" +
            HtmlEscape(closes_on) + "</time>.</p>\n";
  }
  main += "<p><a class=\"button button-primary\" href=\"" + HtmlEscape(link) +
          "\">Continue the survey</a></p>\n";
  PageShell shell;
  shell.language = SurveyLanguage(doc);
  shell.survey_name = survey_title;
  shell.title = "Your answers are saved – " + survey_title;
  return RenderDocument(shell, main);
}

std::string RenderThankYouPage(const json& doc_or_title, std::string_view receipt_code) {
  std::string survey_title;
  std::string language = "en";
  if (doc_or_title.is_string()) {
    survey_title = doc_or_title.get<std::string>();
  } else if (doc_or_title.is_object()) {
    survey_title = SurveyTitle(doc_or_title);
    language = SurveyLanguage(doc_or_title);
  }
  std::string main = "<h1>Thank you</h1>\n<p>Your answers have been received.</p>\n";
  if (!receipt_code.empty()) {
    main += "<div class=\"receipt\">\n<p>Your receipt code:</p>\n<p class=\"receipt-code\">" +
            HtmlEscape(receipt_code) + "</p>\n</div>\n";
    main +=
        "<p>The receipt code proves that a response was received. It is not stored with your "
        "answers, so it cannot be matched to them or used to find them.</p>\n";
  }
  main +=
      "<p>Your survey link has now been used and will not open the survey again. You can "
      "close this page.</p>\n";
  PageShell shell;
  shell.language = language;
  shell.survey_name = survey_title;
  shell.title = survey_title.empty() ? "Thank you" : "Thank you – " + survey_title;
  return RenderDocument(shell, main);
}

std::string RenderMessagePage(int http_status, std::string_view title, std::string_view message) {
  std::string heading(title);
  if (heading.empty()) heading = "Something went wrong";
  std::string main = "<h1>" + HtmlEscape(heading) + "</h1>\n";
  if (!message.empty()) main += "<p>" + HtmlEscape(message) + "</p>\n";
  main += "<p class=\"status-code\">Error code " + std::to_string(http_status) + "</p>\n";
  PageShell shell;
  shell.title = heading;
  return RenderDocument(shell, main);
}

int HttpStatusFor(SurveyMessage message) {
  switch (message) {
    case SurveyMessage::kUnknownLink:
      return 404;
    case SurveyMessage::kLinkUsed:
    case SurveyMessage::kSurveyClosed:
      return 410;
    case SurveyMessage::kTooManyRequests:
      return 429;
    case SurveyMessage::kBadRequest:
      return 400;
  }
  return 400;
}

std::string RenderSurveyMessagePage(SurveyMessage message) {
  const int status = HttpStatusFor(message);
  switch (message) {
    case SurveyMessage::kUnknownLink:
      return RenderMessagePage(status, "This survey link was not found",
                               "Check that you copied the whole link. If it still does not "
                               "work, ask the person who sent it for a new one.");
    case SurveyMessage::kLinkUsed:
      return RenderMessagePage(status, "This survey link has already been used",
                               "Answers have already been submitted with this link, so it "
                               "cannot be used again. Thank you for taking part.");
    case SurveyMessage::kSurveyClosed:
      return RenderMessagePage(status, "This survey is closed",
                               "The survey is no longer taking answers. Thank you for your "
                               "interest.");
    case SurveyMessage::kTooManyRequests:
      return RenderMessagePage(status, "Please wait a moment",
                               "There have been too many attempts in a short time. Wait a "
                               "minute, then try again.");
    case SurveyMessage::kBadRequest:
      return RenderMessagePage(status, "Something was wrong with that request",
                               "Go back, check the page and try again.");
  }
  return RenderMessagePage(status, "", "");
}

}  // namespace tessera::server::pages
