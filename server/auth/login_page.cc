#include "server/auth/login_page.h"

#include "server/pages/html_escape.h"
#include "server/pages/page_layout.h"

namespace tessera::server {

std::string RenderLoginPage(const LoginPageView& view) {
  using pages::HtmlEscape;
  std::string main;
  main += "<h1>Sign in</h1>\n";
  if (!view.error.empty()) {
    main += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">";
    main += "<h2 class=\"error-summary-title\">You are not signed in</h2>";
    main += "<p>" + HtmlEscape(view.error) + "</p></div>\n";
  }
  if (!view.notice.empty()) {
    main += "<p class=\"notice\" role=\"status\">" + HtmlEscape(view.notice) + "</p>\n";
  }
  main +=
      "<p class=\"hint\">For organisation administrators, diversity managers and "
      "evaluators. Survey respondents do not need an account.</p>\n";
  main += "<form method=\"post\" action=\"/login\">\n";
  main += "<input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(view.csrf_token) + "\">\n";
  if (!view.next.empty()) {
    main += "<input type=\"hidden\" name=\"next\" value=\"" + HtmlEscape(view.next) + "\">\n";
  }
  main += "<p><label for=\"email\">Email address</label><br>\n";
  main +=
      "<input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"username\" "
      "autocapitalize=\"none\" spellcheck=\"false\" required value=\"" +
      HtmlEscape(view.email) + "\"></p>\n";
  main += "<p><label for=\"password\">Password</label><br>\n";
  main +=
      "<input type=\"password\" id=\"password\" name=\"password\" "
      "autocomplete=\"current-password\" required></p>\n";
  main += "<p><button type=\"submit\" class=\"button button-primary\">Sign in</button></p>\n";
  main += "</form>\n";
  pages::PageShell shell;
  shell.title = view.error.empty() ? "Sign in - Tessera" : "Error: Sign in - Tessera";
  shell.survey_name = "Tessera";
  return pages::RenderDocument(shell, main);
}

}  // namespace tessera::server
