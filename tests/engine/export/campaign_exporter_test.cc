// Each export of a closed campaign built in the test: release checks, columns, figures that
// agree with CampaignResults (the dashboard's source), options, streaming in bounded chunks,
// early stop and progress.
#include "engine/export/campaign_exporter.h"

#include <gtest/gtest.h>

#include <set>

#include "export_test_support.h"

namespace tessera::engine {
namespace {

using nlohmann::json;
using testing::Collected;
using testing::ColumnOf;
using testing::People;
using testing::Person;
using testing::Table;

constexpr char kStaff[] = "staff-attitudes@1.1.0";
constexpr ExportKind kAllKinds[] = {ExportKind::kResponses, ExportKind::kScores,
                                    ExportKind::kSummaries, ExportKind::kCodebook};

class CampaignExporterTest : public ::testing::Test {
 protected:
  // 12 youth, 10 care, 9 advice and 3 admin, all frontline: closed, k = 5. Admin is under k and
  // advice (the smallest other team) is withheld as its complement.
  int64_t Closed() {
    const int64_t id = fixture_.NewCampaign(kStaff);
    std::vector<Person> people = People(12, "youth", "frontline", 1);
    for (const Person& p : People(10, "care", "frontline", -1)) people.push_back(p);
    for (const Person& p : People(9, "advice", "frontline")) people.push_back(p);
    for (const Person& p : People(3, "admin", "frontline")) people.push_back(p);
    fixture_.Add(id, people, 7);
    fixture_.Close(id);
    return id;
  }

  testing::ExportFixture fixture_;
};

TEST(ExportKindTest, NamesParseBack) {
  for (ExportKind kind : kAllKinds) EXPECT_EQ(ParseExportKind(ExportKindName(kind)), kind);
  EXPECT_FALSE(ParseExportKind("Responses"));
  EXPECT_FALSE(ParseExportKind(""));
}

TEST_F(CampaignExporterTest, NothingLeavesAnOpenCampaign) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(30, "youth", "frontline"), 1);
  for (ExportKind kind : kAllKinds) {
    EXPECT_EQ(fixture_.exporter.Check(id, kind).code(), StatusCode::kFailedPrecondition);
    Collected collected;
    const Status status = fixture_.exporter.Write(id, kind, {}, collected.Sink());
    EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
    EXPECT_FALSE(status.message().empty());
    EXPECT_EQ(collected.chunks, 0u);
  }
}

TEST_F(CampaignExporterTest, NothingLeavesAClosedCampaignBelowK) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(4, "youth", "frontline"), 1);
  fixture_.Close(id);
  for (ExportKind kind : kAllKinds) {
    EXPECT_EQ(fixture_.exporter.Check(id, kind).code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(fixture_.Export(id, kind).status().code(), StatusCode::kFailedPrecondition);
  }
}

TEST_F(CampaignExporterTest, UnknownCampaignIsNotFound) {
  EXPECT_EQ(fixture_.exporter.Check(999, ExportKind::kScores).code(), StatusCode::kNotFound);
  EXPECT_EQ(fixture_.Export(999, ExportKind::kResponses).status().code(), StatusCode::kNotFound);
}

TEST_F(CampaignExporterTest, FileNameNamesCampaignAndKind) {
  Campaign campaign;
  campaign.id = 3;
  EXPECT_EQ(CampaignExporter::FileName(campaign, ExportKind::kResponses),
            "tessera-campaign-3-responses.csv");
  EXPECT_EQ(CampaignExporter::FileName(campaign, ExportKind::kCodebook),
            "tessera-campaign-3-codebook.csv");
}

