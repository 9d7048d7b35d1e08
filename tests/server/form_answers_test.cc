#include "server/pages/form_answers.h"

#include <gtest/gtest.h>

#include "page_test_survey.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;
using testing::TestSurvey;

TEST(FormAnswersTest, ScaleValuesBecomeIntegersAndCodesStayStrings) {
  const json doc = TestSurvey();
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("ATT-01=3"))["ATT-01"], json(3));
  EXPECT_TRUE(FormToAnswers(doc, 1, ParseForm("ATT-01=3"))["ATT-01"].is_number_integer());
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("ATT-01=dk"))["ATT-01"], json("dk"));
  // Not an option of the scale: passed on as submitted so validation can say what is wrong.
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("ATT-01=9"))["ATT-01"], json(9));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("ATT-01=maybe"))["ATT-01"], json("maybe"));
}

TEST(FormAnswersTest, SingleChoiceIsTheValueCode) {
  const json answers = FormToAnswers(TestSurvey(), 0, ParseForm("team=south&page=0"));
  EXPECT_EQ(answers["team"], json("south"));
  EXPECT_EQ(FormToAnswers(TestSurvey(), 0, ParseForm("team=pnts"))["team"], json("pnts"));
}

TEST(FormAnswersTest, CheckboxesSharingANameBecomeAnArray) {
  const json doc = TestSurvey();
  EXPECT_EQ(FormToAnswers(doc, 0, ParseForm("services=housing&services=youth"))["services"],
            json({"housing", "youth"}));
  EXPECT_EQ(FormToAnswers(doc, 0, ParseForm("services=health"))["services"], json({"health"}));
  // Duplicates collapse; validation would reject a repeated option.
  EXPECT_EQ(FormToAnswers(doc, 0, ParseForm("services=health&services=health"))["services"],
            json({"health"}));
}

TEST(FormAnswersTest, TextKeepsTheTextWithUnixNewlines) {
  const json answers = FormToAnswers(TestSurvey(), 1, ParseForm("FREE-01=One%0D%0ATwo+%3Cb%3E"));
  EXPECT_EQ(answers["FREE-01"], json("One\nTwo <b>"));
}

TEST(FormAnswersTest, NumbersParseAndInvalidNumbersStayRawStrings) {
  const json doc = TestSurvey();
  const json whole = FormToAnswers(doc, 1, ParseForm("HOURS=37"))["HOURS"];
  EXPECT_TRUE(whole.is_number_integer());
  EXPECT_EQ(whole, json(37));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=37.5"))["HOURS"], json(37.5));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=+%2037.5+"))["HOURS"], json(37.5));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=-2"))["HOURS"], json(-2));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=abc"))["HOURS"], json("abc"));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=37%2C5"))["HOURS"], json("37,5"));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=1e999"))["HOURS"], json("1e999"));
  EXPECT_EQ(FormToAnswers(doc, 1, ParseForm("HOURS=inf"))["HOURS"], json("inf"));
}

TEST(FormAnswersTest, BlankItemsOfThePageBecomeNullToClearAnswers) {
  const json doc = TestSurvey();
  const json page_two = FormToAnswers(doc, 1, ParseForm("ATT-01=&FREE-01=+++&HOURS=&page=1"));
  EXPECT_EQ(page_two, json({{"ATT-01", nullptr}, {"FREE-01", nullptr}, {"HOURS", nullptr}}));
  // Unchecked radio buttons and checkboxes send nothing at all.
  const json page_one = FormToAnswers(doc, 0, ParseForm("page=0&action=next"));
  EXPECT_EQ(page_one, json({{"team", nullptr}, {"services", nullptr}}));
}

TEST(FormAnswersTest, OnlyItemsOfTheGivenPageAreTaken) {
  const json doc = TestSurvey();
  const json answers = FormToAnswers(doc, 0, ParseForm("team=north&ATT-01=4&action=save&x=1"));
  EXPECT_EQ(answers, json({{"team", "north"}, {"services", nullptr}}));
  EXPECT_EQ(FormToAnswers(doc, 2, ParseForm("ATT-01=4")), json::object());
  EXPECT_EQ(FormToAnswers(json::object(), 0, ParseForm("ATT-01=4")), json::object());
}

// Issue 12, part 7: a single-valued question sent twice in one form post.
TEST(FormAnswersTest, SingleValuedItemsSentTwiceAreDuplicateKeyProblems) {
  const json doc = TestSurvey();
  const auto repeated =
      RepeatedFields(doc, 1, ParseForm("ATT-01=2&ATT-01=5&FREE-01=a&FREE-01=b&HOURS=3&page=1"));
  ASSERT_EQ(repeated.size(), 2u);
  EXPECT_EQ(repeated[0].pointer, "/answers/ATT-01");
  EXPECT_EQ(repeated[0].code, "duplicate_key");
  EXPECT_FALSE(repeated[0].message.empty());
  EXPECT_EQ(repeated[1].pointer, "/answers/FREE-01");
  // A blank second value is still a second value.
  EXPECT_EQ(RepeatedFields(doc, 1, ParseForm("HOURS=3&HOURS=")).size(), 1u);
  EXPECT_EQ(RepeatedFields(doc, 0, ParseForm("team=north&team=south")).size(), 1u);
}

TEST(FormAnswersTest, CheckboxesAndOtherPagesAreNotRepeats) {
  const json doc = TestSurvey();
  EXPECT_TRUE(
      RepeatedFields(doc, 0, ParseForm("services=housing&services=youth&team=north")).empty());
  EXPECT_TRUE(RepeatedFields(doc, 0, ParseForm("ATT-01=1&ATT-01=2&action=next&action=save"))
                  .empty());  // not items of page 0
  EXPECT_TRUE(RepeatedFields(doc, 1, ParseForm("ATT-01=2&FREE-01=x&HOURS=1")).empty());
  EXPECT_TRUE(RepeatedFields(doc, 9, ParseForm("ATT-01=2&ATT-01=3")).empty());
}

}  // namespace
}  // namespace tessera::server::pages
