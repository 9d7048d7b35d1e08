#include "engine/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tessera::engine {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text, Status* status = nullptr) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (reader.Next(&fields)) records.push_back(fields);
  if (status != nullptr) *status = reader.status();
  return records;
}

using Records = std::vector<std::vector<std::string>>;

TEST(CsvReaderTest, ReadsPlainQuotedAndEmptyFields) {
  EXPECT_EQ(ReadAll("a,b,c\n1,,\"x, y\"\n"), (Records{{"a", "b", "c"}, {"1", "", "x, y"}}));
}

TEST(CsvReaderTest, DoubledQuotesEmbeddedLineBreaksAndCrlf) {
  EXPECT_EQ(ReadAll("id,text\r\n1,\"She said \"\"yes\"\"\r\nthen left\"\r\n"),
            (Records{{"id", "text"}, {"1", "She said \"yes\"\r\nthen left"}}));
}

TEST(CsvReaderTest, IgnoresAByteOrderMarkAndAMissingFinalNewline) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBF"
                    "a,b\n1,2"),
            (Records{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, ReportsAnUnterminatedQuoteWithItsLine) {
  Status status;
  auto records = ReadAll("a\n\"open\nstill open\n", &status);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();
}

TEST(CsvReaderTest, RejectsStrayQuotes) {
  Status status;
  ReadAll("a\nab\"c\n", &status);
  EXPECT_FALSE(status.ok());
  ReadAll("a\n\"ab\"c\n", &status);
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace tessera::engine
