#include "server/pages/page_layout.h"

#include "server/pages/html_escape.h"

namespace tessera::server::pages {

std::string RenderDocument(const PageShell& shell, std::string_view main_html) {
  std::string html;
  html.reserve(main_html.size() + 1500);
  html += "<!DOCTYPE html>\n<html lang=\"" + HtmlEscape(shell.language) + "\">\n<head>\n";
  html += "<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Survey links carry a secret token: never send it to other sites or to search engines.
  html += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  html += "<meta name=\"robots\" content=\"noindex, nofollow\">\n";
  html += "<title>" + HtmlEscape(shell.title) + "</title>\n";
  html += "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n";
  html += "<link rel=\"stylesheet\" href=\"/assets/survey.css\">\n";
  html += "<script src=\"/assets/survey.js\" defer></script>\n";
  html += "</head>\n<body>\n";
  html += "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n";
  html += "<header class=\"site-header\"><div class=\"container\">";
  html +=
      "<img class=\"site-logo\" src=\"/assets/favicon.svg\" alt=\"\" width=\"32\" height=\"32\">";
  if (!shell.survey_name.empty()) {
    html += "<span class=\"site-name\">" + HtmlEscape(shell.survey_name) + "</span>";
  }
  html += "</div></header>\n";
  html += "<main id=\"main\" class=\"container\" tabindex=\"-1\">\n";
  html += main_html;
  html += "</main>\n";
  html +=
      "<footer class=\"site-footer\"><div class=\"container\"><p>Survey pages served by "
      "Tessera.</p></div></footer>\n";
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace tessera::server::pages
