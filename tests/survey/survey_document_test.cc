#include "survey/survey_document.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "instruments/instrument_loader.h"
#include "test_instrument.h"

namespace tessera::survey {
namespace {

using nlohmann::json;

SurveyContext MakeContext() {
  SurveyContext context;
  context.campaign_id = 7;
  context.campaign_title = "Spring 2026 staff survey";
  context.closes_on = "2026-12-31";
  context.anonymity_threshold = 6;
  context.teams = {{"outreach", "Outreach"}, {"housing-support", "Housing support"}};
  return context;
}

// Collects every object key anywhere in `doc`.
void CollectKeys(const json& doc, std::set<std::string>* keys) {
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items()) {
      keys->insert(key);
      CollectKeys(value, keys);
    }
  } else if (doc.is_array()) {
    for (const auto& element : doc) CollectKeys(element, keys);
  }
}

const json* FindById(const json& list, const std::string& id) {
  for (const auto& entry : list) {
    if (entry.at("id") == id) return &entry;
  }
  return nullptr;
}

const json* FindItem(const json& doc, const std::string& id) {
  for (const auto& section : doc.at("sections")) {
    if (const json* item = FindById(section.at("items"), id)) return item;
  }
  return nullptr;
}

void ExpectNoScoringInformation(const json& doc) {
  std::set<std::string> keys;
  CollectKeys(doc, &keys);
  for (const char* forbidden : {"dimension", "dimensions", "reverse", "bands", "scoring",
                                "next_steps", "source", "sources", "range"}) {
    EXPECT_EQ(keys.count(forbidden), 0u) << forbidden;
  }
}

TEST(SurveyDocumentTest, TopLevelShape) {
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), MakeContext());
  std::set<std::string> top;
  for (const auto& [key, value] : doc.items()) top.insert(key);
  EXPECT_EQ(top, (std::set<std::string>{"campaign", "instrument", "anonymity", "scales", "sections",
                                        "progress", "answers"}));
  EXPECT_EQ(doc["campaign"],
            (json{{"id", 7}, {"title", "Spring 2026 staff survey"}, {"closes_on", "2026-12-31"}}));
  EXPECT_EQ(doc["instrument"], (json{{"id", "test-survey"},
                                     {"version", "1.2.3"},
                                     {"title", "Test survey"},
                                     {"language", "en-GB"}}));
  EXPECT_EQ(doc["anonymity"]["threshold"], 6);
  EXPECT_EQ(doc["anonymity"]["statement"], AnonymityStatement(6));
  EXPECT_EQ(doc["answers"], json::object());
  ASSERT_EQ(doc["sections"].size(), 2u);
  EXPECT_EQ(doc["sections"][0]["id"], "about");
  EXPECT_EQ(doc["sections"][0]["title"], "About you");
  EXPECT_EQ(doc["sections"][0]["intro"], "A little about you.");
}

TEST(SurveyDocumentTest, OpenEndedCampaignHasNullClosingDate) {
  SurveyContext context = MakeContext();
  context.closes_on.clear();
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), context);
  EXPECT_TRUE(doc["campaign"]["closes_on"].is_null());
}

TEST(SurveyDocumentTest, CarriesNoScoringModel) {
  ExpectNoScoringInformation(BuildSurveyDocument(testing::MakeTestInstrument(), MakeContext()));
}

TEST(SurveyDocumentTest, ShippedInstrumentCarriesNoScoringModel) {
  instruments::Diagnostics diagnostics;
  auto loaded = instruments::LoadInstrumentFile(
      TESSERA_SOURCE_DIR "/instruments/catalogue/staff-attitudes/1.1.0.json", &diagnostics);
  ASSERT_NE(loaded, nullptr);
  const json doc = BuildSurveyDocument(loaded->instrument, MakeContext());
  ExpectNoScoringInformation(doc);
  EXPECT_EQ(doc["progress"]["total"], loaded->instrument.Items().size());
  const json* teams = FindById(doc["scales"], "teams");
  ASSERT_NE(teams, nullptr);
  EXPECT_EQ((*teams)["values"][0]["value"], "outreach");
  // Nothing in the document names a dimension id either.
  const std::string text = doc.dump();
  for (const auto& dimension : loaded->instrument.dimensions) {
    EXPECT_EQ(text.find("\"" + dimension.id + "\""), std::string::npos) << dimension.id;
  }
}