TEST_F(CampaignExporterTest, ResponsesHoldEveryStoredResponseAsImportReadsIt) {
  const int64_t id = Closed();
  auto text = fixture_.Export(id, ExportKind::kResponses);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(text->substr(0, 33), "response_id,campaign,instrument,t");
  EXPECT_EQ(text->substr(text->size() - 2), "\r\n");
  EXPECT_EQ(text->find("\n", 0), text->find("\r\n", 0) + 1);
  const Table table = testing::ParseCsv(*text);
  ASSERT_EQ(table.size(), 35u);
  EXPECT_EQ(ColumnOf(table, "submitted_on"), -1);
  EXPECT_EQ(ColumnOf(table, "FREE-01"), -1);  // nobody wrote a comment
  const int div = ColumnOf(table, "DIV-01");
  const int team = ColumnOf(table, "team");
  ASSERT_GE(div, 0);
  ASSERT_GE(team, 0);
  std::map<std::string, json> stored;
  ASSERT_TRUE(fixture_.store
                  ->ForEachResponse(id,
                                    [&](const StoredResponse& response) {
                                      stored[std::to_string(response.id)] = response.answers;
                                      return true;
                                    })
                  .ok());
  for (size_t r = 1; r < table.size(); ++r) {
    ASSERT_EQ(table[r].size(), table[0].size());
    ASSERT_EQ(stored.count(table[r][0]), 1u) << table[r][0];
    const json& answers = stored[table[r][0]];
    EXPECT_EQ(table[r][1], std::to_string(id));
    EXPECT_EQ(table[r][2], kStaff);
    for (size_t c = 3; c < table[0].size(); ++c) {
      const std::string& item = table[0][c];
      if (item == "team" || item == "role") continue;
      if (!answers.contains(item)) {
        EXPECT_EQ(table[r][c], "") << item;
      } else {
        EXPECT_EQ(table[r][c], std::to_string(answers[item].get<int>())) << item;
      }
    }
  }
  // Rows follow storage order (random ids), never submission order.
  std::vector<std::string> ids;
  for (size_t r = 1; r < table.size(); ++r) ids.push_back(table[r][0]);
  std::vector<std::string> in_store;
  for (const auto& [key, answers] : stored) in_store.push_back(key);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            std::set<std::string>(in_store.begin(), in_store.end()));
}

TEST_F(CampaignExporterTest, LabelsAndBomOptions) {
  const int64_t id = Closed();
  ExportOptions options;
  options.labels = true;
  options.bom = true;
  auto text = fixture_.Export(id, ExportKind::kResponses, options);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->substr(0, 3), "\xEF\xBB\xBF");
  const Table table = testing::ParseCsv(*text);  // the reader skips the BOM
  ASSERT_EQ(table[0][0], "response_id");
  const int div = ColumnOf(table, "DIV-01");
  const int role = ColumnOf(table, "role");
  const std::set<std::string> labels = {
      "",      "Strongly disagree", "Disagree",  "Neither agree nor disagree",
      "Agree", "Strongly agree",    "Don't know"};
  for (size_t r = 1; r < table.size(); ++r) {
    EXPECT_EQ(labels.count(table[r][static_cast<size_t>(div)]), 1u) << table[r][div];
    EXPECT_EQ(table[r][static_cast<size_t>(role)], "Frontline staff");
  }
  std::set<std::string> teams;
  for (size_t r = 1; r < table.size(); ++r) teams.insert(table[r][ColumnOf(table, "team")]);
  EXPECT_TRUE(teams.count("Team youth") == 1 || teams.count("Team care") == 1);
  EXPECT_EQ(teams.count("admin"), 0u);
  EXPECT_EQ(teams.count("Team admin"), 0u);
}

