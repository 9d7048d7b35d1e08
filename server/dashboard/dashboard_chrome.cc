#include "server/dashboard/dashboard_chrome.h"

#include "server/pages/html_escape.h"

namespace tessera::server::dashboard {

using pages::HtmlEscape;

namespace {

std::string RoleName(std::string_view role) {
  if (role == "admin") return "Administrator";
  if (role == "manager") return "Manager";
  if (role == "evaluator") return "Evaluator";
  return std::string(role);
}

// aria-current="page" when the link is the current page; "true" within its section.
std::string NavLink(std::string_view href, std::string_view label, std::string_view current) {
  std::string html = "<li><a href=\"" + HtmlEscape(href) + "\"";
  if (current == href) {
    html += " aria-current=\"page\"";
  } else if (href == "/dashboard" && current.starts_with("/campaigns/")) {
    html += " aria-current=\"true\"";
  }
  html += ">" + HtmlEscape(label) + "</a></li>";
  return html;
}

}  // namespace

std::string RenderDashboardDocument(const DashboardChrome& chrome, std::string_view title,
                                    std::string_view main_html) {
  std::string html;
  html.reserve(main_html.size() + 2500);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n";
  html += "<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  html += "<meta name=\"robots\" content=\"noindex, nofollow\">\n";
  html += "<title>";
  html += HtmlEscape(title);
  if (!chrome.organisation_name.empty()) html += " – " + HtmlEscape(chrome.organisation_name);
  html += " – Tessera</title>\n";
  html += "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n";
  html += "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">\n";
  html += "</head>\n<body class=\"dashboard\">\n";
  html += "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n";
  html += "<header class=\"site-header\"><div class=\"container header-bar\">";
  html +=
      "<img class=\"site-logo\" src=\"/assets/favicon.svg\" alt=\"\" width=\"32\" height=\"32\">";
  html += "<span class=\"site-name\">Tessera";
  if (!chrome.organisation_name.empty()) {
    html += "<span class=\"organisation-name\">" + HtmlEscape(chrome.organisation_name) + "</span>";
  }
  html += "</span>";
  html += "<div class=\"account\"><span class=\"signed-in\">Signed in as <strong>" +
          HtmlEscape(chrome.user_email) + "</strong> (" + HtmlEscape(RoleName(chrome.role)) +
          ")</span>";
  html += "<form class=\"sign-out\" method=\"post\" action=\"/logout\">";
  html += "<input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(chrome.csrf_token) + "\">";
  html += "<button type=\"submit\" class=\"button button-header\">Sign out</button></form>";
  html += "</div></div>";
  html += "<nav class=\"site-nav\" aria-label=\"Main\"><div class=\"container\"><ul>";
  html += NavLink("/dashboard", "Campaigns", chrome.current_path);
  html += "</ul></div></nav>";
  html += "</header>\n";
  html += "<main id=\"main\" class=\"container\" tabindex=\"-1\">\n";
  html += main_html;
  html += "</main>\n";
  html +=
      "<footer class=\"site-footer\"><div class=\"container\"><p>Results are shown only for "
      "groups large enough to keep answers anonymous. Tessera.</p></div></footer>\n";
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace tessera::server::dashboard
