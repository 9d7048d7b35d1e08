// The HTML5 document shell every respondent page shares: language, viewport, the one stylesheet
// and deferred script served by Tessera, a skip link and <main>. No inline script or style.
#ifndef TESSERA_SERVER_PAGES_PAGE_LAYOUT_H_
#define TESSERA_SERVER_PAGES_PAGE_LAYOUT_H_

#include <string>
#include <string_view>

namespace tessera::server::pages {

struct PageShell {
  std::string language = "en";
  std::string title;        // plain text; escaped by RenderDocument
  std::string survey_name;  // plain text shown in the header; empty for none
};

// `main_html` is trusted markup already built from escaped parts.
std::string RenderDocument(const PageShell& shell, std::string_view main_html);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_PAGE_LAYOUT_H_