TEST(SurveyDocumentTest, OrdinalScaleValuesAreScoredAndCodesAreNot) {
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), MakeContext());
  const json* agree = FindById(doc["scales"], "agree5");
  ASSERT_NE(agree, nullptr);
  EXPECT_EQ((*agree)["kind"], "ordinal");
  const json& values = (*agree)["values"];
  ASSERT_EQ(values.size(), 7u);
  EXPECT_EQ(values[0], (json{{"value", 1}, {"label", "Strongly disagree"}, {"scored", true}}));
  EXPECT_EQ(values[4]["value"], 5);
  EXPECT_EQ(values[4]["scored"], true);
  EXPECT_EQ(values[5], (json{{"value", "dk"}, {"label", "Don't know"}, {"scored", false}}));
  EXPECT_EQ(values[6]["value"], "na");
  EXPECT_EQ(values[6]["scored"], false);
}

TEST(SurveyDocumentTest, NominalValuesAreNotScored) {
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), MakeContext());
  const json* languages = FindById(doc["scales"], "languages");
  ASSERT_NE(languages, nullptr);
  EXPECT_EQ((*languages)["kind"], "nominal");
  ASSERT_EQ((*languages)["values"].size(), 4u);
  EXPECT_EQ((*languages)["values"][1],
            (json{{"value", "welsh"}, {"label", "Welsh"}, {"scored", false}}));
  for (const auto& value : (*languages)["values"]) EXPECT_EQ(value["scored"], false);
}

TEST(SurveyDocumentTest, TeamsScaleListsTheCampaignTeams) {
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), MakeContext());
  const json* teams = FindById(doc["scales"], "teams");
  ASSERT_NE(teams, nullptr);
  EXPECT_EQ((*teams)["values"],
            (json{{{"value", "outreach"}, {"label", "Outreach"}, {"scored", false}},
                  {{"value", "housing-support"}, {"label", "Housing support"}, {"scored", false}},
                  {{"value", "pnts"}, {"label", "Prefer not to say"}, {"scored", false}}}));
  EXPECT_FALSE(teams->contains("values_from"));
}

TEST(SurveyDocumentTest, ItemsCarryTheirOfferedCodesAndLimits) {
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), MakeContext());
  const json* att1 = FindItem(doc, "ATT-01");
  ASSERT_NE(att1, nullptr);
  EXPECT_EQ(*att1, (json{{"id", "ATT-01"},
                         {"type", "scale"},
                         {"scale", "agree5"},
                         {"text", "We welcome people of every background."},
                         {"help", "Think of the last year."},
                         {"required", true},
                         {"codes", {"dk", "na"}}}));
  EXPECT_EQ((*FindItem(doc, "ATT-03"))["codes"], json({"na"}));
  const json* team = FindItem(doc, "TEAM");
  EXPECT_EQ((*team)["grouping"], "team");
  EXPECT_EQ((*team)["type"], "single_choice");
  EXPECT_EQ((*team)["codes"], json({"pnts"}));
  const json* idea = FindItem(doc, "IDEA");
  EXPECT_EQ((*idea)["max_length"], 10);
  EXPECT_FALSE(idea->contains("scale"));
  EXPECT_EQ((*idea)["codes"], json::array());
  EXPECT_EQ((*FindItem(doc, "COMMENT"))["max_length"], 2000);
  const json* years = FindItem(doc, "YEARS");
  EXPECT_EQ((*years)["min"], 0);
  EXPECT_EQ((*years)["max"], 50);
  EXPECT_FALSE(FindItem(doc, "ATT-01")->contains("max_length"));
}

TEST(SurveyDocumentTest, ProgressCountsTheDraft) {
  SurveyContext context = MakeContext();
  context.draft_answers = {{"ATT-01", 4},     {"ATT-02", nullptr},      {"TEAM", "outreach"},
                           {"COMMENT", ""},   {"LANGS", json::array()}, {"GONE-01", 3},
                           {"IDEA", "Listen"}};
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), context);
  EXPECT_EQ(doc["progress"],
            (json{{"answered", 3}, {"total", 8}, {"required", 4}, {"required_answered", 2}}));
  EXPECT_EQ(doc["answers"], context.draft_answers);
}

TEST(SurveyDocumentTest, EmptyDraftMeansNoProgress) {
  SurveyContext context = MakeContext();
  context.draft_answers = nullptr;
  const json doc = BuildSurveyDocument(testing::MakeTestInstrument(), context);
  EXPECT_EQ(doc["progress"]["answered"], 0);
  EXPECT_EQ(doc["progress"]["required_answered"], 0);
  EXPECT_EQ(doc["answers"], json::object());
}

TEST(SurveyDocumentTest, AnonymityStatementNamesTheThreshold) {
  for (int k : {3, 5, 10}) {
    const std::string statement = AnonymityStatement(k);
    EXPECT_NE(statement.find("at least " + std::to_string(k) + " people"), std::string::npos)
        << statement;
    EXPECT_NE(statement.find("anonymous"), std::string::npos);
  }
  EXPECT_NE(AnonymityStatement(5), AnonymityStatement(7));
}

}  // namespace
}  // namespace tessera::survey
