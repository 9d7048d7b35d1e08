// survey/request_json.h: request bodies with a repeated key in any object are refused, with
// the pointer of the repeated key (issue 12, part 7: "the last silently wins").
#include "survey/request_json.h"

#include <gtest/gtest.h>

#include "survey/token.h"

namespace tessera::survey {
namespace {

using Error = RequestJson::Error;

void ExpectDuplicate(std::string_view text, const std::string& pointer) {
  const RequestJson parsed = ParseRequestJson(text);
  EXPECT_EQ(parsed.error, Error::kDuplicateKey) << text;
  EXPECT_EQ(parsed.pointer, pointer) << text;
  EXPECT_FALSE(parsed.ok());
}

TEST(RequestJsonTest, RepeatedAnswerIsRefusedWithItsPointer) {
  ExpectDuplicate(R"({"answers": {"DIV-01": 1, "DIV-02": 3, "DIV-01": 5}})", "/answers/DIV-01");
  // The same value twice is still a repeated key.
  ExpectDuplicate(R"({"answers": {"DIV-01": 1, "DIV-01": 1}})", "/answers/DIV-01");
  // A repeat written with an escape is the same key.
  ExpectDuplicate(R"({"answers": {"A": 1, "\u0041": 2}})", "/answers/A");
}

TEST(RequestJsonTest, RepeatsAreFoundInEveryObject) {
  ExpectDuplicate(R"({"answers": {}, "answers": {"X": 1}})", "/answers");
  ExpectDuplicate(R"({"a": [1, {"b": 1}, [{"c": 1, "c": 2}]]})", "/a/2/0/c");
  ExpectDuplicate(R"([{"x": 1}, {"x": 1, "y": 2, "y": 3}])", "/1/y");
  ExpectDuplicate(R"({"a/b": {"~": 1, "~": 2}})", "/a~1b/~0");
  // The first repeat is named.
  ExpectDuplicate(R"({"p": {"q": 1, "q": 2}, "p": 3})", "/p/q");
}

TEST(RequestJsonTest, TheSameKeyInDifferentObjectsIsFine) {
  const RequestJson parsed =
      ParseRequestJson(R"({"answers": {"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]}, "a": 4})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value["answers"]["b"][1]["a"], 3);
  EXPECT_EQ(parsed.value["a"], 4);
  EXPECT_EQ(ParseRequestJson("42").value, 42);
  EXPECT_EQ(ParseRequestJson(R"({"answers": {"DIV-01": 4, "FREE-01": "x"}})").value,
            (nlohmann::json{{"answers", {{"DIV-01", 4}, {"FREE-01", "x"}}}}));
}

TEST(RequestJsonTest, NotJsonIsItsOwnError) {
  for (const std::string_view text : {"", "{", "{\"a\": 1,}", "{\"a\": 1} x", "nul"}) {
    const RequestJson parsed = ParseRequestJson(text);
    EXPECT_EQ(parsed.error, Error::kNotJson) << text;
    EXPECT_TRUE(parsed.pointer.empty());
  }
}

TEST(RequestJsonTest, TokenShapedKeysAreNotEchoed) {
  const std::string token = NewToken();
  ExpectDuplicate("{\"answers\": {\"" + token + "\": 1, \"" + token + "\": 2}}",
                  "/answers/[token]");
}

}  // namespace
}  // namespace tessera::survey