TEST_F(CampaignExporterTest, ScoresAgreeWithTheResultsAndWithholdWithoutFigures) {
  const int64_t id = Closed();
  const Table table = fixture_.ExportTable(id, ExportKind::kScores);
  const std::vector<std::string> header = {
      "campaign", "instrument", "grouping", "group", "group_label", "kind",
      "id",       "n",          "excluded", "mean",  "sd",          "se",
      "ci_lower", "ci_upper",   "index",    "level", "suppressed",  "reason"};
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table[0], header);
  const json whole = *fixture_.results.Scores(id);
  const json by_team = *fixture_.results.Scores(id, "team");
  size_t checked = 0;
  size_t withheld = 0;
  for (size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    ASSERT_EQ(row.size(), header.size());
    EXPECT_TRUE(row[16] == "true" || row[16] == "false");
    if (row[16] == "true") {
      ++withheld;
      for (size_t c = 7; c <= 15; ++c) EXPECT_EQ(row[c], "") << "row " << r << " col " << c;
      EXPECT_FALSE(row[17].empty());
      continue;
    }
    const json* source = nullptr;
    if (row[2].empty()) {
      EXPECT_EQ(row[3], "all");
      for (const json& d : whole["dimensions"]) {
        if (d["dimension"] == row[6]) source = &d;
      }
    } else if (row[2] == "team") {
      for (const json& cell : by_team["breakdown"]["cells"]) {
        if (cell["value"] != row[3]) continue;
        ASSERT_TRUE(cell["shown"].get<bool>());
        for (const json& d : cell["dimensions"]) {
          if (d["dimension"] == row[6]) source = &d;
        }
      }
    } else {
      continue;
    }
    ASSERT_NE(source, nullptr) << row[2] << "/" << row[3] << "/" << row[6];
    EXPECT_EQ(std::stoll(row[7]), (*source)["n"].get<int64_t>());
    EXPECT_EQ(std::stod(row[9]), (*source)["mean"].get<double>());  // exact: shortest round trip
    EXPECT_EQ(std::stod(row[12]), (*source)["ci"]["lower"].get<double>());
    EXPECT_EQ(std::stod(row[14]), (*source)["index"].get<double>());
    EXPECT_EQ(row[15], (*source)["band"]["name"].get<std::string>());
    ++checked;
  }
  // 9 dimensions for the whole campaign and for each of the two shown teams.
  EXPECT_EQ(checked, 27u);
  EXPECT_GT(withheld, 0u);  // admin (3) and the complementary cell, and empty cells
  for (size_t r = 1; r < table.size(); ++r) {
    if (table[r][2] == "team" && table[r][3] == "admin") {
      EXPECT_EQ(table[r][16], "true");
    }
  }
}

