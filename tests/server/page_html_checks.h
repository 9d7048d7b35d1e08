// Checks over rendered HTML shared by the page tests.
#ifndef TESSERA_TESTS_SERVER_PAGE_HTML_CHECKS_H_
#define TESSERA_TESTS_SERVER_PAGE_HTML_CHECKS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace tessera::server::pages::testing {

inline size_t CountOf(const std::string& html, const std::string& needle) {
  size_t count = 0;
  for (size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The opening tags of `element` ("input", "textarea", ...).
inline std::vector<std::string> Tags(const std::string& html, const std::string& element) {
  std::vector<std::string> tags;
  const std::string open = "<" + element;
  for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    const size_t after = at + open.size();
    if (after >= html.size() || (html[after] != ' ' && html[after] != '>')) continue;
    const size_t close = html.find('>', after);
    if (close == std::string::npos) break;
    tags.push_back(html.substr(at, close - at + 1));
  }
  return tags;
}

// The value of attribute `name` in an opening tag, or "" when absent.
inline std::string AttributeOf(const std::string& tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t at = tag.find(key);
  if (at == std::string::npos) return "";
  const size_t start = at + key.size();
  const size_t end = tag.find('"', start);
  return end == std::string::npos ? "" : tag.substr(start, end - start);
}

// True when some tag carries an attribute starting "on" (an inline event handler).
inline bool HasEventHandlerAttribute(const std::string& html) {
  for (size_t at = html.find(" on"); at != std::string::npos; at = html.find(" on", at + 1)) {
    size_t end = at + 3;
    while (end < html.size() && html[end] >= 'a' && html[end] <= 'z') ++end;
    const bool in_tag =
        html.rfind('<', at) != std::string::npos &&
        (html.rfind('>', at) == std::string::npos || html.rfind('>', at) < html.rfind('<', at));
    if (end > at + 3 && end < html.size() && html[end] == '=' && in_tag) return true;
  }
  return false;
}

// The opening <input> tag with this name and value, or "".
inline std::string InputTag(const std::string& html, const std::string& name,
                            const std::string& value) {
  for (const std::string& tag : Tags(html, "input")) {
    if (AttributeOf(tag, "name") == name && AttributeOf(tag, "value") == value) return tag;
  }
  return "";
}

}  // namespace tessera::server::pages::testing

#endif  // TESSERA_TESTS_SERVER_PAGE_HTML_CHECKS_H_
