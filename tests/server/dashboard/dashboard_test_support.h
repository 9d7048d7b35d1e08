// Fixtures and HTML checks shared by the dashboard tests: the demo organisation's result JSON
// (tests/data/dashboard), its campaigns as records, and structural checks of rendered pages.
#ifndef TESSERA_TESTS_SERVER_DASHBOARD_DASHBOARD_TEST_SUPPORT_H_
#define TESSERA_TESTS_SERVER_DASHBOARD_DASHBOARD_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"

namespace tessera::server::dashboard::testing {

inline nlohmann::json Fixture(const std::string& name) {
  std::ifstream in(std::string(TESSERA_TEST_DATA) + "/dashboard/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return nlohmann::json::parse(buffer.str());
}

inline engine::Campaign DemoCampaign(int64_t id, const std::string& instrument,
                                     const std::string& title,
                                     engine::CampaignState state = engine::CampaignState::kClosed) {
  engine::Campaign campaign;
  campaign.id = id;
  campaign.organisation_id = 1;
  campaign.instrument = *instruments::InstrumentRef::Parse(instrument);
  campaign.title = title;
  campaign.audience = "staff and volunteers";
  campaign.opens_on = "2026-03-02";
  campaign.closes_on = "2026-03-27";
  campaign.state = state;
  return campaign;
}

inline DashboardChrome Chrome(const std::string& path = "/dashboard",
                              const std::string& role = "manager") {
  DashboardChrome chrome;
  chrome.user_email = "manager@example.org";
  chrome.role = role;
  chrome.organisation_id = 1;
  chrome.organisation_name = "Riverside Community Trust";
  chrome.csrf_token = "csrf-token-123";
  chrome.current_path = path;
  return chrome;
}

inline size_t CountOf(const std::string& html, const std::string& needle) {
  size_t count = 0;
  for (size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The text between `open_at` (just after the opening tag's '>') and the matching close tag.
inline std::string Element(const std::string& html, size_t start, const std::string& name) {
  const size_t open_end = html.find('>', start);
  const size_t close = html.find("</" + name + ">", open_end);
  if (open_end == std::string::npos || close == std::string::npos) return "";
  return html.substr(start, close + name.size() + 3 - start);
}

inline std::vector<std::string> Elements(const std::string& html, const std::string& name) {
  std::vector<std::string> found;
  const std::string open = "<" + name;
  for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    const char next = at + open.size() < html.size() ? html[at + open.size()] : '\0';
    if (next != ' ' && next != '>') continue;
    found.push_back(Element(html, at, name));
  }
  return found;
}

inline std::string AttributeOf(const std::string& element, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t tag_end = element.find('>');
  const size_t at = element.find(key);
  if (at == std::string::npos || at > tag_end) return "";
  const size_t start = at + key.size();
  return element.substr(start, element.find('"', start) - start);
}

// The texts of <text> elements whose class list contains `css_class`.
inline std::vector<std::string> SvgTexts(const std::string& svg, const std::string& css_class) {
  std::vector<std::string> texts;
  for (const std::string& text : Elements(svg, "text")) {
    const std::string classes = " " + AttributeOf(text, "class") + " ";
    if (classes.find(" " + css_class + " ") == std::string::npos) continue;
    const size_t begin = text.find('>') + 1;
    texts.push_back(text.substr(begin, text.rfind("</text>") - begin));
  }
  return texts;
}

// The words of `text` that carry a digit, without surrounding brackets.
inline std::vector<std::string> NumberTokens(const std::string& text) {
  std::vector<std::string> tokens;
  std::stringstream words(text);
  std::string word;
  while (words >> word) {
    while (!word.empty() && (word.front() == '(' || word.back() == ')' || word.back() == ',')) {
      if (word.front() == '(') word.erase(0, 1);
      if (!word.empty() && (word.back() == ')' || word.back() == ',')) word.pop_back();
    }
    if (word.find_first_of("0123456789") != std::string::npos) tokens.push_back(word);
  }
  return tokens;
}

// Headings appear in order: the first is h1, and none skips a level going down.
inline bool HeadingsInOrder(const std::string& html, std::string* problem) {
  int previous = 0;
  for (size_t at = html.find("<h"); at != std::string::npos; at = html.find("<h", at + 1)) {
    const char level = at + 2 < html.size() ? html[at + 2] : '\0';
    if (level < '1' || level > '6') continue;
    const char after = html[at + 3];
    if (after != '>' && after != ' ') continue;
    const int current = level - '0';
    if (current > previous + 1) {
      *problem = "h" + std::to_string(current) + " after h" + std::to_string(previous) + " at " +
                 std::to_string(at);
      return false;
    }
    previous = current;
  }
  return true;
}

// Structure every dashboard page must have; failures are reported, not thrown.
inline void ExpectWellFormedPage(const std::string& html) {
  EXPECT_EQ(CountOf(html, "<h1"), 1u);
  EXPECT_EQ(html.find("style="), std::string::npos) << "inline style attribute";
  EXPECT_EQ(html.find("<style"), std::string::npos) << "style element";
  EXPECT_EQ(html.find("<script"), std::string::npos) << "script element";
  EXPECT_NE(html.find("<main id=\"main\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#main\""), std::string::npos) << "skip link";
  EXPECT_NE(html.find("<nav "), std::string::npos);
  EXPECT_NE(html.find("href=\"/assets/dashboard.css\""), std::string::npos);
  std::string problem;
  EXPECT_TRUE(HeadingsInOrder(html, &problem)) << problem;
  // Every header cell says what it heads.
  for (const std::string& th : Elements(html, "th")) {
    EXPECT_FALSE(AttributeOf(th, "scope").empty()) << th.substr(0, 120);
  }
  // Every table has a caption.
  for (const std::string& table : Elements(html, "table")) {
    EXPECT_NE(table.find("<caption>"), std::string::npos) << table.substr(0, 120);
  }
  // Every chart is an image with a title and description and points to a table that holds
  // each figure written on it.
  for (const std::string& svg : Elements(html, "svg")) {
    EXPECT_EQ(AttributeOf(svg, "role"), "img");
    EXPECT_NE(svg.find("<title id="), std::string::npos);
    EXPECT_NE(svg.find("<desc id="), std::string::npos);
    const std::string table_id = AttributeOf(svg, "aria-details");
    ASSERT_FALSE(table_id.empty()) << svg.substr(0, 200);
    const size_t table_at = html.find("<table class=\"data-table");
    ASSERT_NE(table_at, std::string::npos);
    const size_t id_at = html.find("id=\"" + table_id + "\"");
    ASSERT_NE(id_at, std::string::npos) << table_id;
    const std::string table = Element(html, html.rfind("<table", id_at), "table");
    size_t checked = 0;
    for (const char* css_class : {"value", "section-note"}) {
      for (const std::string& text : SvgTexts(svg, css_class)) {
        for (const std::string& token : NumberTokens(text)) {
          ++checked;
          EXPECT_NE(table.find(token), std::string::npos)
              << "chart " << table_id << " shows " << token << " (in \"" << text
              << "\") which its table lacks";
        }
      }
    }
    EXPECT_GT(checked, 0u) << "chart " << table_id << " shows no figures";
  }
}

}  // namespace tessera::server::dashboard::testing

#endif  // TESSERA_TESTS_SERVER_DASHBOARD_DASHBOARD_TEST_SUPPORT_H_