TEST_F(CampaignExporterTest, SummariesAgreeWithTheResults) {
  const int64_t id = Closed();
  const Table table = fixture_.ExportTable(id, ExportKind::kSummaries);
  ASSERT_FALSE(table.empty());
  for (const char* column : {"item_id", "count_1", "count_5", "count_dk", "favourable",
                             "unfavourable_share", "suppressed", "reason"}) {
    EXPECT_GE(ColumnOf(table, column), 0) << column;
  }
  const json whole = *fixture_.results.Scores(id);
  const json& item = whole["dimensions"][0]["items"][0];
  bool found = false;
  for (size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    ASSERT_EQ(row.size(), table[0].size());
    if (row[2].empty() && row[ColumnOf(table, "item_id")] == item["item"]) {
      found = true;
      EXPECT_EQ(std::stoll(row[ColumnOf(table, "n")]), item["n"].get<int64_t>());
      for (const json& value : item["values"]) {
        const int column = ColumnOf(table, "count_" + std::to_string(value["value"].get<int>()));
        EXPECT_EQ(std::stoll(row[column]), value["count"].get<int64_t>());
      }
      EXPECT_EQ(std::stoll(row[ColumnOf(table, "favourable")]),
                item["favourability"]["favourable"].get<int64_t>());
      EXPECT_EQ(std::stod(row[ColumnOf(table, "favourable_share")]),
                item["favourability"]["favourable_share"].get<double>());
    }
    if (row[2] == "team" && row[3] == "admin") {
      EXPECT_EQ(row[ColumnOf(table, "suppressed")], "true");
      EXPECT_EQ(row[ColumnOf(table, "n")], "");
      EXPECT_EQ(row[ColumnOf(table, "count_3")], "");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(CampaignExporterTest, CodebookDescribesEveryItemAndWhatWasLeftOut) {
  const int64_t id = Closed();
  const Table table = fixture_.ExportTable(id, ExportKind::kCodebook);
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table[0][0], "item_id");
  const auto& instrument = testing::ShippedInstrument(kStaff);
  std::map<std::string, std::vector<std::string>> rows;
  for (size_t r = 1; r < table.size(); ++r) rows[table[r][0]] = table[r];
  for (const auto* item : instrument.Items()) ASSERT_EQ(rows.count(item->id), 1u) << item->id;
  const int type = ColumnOf(table, "type");
  const int values = ColumnOf(table, "values");
  const int reverse = ColumnOf(table, "reverse");
  const int in_export = ColumnOf(table, "responses_export");
  const int note = ColumnOf(table, "note");
  EXPECT_EQ(rows["DIV-01"][type], "scale");
  EXPECT_EQ(rows["team"][type], "single_choice");
  EXPECT_EQ(rows["FREE-01"][type], "text");
  EXPECT_EQ(rows["DIV-01"][values],
            "1=Strongly disagree; 2=Disagree; 3=Neither agree nor disagree; 4=Agree; "
            "5=Strongly agree; dk=Don't know");
  EXPECT_NE(rows["team"][values].find("youth=Team youth"), std::string::npos);
  EXPECT_EQ(rows["submitted_on"][in_export], "omitted");
  EXPECT_NE(rows["submitted_on"][note].find("re-identify"), std::string::npos);
  EXPECT_EQ(rows["team"][in_export], "merged");
  EXPECT_NE(rows["team"][note].find("admin (below_threshold)"), std::string::npos);
  EXPECT_EQ(rows["FREE-01"][in_export], "omitted");
  EXPECT_EQ(rows["tenure"][in_export], "omitted");  // nobody answered it
  bool some_reverse = false;
  for (const auto* item : instrument.Items()) {
    EXPECT_EQ(rows[item->id][reverse], item->reverse ? "true" : "false");
    some_reverse = some_reverse || item->reverse;
  }
  EXPECT_TRUE(some_reverse);
  EXPECT_EQ(rows["DIV-01"][ColumnOf(table, "content_hash")],
            fixture_.store->GetCampaign(id)->instrument_hash);
}

TEST_F(CampaignExporterTest, StreamsInBoundedChunksWhateverTheSize) {
  // Two campaigns, 2,000 and 20,000 responses: no chunk above 128 KiB, and ten times the rows
  // gives many more chunks (the export is never held whole).
  const int64_t small = fixture_.NewCampaign(kStaff);
  const int64_t large = fixture_.NewCampaign(kStaff);
  fixture_.Add(small, People(2000, "youth", "frontline"), 1);
  for (int batch = 0; batch < 10; ++batch) {
    fixture_.Add(large, People(2000, "youth", "frontline"), static_cast<unsigned>(batch));
  }
  fixture_.Close(small);
  fixture_.Close(large);
  Collected a;
  Collected b;
  ASSERT_TRUE(fixture_.exporter.Write(small, ExportKind::kResponses, {}, a.Sink()).ok());
  ASSERT_TRUE(fixture_.exporter.Write(large, ExportKind::kResponses, {}, b.Sink()).ok());
  EXPECT_LE(a.largest, 128u * 1024u);
  EXPECT_LE(b.largest, 128u * 1024u);
  EXPECT_GE(b.chunks, 8 * a.chunks);
  EXPECT_GT(a.chunks, 1u);
  EXPECT_EQ(testing::ParseCsv(b.text).size(), 20001u);
}

TEST_F(CampaignExporterTest, StopsWhenTheClientGoes) {
  const int64_t id = fixture_.NewCampaign(kStaff);
  fixture_.Add(id, People(3000, "youth", "frontline"), 1);
  fixture_.Close(id);
  int calls = 0;
  const Status status =
      fixture_.exporter.Write(id, ExportKind::kResponses, {}, [&calls](std::string_view) {
        ++calls;
        return false;
      });
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(), "stopped");
  EXPECT_EQ(calls, 1);
}

TEST_F(CampaignExporterTest, ReportsProgressUpToTheTotal) {
  const int64_t id = Closed();
  for (ExportKind kind : kAllKinds) {
    int64_t last_done = -1;
    int64_t last_total = -1;
    Collected collected;
    ASSERT_TRUE(fixture_.exporter
                    .Write(id, kind, {}, collected.Sink(),
                           [&](int64_t done, int64_t total) {
                             EXPECT_GE(done, last_done);
                             last_done = done;
                             last_total = total;
                           })
                    .ok());
    EXPECT_GT(last_total, 0) << ExportKindName(kind);
    EXPECT_EQ(last_done, last_total) << ExportKindName(kind);
  }
}

}  // namespace
}  // namespace tessera::engine
