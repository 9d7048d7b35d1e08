// AnswerView: reading stored answers text without a JSON tree must give exactly what
// nlohmann::json gives (property test over random answers and random formatting), reject what
// it does not read (so that Read falls back), and handle escapes, numbers and repeats.
#include "scoring/answer_view.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace tessera::scoring {
namespace {

using Kind = AnswerValue::Kind;
using nlohmann::json;

// The view as JSON again, with the later of repeated ids winning.
json AsJson(const AnswerView& view) {
  json out = json::object();
  auto value_json = [&](const AnswerValue& value) -> json {
    switch (value.kind) {
      case Kind::kNull:
        return nullptr;
      case Kind::kBool:
        return value.boolean;
      case Kind::kInteger:
        return value.integer;
      case Kind::kNumber:
        return value.number;
      case Kind::kString:
        return std::string(value.text);
      case Kind::kArray:
      case Kind::kOther:
        return "<other>";
    }
    return "<unknown>";
  };
  for (const auto& entry : view.entries()) {
    json value = value_json(entry.value);
    if (entry.value.kind == Kind::kArray) {
      value = json::array();
      for (const AnswerValue& element : view.Elements(entry.value)) {
        value.push_back(value_json(element));
      }
    }
    EXPECT_EQ(entry.hash, HashItemId(entry.item_id));
    out[std::string(entry.item_id)] = value;
  }
  return out;
}

// nlohmann's reading in the same terms (integers beyond int64 become doubles).
json Normalised(const json& answers) {
  json out = json::object();
  for (const auto& [key, value] : answers.items()) {
    auto scalar = [](const json& v) -> json {
      if (v.is_number_unsigned() &&
          v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return static_cast<double>(v.get<uint64_t>());
      }
      if (v.is_array() || v.is_object()) return "<other>";
      return v;
    };
    if (value.is_array()) {
      json array = json::array();
      for (const json& element : value) array.push_back(scalar(element));
      out[key] = array;
    } else {
      out[key] = scalar(value);
    }
  }
  return out;
}

std::string RandomText(std::mt19937& random) {
  static const std::vector<std::string> kPieces = {"a",
                                                   "Z",
                                                   "7",
                                                   " ",
                                                   "\"",
                                                   "\\",
                                                   "/",
                                                   "\n",
                                                   "\r",
                                                   "\t",
                                                   "\b",
                                                   "\f",
                                                   std::string(1, '\x01'),
                                                   "\x1f",
                                                   "é",
                                                   "ß",
                                                   "日本",
                                                   "🙂",
                                                   "=SUM(A1)",
                                                   ",",
                                                   "\"quoted\"",
                                                   "long text with spaces"};
  std::string text;
  const int pieces = static_cast<int>(random() % 12);
  for (int i = 0; i < pieces; ++i) text += kPieces[random() % kPieces.size()];
  return text;
}

json RandomValue(std::mt19937& random, bool allow_array) {
  switch (random() % (allow_array ? 9 : 8)) {
    case 0:
      return nullptr;
    case 1:
      return random() % 2 == 0;
    case 2:
      return static_cast<int>(random() % 11) - 2;
    case 3:
      // Up to 4e18, within int64 (no overflow in the test itself).
      return static_cast<int64_t>(random() % 2000000000) *
             static_cast<int64_t>(random() % 2000000000) * (random() % 2 ? 1 : -1);
    case 4:
      return std::numeric_limits<int64_t>::min() + static_cast<int64_t>(random() % 3);
    case 5:
      return 18446744073709551615ull - random() % 5;  // beyond int64
    case 6:
      return std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 80) - 40);
    case 7:
      return RandomText(random);
    default: {
      json array = json::array();
      const int n = static_cast<int>(random() % 4);
      for (int i = 0; i < n; ++i) array.push_back(RandomValue(random, false));
      return array;
    }
  }
}

