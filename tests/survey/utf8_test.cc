// survey/utf8.h: code point counting, control characters, line-break normalisation and the
// check of one-line names.
#include "survey/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace tessera::survey {
namespace {

TEST(Utf8Test, CountsCodePointsOfValidTextOnly) {
  EXPECT_EQ(CountCodePoints("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x99\x82"), 4u);
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_FALSE(CountCodePoints("\xc0\xaf"));
  EXPECT_FALSE(CountCodePoints("\xed\xa0\x80"));
}

TEST(Utf8Test, FindsC0DelAndC1ControlCharacters) {
  for (const TextKind kind : {TextKind::kMultiLine, TextKind::kSingleLine}) {
    EXPECT_EQ(FindControlCharacter(std::string("a\0b", 3), kind), U'\0');
    EXPECT_EQ(FindControlCharacter("a\x01", kind), U'\x01');
    EXPECT_EQ(FindControlCharacter("\x1b[2J", kind), U'\x1b');
    EXPECT_EQ(FindControlCharacter("x\x1f", kind), U'\x1f');
    EXPECT_EQ(FindControlCharacter("x\x7f", kind), U'\x7f');
    EXPECT_EQ(FindControlCharacter("x\r", kind), U'\r');  // normalise line breaks first
    EXPECT_EQ(FindControlCharacter("x\xc2\x80", kind), U'\x80');
    EXPECT_EQ(FindControlCharacter("x\xc2\x85y", kind), U'\x85');
    EXPECT_EQ(FindControlCharacter("x\xc2\x9f", kind), U'\x9f');
    // The first one is named.
    EXPECT_EQ(FindControlCharacter("\x02\x01", kind), U'\x02');
    // Not controls: U+00A0, U+00C5 (C3 85: an 85 byte that is not after C2), U+2028, emoji.
    EXPECT_FALSE(FindControlCharacter("\xc2\xa0 \xc3\x85 \xe2\x80\xa8 \xf0\x9f\x99\x82", kind));
    EXPECT_FALSE(FindControlCharacter("", kind));
  }
  EXPECT_FALSE(FindControlCharacter("one\n\ttwo", TextKind::kMultiLine));
  EXPECT_EQ(FindControlCharacter("one\ntwo", TextKind::kSingleLine), U'\n');
  EXPECT_EQ(FindControlCharacter("one\ttwo", TextKind::kSingleLine), U'\t');
}

TEST(Utf8Test, NormalisesCrLfAndLoneCrToLf) {
  EXPECT_EQ(NormaliseLineBreaks("a\r\nb\rc\nd\r\r\n"), "a\nb\nc\nd\n\n");
  EXPECT_EQ(NormaliseLineBreaks("\r"), "\n");
  EXPECT_EQ(NormaliseLineBreaks("no breaks"), "no breaks");
}

TEST(Utf8Test, NamesCodePoints) {
  EXPECT_EQ(CodePointName(0), "U+0000");
  EXPECT_EQ(CodePointName(0x1b), "U+001B");
  EXPECT_EQ(CodePointName(0x85), "U+0085");
  EXPECT_EQ(CodePointName(0x1F642), "U+1F642");
}

TEST(Utf8Test, SingleLineTextRejectsControlsAndInvalidUtf8WithThePointer) {
  EXPECT_TRUE(CheckSingleLineText("Riverside Trust \xe2\x80\x93 North", "team name", "/name").ok());
  const Status escape = CheckSingleLineText("Evil\x1b]0;owned\x07", "team name", "/name");
  EXPECT_EQ(escape.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(escape.pointer(), "/name");
  EXPECT_EQ(escape.message(),
            "team name contains a control character (U+001B), which cannot be stored");
  EXPECT_EQ(CheckSingleLineText("two\nlines", "title", "/title").message(),
            "title contains a control character (U+000A), which cannot be stored");
  EXPECT_EQ(CheckSingleLineText("bad \xff byte", "title", "/title").message(),
            "title is not valid UTF-8");
}

}  // namespace
}  // namespace tessera::survey
