#include "survey/answer_validation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "instruments/instrument_loader.h"
#include "survey/token.h"
#include "test_instrument.h"

namespace tessera::survey {
namespace {

using nlohmann::json;

const std::vector<std::string> kTeams = {"outreach", "housing-support"};

// Every answer to a required item, all valid.
json CompleteAnswers() { return {{"ATT-01", 4}, {"ATT-02", 2}, {"ATT-03", 5}, {"IDEA", "Listen"}}; }

AnswerCheck Validate(const json& answers, ValidationMode mode = ValidationMode::kDraft) {
  static const instruments::Instrument instrument = testing::MakeTestInstrument();
  return ValidateAnswers(instrument, kTeams, json{{"answers", answers}}, mode);
}

std::string Describe(const AnswerCheck& check) {
  std::string out;
  for (const auto& p : check.problems) out += p.pointer + " " + p.code + ": " + p.message + "\n";
  return out;
}

// Expects exactly one problem, at `pointer` with `code`.
void ExpectOnly(const AnswerCheck& check, const std::string& pointer, const std::string& code) {
  ASSERT_EQ(check.problems.size(), 1u) << Describe(check);
  EXPECT_EQ(check.problems[0].pointer, pointer);
  EXPECT_EQ(check.problems[0].code, code);
  EXPECT_FALSE(check.problems[0].message.empty());
  EXPECT_FALSE(check.ok());
}

std::string Repeat(const std::string& piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(AnswerValidationTest, AcceptsCompleteSubmission) {
  json answers = CompleteAnswers();
  answers["TEAM"] = "outreach";
  answers["LANGS"] = {"english", "polish"};
  answers["YEARS"] = 3.5;
  answers["COMMENT"] = "Thanks";
  const AnswerCheck check = Validate(answers, ValidationMode::kSubmit);
  EXPECT_TRUE(check.ok()) << Describe(check);
  EXPECT_EQ(check.answers, answers);
}

TEST(AnswerValidationTest, ReverseKeyedItemIsAnsweredLikeAnyOther) {
  for (int value = 1; value <= 5; ++value) {
    const AnswerCheck check = Validate({{"ATT-02", value}});
    EXPECT_TRUE(check.ok()) << Describe(check);
    EXPECT_EQ(check.answers, (json{{"ATT-02", value}}));  // stored as given, never flipped
  }
}

TEST(AnswerValidationTest, DraftMayBePartialButSubmitNeedsRequiredItems) {
  const json partial = {{"ATT-01", 3}, {"ATT-02", nullptr}};
  const AnswerCheck draft = Validate(partial, ValidationMode::kDraft);
  EXPECT_TRUE(draft.ok()) << Describe(draft);
  EXPECT_EQ(draft.answers, (json{{"ATT-01", 3}}));  // null removed

  const AnswerCheck submit = Validate(partial, ValidationMode::kSubmit);
  std::vector<std::string> pointers;
  for (const auto& p : submit.problems) {
    EXPECT_EQ(p.code, "required");
    pointers.push_back(p.pointer);
  }
  EXPECT_EQ(pointers,
            (std::vector<std::string>{"/answers/ATT-02", "/answers/ATT-03", "/answers/IDEA"}));
  EXPECT_EQ(submit.answers, (json{{"ATT-01", 3}}));
}

TEST(AnswerValidationTest, EmptyTextCountsAsUnanswered) {
  json answers = CompleteAnswers();
  answers["IDEA"] = "";
  answers["COMMENT"] = "";
  EXPECT_TRUE(Validate(answers).ok());
  EXPECT_FALSE(Validate(answers).answers.contains("COMMENT"));
  ExpectOnly(Validate(answers, ValidationMode::kSubmit), "/answers/IDEA", "required");
}

TEST(AnswerValidationTest, InvalidRequiredAnswerIsNotAlsoReportedAsMissing) {
  json answers = CompleteAnswers();
  answers["ATT-01"] = 9;
  ExpectOnly(Validate(answers, ValidationMode::kSubmit), "/answers/ATT-01", "out_of_range");
}

TEST(AnswerValidationTest, UnknownItem) {
  const AnswerCheck check = Validate({{"ATT-99", 3}, {"ATT-01", 2}});
  ExpectOnly(check, "/answers/ATT-99", "unknown_item");
  EXPECT_EQ(check.answers, (json{{"ATT-01", 2}}));
}

TEST(AnswerValidationTest, UnknownItemIdIsEscapedInPointer) {
  ExpectOnly(Validate({{"a/b~c", 1}}), "/answers/a~1b~0c", "unknown_item");
}

TEST(AnswerValidationTest, ScaleValueOutOfRange) {
  ExpectOnly(Validate({{"ATT-01", 0}}), "/answers/ATT-01", "out_of_range");
  ExpectOnly(Validate({{"ATT-01", 6}}), "/answers/ATT-01", "out_of_range");
  ExpectOnly(Validate({{"ATT-01", -1}}), "/answers/ATT-01", "out_of_range");
  ExpectOnly(Validate({{"ATT-01", 18446744073709551615ull}}), "/answers/ATT-01", "out_of_range");
}

TEST(AnswerValidationTest, ScaleWrongTypes) {
  ExpectOnly(Validate({{"ATT-01", 3.5}}), "/answers/ATT-01", "wrong_type");
  ExpectOnly(Validate({{"ATT-01", 3.0}}), "/answers/ATT-01", "wrong_type");  // float, not int
  ExpectOnly(Validate({{"ATT-01", true}}), "/answers/ATT-01", "wrong_type");
  ExpectOnly(Validate({{"ATT-01", json::array({3})}}), "/answers/ATT-01", "wrong_type");
  ExpectOnly(Validate({{"ATT-01", json::object()}}), "/answers/ATT-01", "wrong_type");
}

TEST(AnswerValidationTest, DontKnowAllowedWhereOfferedOnly) {
  const AnswerCheck offered = Validate({{"ATT-01", "dk"}, {"ATT-03", "na"}});
  EXPECT_TRUE(offered.ok()) << Describe(offered);
  EXPECT_EQ(offered.answers, (json{{"ATT-01", "dk"}, {"ATT-03", "na"}}));

  ExpectOnly(Validate({{"ATT-03", "dk"}}), "/answers/ATT-03", "code_not_offered");
  // A code the scale lacks, and a number sent as a string, are not offered codes either.
  ExpectOnly(Validate({{"ATT-01", "pnts"}}), "/answers/ATT-01", "code_not_offered");
  ExpectOnly(Validate({{"ATT-01", "4"}}), "/answers/ATT-01", "code_not_offered");
}

TEST(AnswerValidationTest, TeamSlugsComeFromTheCampaign) {
  EXPECT_TRUE(Validate({{"TEAM", "housing-support"}}).ok());
  EXPECT_TRUE(Validate({{"TEAM", "pnts"}}).ok());
  ExpectOnly(Validate({{"TEAM", "finance"}}), "/answers/TEAM", "out_of_range");
  // "dk" is a code of another scale: not offered here rather than an unknown team.
  ExpectOnly(Validate({{"TEAM", "dk"}}), "/answers/TEAM", "code_not_offered");
  ExpectOnly(Validate({{"TEAM", 1}}), "/answers/TEAM", "wrong_type");

  static const instruments::Instrument instrument = testing::MakeTestInstrument();
  const AnswerCheck no_teams = ValidateAnswers(
      instrument, {}, json{{"answers", {{"TEAM", "outreach"}}}}, ValidationMode::kDraft);
  ExpectOnly(no_teams, "/answers/TEAM", "out_of_range");
}

TEST(AnswerValidationTest, MultipleChoice) {
  EXPECT_TRUE(Validate({{"LANGS", {"welsh"}}}).ok());
  EXPECT_TRUE(Validate({{"LANGS", {"pnts"}}}).ok());
  const AnswerCheck empty = Validate({{"LANGS", json::array()}});
  EXPECT_TRUE(empty.ok());
  EXPECT_FALSE(empty.answers.contains("LANGS"));  // nothing chosen is unanswered

  ExpectOnly(Validate({{"LANGS", "welsh"}}), "/answers/LANGS", "wrong_type");
  ExpectOnly(Validate({{"LANGS", {"welsh", "welsh"}}}), "/answers/LANGS/1", "wrong_type");
  ExpectOnly(Validate({{"LANGS", {"english", 2}}}), "/answers/LANGS/1", "wrong_type");
  ExpectOnly(Validate({{"LANGS", {"english", "klingon"}}}), "/answers/LANGS/1", "out_of_range");
  ExpectOnly(Validate({{"LANGS", {"dk"}}}), "/answers/LANGS/0", "code_not_offered");
  ExpectOnly(Validate({{"LANGS", {"english", "pnts"}}}), "/answers/LANGS", "wrong_type");
}

TEST(AnswerValidationTest, Numbers) {
  EXPECT_TRUE(Validate({{"YEARS", 0}}).ok());
  EXPECT_TRUE(Validate({{"YEARS", 50}}).ok());
  EXPECT_TRUE(Validate({{"YEARS", 12.25}}).ok());
  ExpectOnly(Validate({{"YEARS", 50.5}}), "/answers/YEARS", "out_of_range");
  ExpectOnly(Validate({{"YEARS", -1}}), "/answers/YEARS", "out_of_range");
  ExpectOnly(Validate({{"YEARS", "7"}}), "/answers/YEARS", "wrong_type");
  ExpectOnly(Validate({{"YEARS", false}}), "/answers/YEARS", "wrong_type");
  ExpectOnly(Validate({{"YEARS", std::numeric_limits<double>::infinity()}}), "/answers/YEARS",
             "wrong_type");
  ExpectOnly(Validate({{"YEARS", std::numeric_limits<double>::quiet_NaN()}}), "/answers/YEARS",
             "wrong_type");
}

TEST(AnswerValidationTest, TextLengthCountsCodePoints) {
  // "é" is 2 bytes, "€" 3 and "🙂" 4: each is one character to the respondent.
  const std::string at_limit = Repeat("é€🙂a", 500);  // 2000 code points, 5000 bytes
  ASSERT_EQ(at_limit.size(), 5000u);
  const AnswerCheck ok = Validate({{"COMMENT", at_limit}});
  EXPECT_TRUE(ok.ok()) << Describe(ok);
  EXPECT_EQ(ok.answers["COMMENT"], at_limit);

  const AnswerCheck over = Validate({{"COMMENT", at_limit + "🙂"}});
  ExpectOnly(over, "/answers/COMMENT", "too_long");
  EXPECT_NE(over.problems[0].message.find("2000"), std::string::npos);
  EXPECT_FALSE(over.answers.contains("COMMENT"));

  EXPECT_TRUE(Validate({{"IDEA", "ŻółćŻółćŻó"}}).ok());  // 10 code points, 20 bytes
  ExpectOnly(Validate({{"IDEA", "ŻółćŻółćŻół"}}), "/answers/IDEA", "too_long");
}

TEST(AnswerValidationTest, InvalidUtf8IsWrongType) {
  const std::vector<std::string> invalid = {
      std::string("abc\xff"),          std::string("\xc3"),          // stray, truncated
      std::string("\xc0\xaf"),         std::string("\xed\xa0\x80"),  // overlong, surrogate
      std::string("\xf4\x90\x80\x80"), std::string("a\x80z"),        // > U+10FFFF, lone
  };
  for (const auto& text : invalid) {
    ExpectOnly(Validate({{"COMMENT", text}}), "/answers/COMMENT", "wrong_type");
  }
  ExpectOnly(Validate({{"COMMENT", 42}}), "/answers/COMMENT", "wrong_type");
}

// Issue 12, part 7: NUL and other control characters in free text were stored and later
// shown raw on the survey page, the dashboard and in CSV exports.
TEST(AnswerValidationTest, ControlCharactersInTextAreRejectedWithThePointer) {
  const std::vector<std::pair<std::string, std::string>> controls = {
      {std::string("before\0after", 12), "U+0000"},
      {"start \x01 end", "U+0001"},
      {"\x1b[31mred\x1b[0m", "U+001B"},
      {"delete\x7f", "U+007F"},
      {"next line\xc2\x85here", "U+0085"},  // C1 NEL
      {"csi \xc2\x9b"
       "2J",
       "U+009B"},
      {"form\ffeed", "U+000C"},
  };
  for (const auto& [text, name] : controls) {
    const AnswerCheck check = Validate({{"COMMENT", text}, {"IDEA", "ok"}});
    ASSERT_NO_FATAL_FAILURE(ExpectOnly(check, "/answers/COMMENT", "control_character")) << name;
    EXPECT_NE(check.problems[0].message.find(name), std::string::npos)
        << name << ": " << check.problems[0].message;
    EXPECT_FALSE(check.answers.contains("COMMENT")) << name;
    EXPECT_TRUE(check.answers.contains("IDEA"));
  }
  // A control character is found wherever it is, also in a short required answer, and such
  // an answer is not also reported as missing.
  json answers = CompleteAnswers();
  answers["IDEA"] = "a\x02";
  ExpectOnly(Validate(answers, ValidationMode::kSubmit), "/answers/IDEA", "control_character");
}

TEST(AnswerValidationTest, TabAndLineFeedAreKeptInText) {
  const std::string text = "first line\n\tindented second line\n\nlast";
  const AnswerCheck check = Validate({{"COMMENT", text}});
  EXPECT_TRUE(check.ok()) << Describe(check);
  EXPECT_EQ(check.answers["COMMENT"], text);
  // Characters that merely look unusual are not control characters.
  const std::string unusual = "\xc2\xa0no-break \xe2\x80\x8bzero-width \xef\xbc\x9d";
  EXPECT_TRUE(Validate({{"COMMENT", unusual}}).ok());
}

TEST(AnswerValidationTest, CarriageReturnsAreNormalisedToLineFeeds) {
  // Browsers send a textarea's line breaks as CR LF; old Macs wrote a lone CR.
  const AnswerCheck check = Validate({{"COMMENT", "one\r\ntwo\rthree\r\n"}});
  EXPECT_TRUE(check.ok()) << Describe(check);
  EXPECT_EQ(check.answers["COMMENT"], "one\ntwo\nthree\n");
  // The length is counted after normalising: CR LF is one character.
  EXPECT_TRUE(Validate({{"IDEA", "abcd\r\nefgh"}}).ok());  // 9 characters once normalised
  EXPECT_EQ(Validate({{"IDEA", "abcd\r\nefgh"}}).answers["IDEA"], "abcd\nefgh");
  ExpectOnly(Validate({{"IDEA", "abcd\r\nefghij"}}), "/answers/IDEA", "too_long");
}

TEST(AnswerValidationTest, ReportsEveryProblemAtOnce) {
  const json answers = {{"ATT-01", 7},       {"ATT-03", "dk"}, {"NOPE", 1},
                        {"COMMENT", 5},      {"YEARS", 99},    {"LANGS", {"welsh", "welsh", "x"}},
                        {"TEAM", "outreach"}};
  const AnswerCheck check = Validate(answers, ValidationMode::kSubmit);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& p : check.problems) got.emplace_back(p.pointer, p.code);
  std::sort(got.begin(), got.end());
  const std::vector<std::pair<std::string, std::string>> want = {
      {"/answers/ATT-01", "out_of_range"},     {"/answers/ATT-02", "required"},
      {"/answers/ATT-03", "code_not_offered"}, {"/answers/COMMENT", "wrong_type"},
      {"/answers/IDEA", "required"},           {"/answers/LANGS/1", "wrong_type"},
      {"/answers/LANGS/2", "out_of_range"},    {"/answers/NOPE", "unknown_item"},
      {"/answers/YEARS", "out_of_range"},
  };
  EXPECT_EQ(got, want) << Describe(check);
  EXPECT_EQ(check.answers, (json{{"TEAM", "outreach"}}));
}

TEST(AnswerValidationTest, MalformedBodies) {
  static const instruments::Instrument instrument = testing::MakeTestInstrument();
  auto check = [](const json& body) {
    return ValidateAnswers(instrument, kTeams, body, ValidationMode::kSubmit);
  };
  ExpectOnly(check(json::array()), "", "malformed");
  ExpectOnly(check("answers"), "", "malformed");
  ExpectOnly(check(json::object()), "/answers", "malformed");
  ExpectOnly(check({{"answers", json::array()}}), "/answers", "malformed");
  ExpectOnly(check({{"answers", nullptr}}), "/answers", "malformed");

  json extra = {{"answers", CompleteAnswers()}, {"email", "someone@example.org"}};
  const AnswerCheck with_extra = check(extra);
  ExpectOnly(with_extra, "/email", "malformed");
  EXPECT_EQ(with_extra.problems[0].message.find("someone"), std::string::npos);
  EXPECT_TRUE(check(extra).answers.is_object());
}

TEST(AnswerValidationTest, MessagesNeverEchoAnswersOrTokens) {
  const std::string token = NewToken();
  const json answers = {{"ATT-01", token}, {"TEAM", token}, {"LANGS", {token}},
                        {"YEARS", token},  {"IDEA", token}, {token, 1}};
  const AnswerCheck check = Validate(answers, ValidationMode::kSubmit);
  ASSERT_FALSE(check.ok());
  for (const auto& p : check.problems) {
    EXPECT_EQ(p.message.find(token), std::string::npos) << p.message;
    EXPECT_EQ(p.pointer.find(token), std::string::npos) << p.pointer;
  }
  EXPECT_EQ(check.problems.size(), 8u) << Describe(check);  // 6 above + ATT-02, ATT-03 required

  static const instruments::Instrument instrument = testing::MakeTestInstrument();
  const AnswerCheck extra = ValidateAnswers(
      instrument, kTeams, {{"answers", json::object()}, {token, 1}}, ValidationMode::kDraft);
  ExpectOnly(extra, "/[token]", "malformed");
}

TEST(AnswerValidationTest, WorksWithALoadedInstrument) {
  instruments::Diagnostics diagnostics;
  auto loaded = instruments::LoadInstrumentFile(
      TESSERA_SOURCE_DIR "/instruments/catalogue/staff-attitudes/1.1.0.json", &diagnostics);
  ASSERT_NE(loaded, nullptr);
  const instruments::Instrument& instrument = loaded->instrument;

  json answers = json::object();
  for (const instruments::Item* item : instrument.Items()) {
    if (item->required) answers[item->id] = 3;
  }
  ASSERT_FALSE(answers.empty());
  AnswerCheck check =
      ValidateAnswers(instrument, {"outreach"}, {{"answers", answers}}, ValidationMode::kSubmit);
  EXPECT_TRUE(check.ok()) << Describe(check);

  const json none = json::object();
  check = ValidateAnswers(instrument, {}, {{"answers", none}}, ValidationMode::kSubmit);
  EXPECT_EQ(check.problems.size(), answers.size()) << Describe(check);
}

}  // namespace
}  // namespace tessera::survey
