// The CSV writer: RFC 4180 quoting, CRLF, the BOM, formula neutralisation of text (and never of
// numbers), UTF-8 passed through, chunking and stopping.
#include "engine/export/csv_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace tessera::engine {
namespace {

struct Output {
  std::string text;
  std::vector<size_t> chunks;
  ChunkSink sink = [this](std::string_view chunk) {
    text.append(chunk);
    chunks.push_back(chunk.size());
    return true;
  };
};

std::string One(std::string_view text) {
  std::string field;
  CsvWriter::AppendField(field, text);
  return field;
}

TEST(CsvWriterTest, PlainFieldsAreCommaSeparatedWithCrlf) {
  Output out;
  CsvWriter writer(out.sink);
  writer.Text("a");
  writer.Text("b");
  writer.EndRow();
  writer.Text("c");
  writer.Empty();
  writer.EndRow();
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(out.text, "a,b\r\nc,\r\n");
}

TEST(CsvWriterTest, QuotesFieldsWithCommaQuoteCrOrLf) {
  EXPECT_EQ(One("a,b"), "\"a,b\"");
  EXPECT_EQ(One("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(One("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(One("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(One("\"\""), "\"\"\"\"\"\"");
  EXPECT_EQ(One("plain text"), "plain text");
  EXPECT_EQ(One(""), "");
}

TEST(CsvWriterTest, NeutralisesEveryFormulaStart) {
  // A neutralised cell gets an apostrophe and is quoted (OWASP, "CSV Injection").
  EXPECT_EQ(One("=1+1"), "\"'=1+1\"");
  EXPECT_EQ(One("+44 20"), "\"'+44 20\"");
  EXPECT_EQ(One("-1"), "\"'-1\"");  // text that looks like a number is still text
  EXPECT_EQ(One("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(One("\tx"), "\"'\tx\"");
  EXPECT_EQ(One("\rx"), "\"'\rx\"");
  EXPECT_EQ(One("\nx"), "\"'\nx\"");
  EXPECT_EQ(One("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(One("a=b"), "a=b");
  EXPECT_FALSE(CsvWriter::NeedsNeutralising(""));
  EXPECT_FALSE(CsvWriter::NeedsNeutralising("'=x"));
}

// Issue 12, part 7: leading spaces, | and the fullwidth ＝ slipped through.
TEST(CsvWriterTest, NeutralisesFormulasAfterLeadingBlanksPipesPercentAndFullwidthForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {" =1+1", "\"' =1+1\""},                                    // a leading space
      {"   =HYPERLINK(\"x\")", "\"'   =HYPERLINK(\"\"x\"\")\""},  // several
      {"\t=1+1", "\"'\t=1+1\""},                                  // tab before =
      {"\r\n=1+1", "\"'\r\n=1+1\""},                              // line break before =
      {" \t @x", "\"' \t @x\""},                                  // mixed blanks
      {"\xc2\xa0=1", "\"'\xc2\xa0=1\""},                          // no-break space U+00A0
      {"\xe3\x80\x80=1", "\"'\xe3\x80\x80=1\""},                  // ideographic space U+3000
      {"\x01=1", "\"'\x01=1\""},                                  // a control character
      {"|calc", "\"'|calc\""},
      {"%0A=1", "\"'%0A=1\""},
      {" -2+3+cmd|' /C calc'!A0", "\"' -2+3+cmd|' /C calc'!A0\""},
      {"\xef\xbc\x9d"
       "1+1",
       "\"'\xef\xbc\x9d"
       "1+1\""},  // ＝ U+FF1D
      {"\xef\xbc\x8b"
       "1",
       "\"'\xef\xbc\x8b"
       "1\""},  // ＋ U+FF0B
      {"\xef\xbc\x8d"
       "1",
       "\"'\xef\xbc\x8d"
       "1\""},  // － U+FF0D
      {"\xef\xbc\xa0"
       "x",
       "\"'\xef\xbc\xa0"
       "x\""},  // ＠ U+FF20
      {"\xef\xbd\x9c"
       "x",
       "\"'\xef\xbd\x9c"
       "x\""},  // ｜ U+FF5C
      {"\xef\xbc\x85"
       "x",
       "\"'\xef\xbc\x85"
       "x\""},  // ％ U+FF05
      {"  \xef\xbc\x9d"
       "1",
       "\"'  \xef\xbc\x9d"
       "1\""},  // spaces, then ＝
  };
  for (const auto& [text, field] : cases) {
    EXPECT_TRUE(CsvWriter::NeedsNeutralising(text)) << text;
    EXPECT_EQ(One(text), field) << text;
  }
}

TEST(CsvWriterTest, LegitimateTextIsUnchanged) {
  for (const std::string text :
       {"Good, mostly", "a=b", "Needs more staff", "50% of the time", "A|B", "x - y", " leading",
        "   ", "\xef\xbc\xa1 fullwidth A", "\xe2\x80\x94 dash first", "caf\xc3\xa9",
        "'=already neutral", "\xc2\xa9 2026"}) {
    EXPECT_FALSE(CsvWriter::NeedsNeutralising(text)) << text;
    std::string expected = text;
    if (text.find(',') != std::string::npos) expected = "\"" + text + "\"";
    EXPECT_EQ(One(text), expected) << text;
  }
}

TEST(CsvWriterTest, NumbersAreNeverNeutralised) {
  Output out;
  CsvWriter writer(out.sink);
  writer.Integer(-1);
  writer.Integer(0);
  writer.Integer(std::numeric_limits<int64_t>::min());
  writer.Number(-2.5);
  writer.Number(0.1);
  writer.Number(1.0 / 3.0);
  writer.Number(std::nan(""));
  writer.Bool(true);
  writer.EndRow();
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(out.text, "-1,0,-9223372036854775808,-2.5,0.1,0.3333333333333333,,true\r\n");
  EXPECT_EQ(std::stod("0.3333333333333333"), 1.0 / 3.0);  // shortest text round-trips
}

TEST(CsvWriterTest, Utf8PassesThroughUnchanged) {
  const std::string text = "Zoë – 日本語 – 🙂";
  EXPECT_EQ(One(text), text);
  EXPECT_EQ(One("é,ü"), "\"é,ü\"");
}

TEST(CsvWriterTest, BomComesFirst) {
  Output out;
  CsvWriter writer(out.sink);
  writer.Bom();
  writer.Text("item_id");
  writer.EndRow();
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(out.text, "\xEF\xBB\xBFitem_id\r\n");
}

TEST(CsvWriterTest, FlushesWholeRowsInChunks) {
  Output out;
  CsvWriter writer(out.sink, 100);
  for (int row = 0; row < 100; ++row) {
    writer.Text("abcdefghij");
    writer.Integer(row);
    writer.EndRow();
  }
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_GT(out.chunks.size(), 10u);
  for (size_t size : out.chunks) EXPECT_LT(size, 100u + 20u);
  // Every chunk but the last ends at a row end.
  size_t offset = 0;
  for (size_t i = 0; i + 1 < out.chunks.size(); ++i) {
    offset += out.chunks[i];
    EXPECT_EQ(out.text.substr(offset - 2, 2), "\r\n");
  }
}

TEST(CsvWriterTest, StopsWhenTheSinkSaysSo) {
  int calls = 0;
  ChunkSink sink = [&calls](std::string_view) {
    ++calls;
    return false;
  };
  CsvWriter writer(sink, 10);
  for (int row = 0; row < 50; ++row) {
    writer.Text("0123456789");
    writer.EndRow();
  }
  EXPECT_TRUE(writer.stopped());
  const Status status = writer.Finish();
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(), "stopped");
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace tessera::engine