// `answers` written with random whitespace around every token.
std::string Spaced(const json& answers, std::mt19937& random) {
  auto space = [&] {
    static const char* kSpaces[] = {"", "", " ", "\n", "\t ", "\r\n  "};
    return std::string(kSpaces[random() % 6]);
  };
  std::string text = space() + "{";
  bool first = true;
  for (const auto& [key, value] : answers.items()) {
    if (!first) text += space() + ",";
    first = false;
    text += space() + json(key).dump() + space() + ":" + space();
    if (value.is_array()) {
      text += "[";
      for (size_t i = 0; i < value.size(); ++i) {
        text += (i ? space() + "," : "") + space() + value[i].dump() + space();
      }
      text += "]";
    } else {
      text += value.dump();
    }
    text += space();
  }
  return text + "}" + space();
}

TEST(AnswerViewTest, ReadsWhatNlohmannReadsForRandomAnswers) {
  std::mt19937 random(20261126);
  AnswerView view;
  for (int round = 0; round < 3000; ++round) {
    json answers = json::object();
    const int n = static_cast<int>(random() % 12);
    for (int i = 0; i < n; ++i) {
      const std::string key =
          random() % 5 == 0 ? RandomText(random) : "Q" + std::to_string(random() % 40);
      answers[key] = RandomValue(random, true);
    }
    const std::string compact = answers.dump();
    const std::string ascii = answers.dump(-1, ' ', true);  // \uXXXX escapes, surrogate pairs
    const std::string spaced = Spaced(answers, random);
    for (const std::string& text : {compact, ascii, spaced}) {
      ASSERT_TRUE(view.Parse(text)) << text;
      ASSERT_EQ(AsJson(view), Normalised(json::parse(text))) << text;
    }
    view.FromJson(answers);
    ASSERT_EQ(AsJson(view), Normalised(answers)) << compact;
  }
}

TEST(AnswerViewTest, LaterRepeatWinsAsInNlohmann) {
  const std::string text = R"({"Q1": 1, "Q2": "a", "Q1": 4})";
  AnswerView view;
  ASSERT_TRUE(view.Parse(text));
  ASSERT_EQ(view.entries().size(), 3u);  // in the text's order
  ASSERT_NE(view.Find("Q1"), nullptr);
  EXPECT_EQ(view.Find("Q1")->integer, 4);
  EXPECT_EQ(json::parse(text)["Q1"], 4);
  EXPECT_EQ(view.Find("Q3"), nullptr);
}

TEST(AnswerViewTest, LaterRepeatWinsOnTheFallbackPathToo) {
  // The object value makes Parse refuse, so Read goes through nlohmann, which keeps the last.
  const std::string text = R"({"Q1": 1, "X": {"deep": true}, "Q1": [2, 3], "Q1": "last"})";
  AnswerView view;
  EXPECT_FALSE(view.Parse(text));
  json holder;
  ASSERT_TRUE(view.Read(text, holder));
  ASSERT_NE(view.Find("Q1"), nullptr);
  EXPECT_EQ(view.Find("Q1")->text, "last");
  EXPECT_EQ(json::parse(text)["Q1"], "last");
  // Walking the entries in order and overwriting gives the same answer as Find.
  const AnswerValue* walked = nullptr;
  for (const auto& entry : view.entries()) {
    if (entry.item_id == "Q1") walked = &entry.value;
  }
  EXPECT_EQ(walked, view.Find("Q1"));
}

