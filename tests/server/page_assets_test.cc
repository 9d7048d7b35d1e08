#include <gtest/gtest.h>

#include <string>

#include "server/pages/assets.h"

namespace tessera::server::pages {
namespace {

bool Has(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

TEST(PageAssetsTest, AssetsAreEmbeddedWithTheirTypes) {
  const Asset* css = FindAsset("/assets/survey.css");
  const Asset* js = FindAsset("/assets/survey.js");
  const Asset* icon = FindAsset("/assets/favicon.svg");
  ASSERT_NE(css, nullptr);
  ASSERT_NE(js, nullptr);
  ASSERT_NE(icon, nullptr);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(icon->content_type, "image/svg+xml");
  EXPECT_TRUE(Has(icon->body, "<svg"));
  EXPECT_EQ(FindAsset("/assets/missing.css"), nullptr);
  EXPECT_EQ(FindAsset("survey.css"), nullptr);
}

TEST(PageAssetsTest, StylesheetCoversAccessibilityBasics) {
  const std::string_view css = FindAsset("/assets/survey.css")->body;
  EXPECT_TRUE(Has(css, ":focus-visible"));
  EXPECT_TRUE(Has(css, "outline: 3px solid"));
  EXPECT_TRUE(Has(css, "prefers-reduced-motion"));
  EXPECT_TRUE(Has(css, "@media print"));
  EXPECT_TRUE(Has(css, "min-height: 2.75rem"));  // 44px touch targets
  EXPECT_FALSE(Has(css, "@import"));
  EXPECT_FALSE(Has(css, "@font-face"));
  EXPECT_FALSE(Has(css, "url("));
  EXPECT_FALSE(Has(css, "http"));
}

TEST(PageAssetsTest, ScriptAutosavesToTheDraftEndpoint) {
  const std::string_view js = FindAsset("/assets/survey.js")->body;
  EXPECT_TRUE(Has(js, "/api/v1/surveys/"));
  EXPECT_TRUE(Has(js, "/draft"));
  EXPECT_TRUE(Has(js, "'PATCH'"));
  EXPECT_TRUE(Has(js, "1500"));
  EXPECT_TRUE(Has(js, "data-token"));
  EXPECT_FALSE(Has(js, "http"));
  EXPECT_FALSE(Has(js, "eval("));
  EXPECT_FALSE(Has(js, "innerHTML"));
}

}  // namespace
}  // namespace tessera::server::pages
