#include "server/pages/html_escape.h"

#include <gtest/gtest.h>

namespace tessera::server::pages {
namespace {

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(HtmlEscapeTest, LeavesOtherTextAlone) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("Plain text, caf\xC3\xA9 \xE2\x80\x94 100%"),
            "Plain text, caf\xC3\xA9 \xE2\x80\x94 100%");
}

TEST(HtmlEscapeTest, EscapesAmpersandsOfExistingReferencesAgain) {
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
}

}  // namespace
}  // namespace tessera::server::pages
