#include <gtest/gtest.h>

#include "server/pages/form_parsing.h"

namespace tessera::server::pages {
namespace {

using Values = std::vector<std::string>;

TEST(FormParseTest, SplitsFieldsAndCollectsRepeatedKeys) {
  const FormFields form = ParseForm("page=1&services=housing&action=next&services=youth");
  EXPECT_EQ(form.at("page"), Values{"1"});
  EXPECT_EQ(form.at("action"), Values{"next"});
  EXPECT_EQ(form.at("services"), (Values{"housing", "youth"}));
  EXPECT_EQ(form.size(), 3u);
}

TEST(FormParseTest, DecodesPlusAndPercentEscapes) {
  const FormFields form = ParseForm("FREE-01=Hello+there%2C%0D%0Aworld%21&ATT%2D01=3&p=%2B1");
  EXPECT_EQ(form.at("FREE-01"), Values{"Hello there,\r\nworld!"});
  EXPECT_EQ(form.at("ATT-01"), Values{"3"});
  EXPECT_EQ(form.at("p"), Values{"+1"});
}

TEST(FormParseTest, DecodesUtf8Bytes) {
  EXPECT_EQ(ParseForm("t=caf%C3%A9").at("t"), Values{"caf\xC3\xA9"});
  EXPECT_EQ(ParseForm("t=%e2%80%94").at("t"), Values{"\xE2\x80\x94"});
}

TEST(FormParseTest, LeavesInvalidEscapesLiteral) {
  EXPECT_EQ(FormDecode("100%"), "100%");
  EXPECT_EQ(FormDecode("%zz"), "%zz");
  EXPECT_EQ(FormDecode("%4"), "%4");
  EXPECT_EQ(FormDecode("%4g%41"), "%4gA");
  EXPECT_EQ(FormDecode("%%41"), "%A");
}

TEST(FormParseTest, HandlesEmptyPiecesAndMissingEquals) {
  const FormFields form = ParseForm("&&a=&b&c=x=y&");
  EXPECT_EQ(form.at("a"), Values{""});
  EXPECT_EQ(form.at("b"), Values{""});
  EXPECT_EQ(form.at("c"), Values{"x=y"});
  EXPECT_EQ(form.size(), 3u);
  EXPECT_TRUE(ParseForm("").empty());
}

TEST(FormParseTest, FirstValueGivesEmptyForMissingFields) {
  const FormFields form = ParseForm("a=1&a=2");
  EXPECT_EQ(FirstValue(form, "a"), "1");
  EXPECT_EQ(FirstValue(form, "missing"), "");
}

}  // namespace
}  // namespace tessera::server::pages