TEST(AnswerViewTest, NumbersFollowJsonGrammar) {
  AnswerView view;
  ASSERT_TRUE(view.Parse(R"({"a": 0, "b": -0, "c": 3.0, "d": 1e2, "e": -12, "f": 999999999999999999,
                             "g": 9223372036854775807, "h": 9223372036854775808, "i": 2.5E-3})"));
  auto value = [&](const char* id) { return *view.Find(id); };
  EXPECT_EQ(value("a").kind, Kind::kInteger);
  EXPECT_EQ(value("b").kind, Kind::kInteger);
  EXPECT_EQ(value("b").integer, 0);
  EXPECT_EQ(value("c").kind, Kind::kNumber);  // 3.0 is not a scale value
  EXPECT_EQ(value("d").kind, Kind::kNumber);
  EXPECT_EQ(value("e").integer, -12);
  EXPECT_EQ(value("f").integer, 999999999999999999);
  EXPECT_EQ(value("g").integer, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(value("h").kind, Kind::kNumber);
  EXPECT_DOUBLE_EQ(value("i").number, 0.0025);
  for (const char* bad : {R"({"a": 01})", R"({"a": -})", R"({"a": 1.})", R"({"a": .5})",
                          R"({"a": 1e})", R"({"a": +1})", R"({"a": 0x10})"}) {
    EXPECT_FALSE(view.Parse(bad)) << bad;
    EXPECT_TRUE(view.entries().empty());
  }
}

TEST(AnswerViewTest, DecodesEscapes) {
  AnswerView view;
  ASSERT_TRUE(view.Parse(R"({"t": "a\"b\\c\/d\n\u00e9\ud83d\ude42\u0001", "k\u0041": 1})"));
  EXPECT_EQ(view.Find("t")->text, "a\"b\\c/d\n\xC3\xA9\xF0\x9F\x99\x82\x01");
  EXPECT_NE(view.Find("kA"), nullptr);  // keys are decoded too
  for (const char* bad :
       {R"({"t": "\x"})", R"({"t": "\u12"})", R"({"t": "\ud83d"})", R"({"t": "\ude42"})",
        R"({"t": "\ud83d\u0041"})", "{\"t\": \"a\x01\"}", R"({"t": "open)"}) {
    EXPECT_FALSE(view.Parse(bad)) << bad;
  }
}

// Found by the answer_view fuzz target (tests/fuzz/crashes/answer_view/invalid-utf8-in-id):
// Parse read bytes that are not UTF-8 as an answer that nlohmann::json refuses to read.
TEST(AnswerViewTest, RefusesInvalidUtf8AsNlohmannDoes) {
  AnswerView view;
  json holder;
  for (const std::string& bad : {
           std::string("{\"\xE9\":0}"),                                // a Latin-1 byte in an id
           std::string("{\"a\":\"\xFF\"}"),                            // never in UTF-8
           std::string("{\"a\":\"caf\xC3\"}"),                         // a sequence cut short
           std::string("{\"a\":\"\xC0\x80\"}"),                        // an overlong NUL
           std::string("{\"a\":\"\xE0\x80\xAF\"}"),                    // an overlong slash
           std::string("{\"a\":\"\xED\xA0\x80\"}"),                    // a surrogate
           std::string("{\"a\":\"\xF4\x90\x80\x80\"}"),                // beyond U+10FFFF
           std::string("{\"a\":\"x\\n\x80\"}"),                        // after an escape
           std::string("{\"a\":[\"ok\",\"long enough text \xBF\"]}"),  // in an array
       }) {
    ASSERT_FALSE(json::accept(bad)) << bad;
    EXPECT_FALSE(view.Parse(bad)) << bad;
    EXPECT_TRUE(view.entries().empty());
    EXPECT_FALSE(view.Read(bad, holder)) << bad;
  }
  // Well-formed UTF-8 of every length, with and without escapes, still reads.
  const std::string good =
      "{\"caf\xC3\xA9\":\"\xE2\x82\xAC \xF0\x9F\x99\x82\",\"b\":\"\\t\xC3\xA9\xEF\xBF\xBD\"}";
  ASSERT_TRUE(view.Parse(good)) << good;
  EXPECT_EQ(view.Find("caf\xC3\xA9")->text, "\xE2\x82\xAC \xF0\x9F\x99\x82");
  EXPECT_EQ(view.Find("b")->text, "\t\xC3\xA9\xEF\xBF\xBD");
}

// Found by the answer_view fuzz target (the input, reconstructed, is
// tests/fuzz/crashes/answer_view/number-beyond-double): Parse read a number too large for a
// double as infinity, where nlohmann::json refuses the text ("number overflow").
TEST(AnswerViewTest, RefusesNumbersBeyondADoubleAsNlohmannDoes) {
  AnswerView view;
  json holder;
  for (const char* bad : {R"({"a": 1e400})", R"({"a": -1.5e309})", R"({"a": [1, 1e999]})"}) {
    ASSERT_FALSE(json::accept(bad)) << bad;
    EXPECT_FALSE(view.Parse(bad)) << bad;
    EXPECT_FALSE(view.Read(bad, holder)) << bad;
  }
  ASSERT_TRUE(view.Parse(R"({"a": 1e308, "b": 1e-400})"));  // the largest, and one that underflows
  EXPECT_EQ(view.Find("a")->number, 1e308);
  EXPECT_EQ(view.Find("b")->number, 0.0);
}

TEST(AnswerViewTest, RejectsWhatItDoesNotReadAndReadFallsBack) {
  AnswerView view;
  for (const char* deeper : {R"({"a": {"b": 1}})", R"({"a": [[1]]})", R"({"a": [{"b": 1}]})"}) {
    EXPECT_FALSE(view.Parse(deeper)) << deeper;
    json holder;
    ASSERT_TRUE(view.Read(deeper, holder)) << deeper;
    ASSERT_NE(view.Find("a"), nullptr);
    EXPECT_TRUE(view.Find("a")->kind == Kind::kOther || view.Find("a")->kind == Kind::kArray);
  }
  for (const char* not_json : {"", "[]", "1", "{", R"({"a" 1})", R"({"a": 1,})", R"({"a": 1} x)",
                               R"({a: 1})", R"({"a": tru})", R"({"a": nul})"}) {
    EXPECT_FALSE(view.Parse(not_json)) << not_json;
    json holder;
    EXPECT_EQ(view.Read(not_json, holder), json::accept(not_json)) << not_json;
  }
  EXPECT_TRUE(view.Parse("{}"));
  EXPECT_TRUE(view.entries().empty());
  EXPECT_TRUE(view.Parse(" { } "));
}

// Found by the answer_view fuzz target (tests/fuzz/crashes/answer_view/nested-value-repeated-id):
// nlohmann::json keeps the later of repeated ids, so {"h":{},"h":3} is a flat object to it, but
// the text holds an object value, which Parse refuses by design; Read falls back to nlohmann and
// gives its reading. The harness was wrong here, not AnswerView: this pins what it now expects.
TEST(AnswerViewTest, RefusesANestedValueEvenWhenARepeatReplacesIt) {
  const std::string text = R"({"h":{},"h":3})";
  ASSERT_EQ(json::parse(text), json::parse(R"({"h":3})"));
  AnswerView view;
  EXPECT_FALSE(view.Parse(text));
  json holder;
  ASSERT_TRUE(view.Read(text, holder));
  ASSERT_NE(view.Find("h"), nullptr);
  EXPECT_EQ(view.Find("h")->kind, Kind::kInteger);
  EXPECT_EQ(view.Find("h")->integer, 3);
}

// Found by the answer_view fuzz target (tests/fuzz/crashes/answer_view/nul-after-object):
// nlohmann::json takes a NUL byte between tokens for the end of the input ("{}\0" is "{}" to
// it) and skips a UTF-8 byte-order mark before the value. Neither is JSON and stored answers
// hold neither, so Parse refuses both; Read gives nlohmann's reading.
TEST(AnswerViewTest, RefusesTheNulAndByteOrderMarkThatNlohmannSkips) {
  AnswerView view;
  json holder;
  const std::string empty_then_nul("{}\0", 3);
  ASSERT_TRUE(json::accept(empty_then_nul));
  EXPECT_FALSE(view.Parse(empty_then_nul));
  ASSERT_TRUE(view.Read(empty_then_nul, holder));
  EXPECT_TRUE(view.entries().empty());
  for (const std::string& text :
       {std::string("{\"a\":1}\0junk", 12), std::string("\xEF\xBB\xBF{\"a\":1}")}) {
    ASSERT_EQ(json::parse(text), json::parse(R"({"a":1})"));
    EXPECT_FALSE(view.Parse(text));
    ASSERT_TRUE(view.Read(text, holder));
    ASSERT_NE(view.Find("a"), nullptr);
    EXPECT_EQ(view.Find("a")->integer, 1);
  }
}

TEST(AnswerViewTest, ArraysHoldTheirElements) {
  AnswerView view;
  ASSERT_TRUE(view.Parse(R"({"m": ["a", "b", 3], "e": [], "z": 1})"));
  const AnswerValue& m = *view.Find("m");
  ASSERT_EQ(m.kind, Kind::kArray);
  ASSERT_EQ(view.Elements(m).size(), 3u);
  EXPECT_EQ(view.Elements(m)[1].text, "b");
  EXPECT_EQ(view.Elements(m)[2].integer, 3);
  EXPECT_TRUE(view.Elements(*view.Find("e")).empty());
}

}  // namespace
}  // namespace tessera::scoring
