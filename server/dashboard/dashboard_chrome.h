// The document shell of every dashboard page: who is signed in to which organisation, the
// sign-out form, the site navigation, a skip link and <main>. No inline script or style.
#ifndef TESSERA_SERVER_DASHBOARD_DASHBOARD_CHROME_H_
#define TESSERA_SERVER_DASHBOARD_DASHBOARD_CHROME_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tessera::server::dashboard {

struct DashboardChrome {
  std::string user_email;
  std::string role;  // "admin" | "manager" | "evaluator"
  int64_t organisation_id = 0;
  std::string organisation_name;
  std::string csrf_token;    // hidden field "csrf" of the sign-out form (POST /logout)
  std::string current_path;  // for aria-current in the navigation
};

// The HTML document: header with the organisation, the signed-in user and a sign-out form
// button, navigation, skip link, <main>. `title` is plain text (escaped here); `main_html` is
// trusted markup already built from escaped parts.
std::string RenderDashboardDocument(const DashboardChrome& chrome, std::string_view title,
                                    std::string_view main_html);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_DASHBOARD_CHROME_H_
