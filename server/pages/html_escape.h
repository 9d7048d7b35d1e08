// Escaping of text placed into HTML element content and attribute values.
#ifndef TESSERA_SERVER_PAGES_HTML_ESCAPE_H_
#define TESSERA_SERVER_PAGES_HTML_ESCAPE_H_

#include <string>
#include <string_view>

namespace tessera::server::pages {

// Replaces & < > " ' with character references; safe in content and quoted attributes.
std::string HtmlEscape(std::string_view text);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_HTML_ESCAPE_H_
