// A codes export of a closed campaign imports back with the real importer (engine/
// response_import.h) into an open campaign of the same instrument version, and the stored
// answers come back the same. The campaign is one where nothing is withheld (every respondent
// stated a team and role, each cell at least k): the importer does not accept "withheld".
// Free text never travels in the responses export (it has an export of its own), so the
// answers compared leave the text items out.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "engine/export/csv_writer.h"
#include "engine/response_import.h"
#include "export_test_support.h"

namespace tessera::engine {
namespace {

using nlohmann::json;
using testing::People;
using testing::Person;

constexpr char kStaff[] = "staff-attitudes@1.1.0";

// Each stored response's answers (its free text left out) and groups.
std::multiset<std::string> StoredAnswers(Store& store, int64_t campaign_id) {
  std::multiset<std::string> answers;
  const auto& instrument = testing::ShippedInstrument(kStaff);
  EXPECT_TRUE(store
                  .ForEachResponse(campaign_id,
                                   [&](const StoredResponse& response) {
                                     json stored = response.answers;
                                     for (const auto* item : instrument.Items()) {
                                       if (item->type == instruments::ItemType::kText) {
                                         stored.erase(item->id);
                                       }
                                     }
                                     answers.insert(stored.dump() + " " + response.groups.dump());
                                     return true;
                                   })
                  .ok());
  return answers;
}

// The answers as the importer stores them: free text is checked as the API checks it, so a
// CR LF line break (which a campaign collected before CR LF was normalised may hold) comes
// back as LF. In the dumped JSON a CR LF is the four characters \r\n.
std::multiset<std::string> WithLfLineBreaks(const std::multiset<std::string>& answers) {
  std::multiset<std::string> normalised;
  for (std::string text : answers) {
    for (size_t at = text.find("\\r\\n"); at != std::string::npos; at = text.find("\\r\\n", at)) {
      text.replace(at, 4, "\\n");
    }
    normalised.insert(text);
  }
  return normalised;
}

std::vector<Person> Everyone() {
  std::vector<Person> people = People(8, "youth", "frontline", 1);
  for (const Person& p : People(7, "care", "frontline", -1)) people.push_back(p);
  for (const Person& p : People(6, "youth", "supervisor_manager", 2)) people.push_back(p);
  for (const Person& p : People(5, "care", "supervisor_manager", -2)) people.push_back(p);
  return people;
}

// Comments with commas, quotes, line breaks and UTF-8 (none starting like a formula, which
// would come back with the apostrophe the export adds).
std::vector<std::string> Comments() {
  return {"Short.",
          "With, a comma",
          "A \"quoted\" word",
          "Two\nlines",
          "Zoë – ünïcödé 🙂",
          "Windows\r\nline end",
          "Trailing space ",
          "NAH"};
}

TEST(RoundTripTest, CodesExportImportsIntoAnotherDatabaseUnchanged) {
  testing::ExportFixture source;
  const int64_t id = source.NewCampaign(kStaff);
  source.Add(id, Everyone(), 5, Comments());
  source.Close(id);
  auto text = source.Export(id, ExportKind::kResponses);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(text->find("withheld"), std::string::npos);

  // Another database built the same way: the open campaign has the same number, so the file
  // imports as it is (its campaign column included).
  testing::ResultsFixture target;
  const int64_t other = target.NewCampaign(kStaff);
  ASSERT_EQ(other, id);
  const auto campaign = target.store->GetCampaign(other);
  std::istringstream csv(*text);
  auto report = ImportResponsesCsv(*target.store, *campaign, testing::ShippedInstrument(kStaff),
                                   csv, "2026-01-01");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  for (const auto& problem : report->problems) ADD_FAILURE() << problem.ToString();
  EXPECT_EQ(report->imported, 26u);
  EXPECT_EQ(StoredAnswers(*target.store, other),
            WithLfLineBreaks(StoredAnswers(*source.store, id)));
}

TEST(RoundTripTest, IntoAnotherCampaignOfTheSameStoreOnceTheCampaignColumnIsRemoved) {
  testing::ExportFixture fixture;
  const int64_t id = fixture.NewCampaign(kStaff);
  fixture.Add(id, Everyone(), 9, Comments());
  fixture.Close(id);
  const int64_t other = fixture.NewCampaign(kStaff, "Second wave");
  auto text = fixture.Export(id, ExportKind::kResponses);
  ASSERT_TRUE(text.ok());
  const auto campaign = *fixture.store->GetCampaign(other);
  const auto& instrument = testing::ShippedInstrument(kStaff);
  {
    // As exported, the importer refuses rows that name another campaign.
    std::istringstream csv(*text);
    auto report = ImportResponsesCsv(*fixture.store, campaign, instrument, csv, "2026-01-01");
    ASSERT_TRUE(report.ok());
    ASSERT_FALSE(report->problems.empty());
    EXPECT_EQ(report->problems[0].column, "campaign");
  }
  // Without the campaign column (as docs/exports.md says), it imports.
  testing::Table table = testing::ParseCsv(*text);
  std::string edited;
  for (const auto& row : table) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c == 1) continue;  // campaign
      std::string field;
      CsvWriter::AppendField(field, row[c]);
      edited += (edited.empty() || edited.back() == '\n' ? "" : ",") + field;
    }
    edited += "\r\n";
  }
  std::istringstream csv(edited);
  auto report = ImportResponsesCsv(*fixture.store, campaign, instrument, csv, "2026-01-01");
  ASSERT_TRUE(report.ok());
  for (const auto& problem : report->problems) ADD_FAILURE() << problem.ToString();
  EXPECT_EQ(StoredAnswers(*fixture.store, other),
            WithLfLineBreaks(StoredAnswers(*fixture.store, id)));
}

TEST(RoundTripTest, LabelsExportDoesNotPretendToImport) {
  testing::ExportFixture fixture;
  const int64_t id = fixture.NewCampaign(kStaff);
  fixture.Add(id, Everyone(), 3);
  fixture.Close(id);
  const int64_t other = fixture.NewCampaign(kStaff, "Second wave");
  ExportOptions options;
  options.labels = true;
  auto text = fixture.Export(id, ExportKind::kResponses, options);
  ASSERT_TRUE(text.ok());
  std::istringstream csv(*text);
  auto report = ImportResponsesCsv(*fixture.store, *fixture.store->GetCampaign(other),
                                   testing::ShippedInstrument(kStaff), csv, "2026-01-01");
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->problems.empty());
  EXPECT_EQ(*fixture.store->CountResponses(other), 0);
}

}  // namespace
}  // namespace tessera::engine
