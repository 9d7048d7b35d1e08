// tessera import responses: every row checked against the pinned instrument, all or nothing,
// every problem named by row and column.
#include "engine/response_import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "engine/sqlite_store.h"
#include "instruments/catalogue.h"

namespace tessera::engine {
namespace {

class ResponseImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenSqliteStore({":memory:"}).value());
    const auto dir = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
    instruments::Diagnostics diagnostics;
    catalogue_ = std::make_unique<instruments::Catalogue>(
        instruments::Catalogue::Load(dir, instruments::LockFileFor(dir), &diagnostics));
    loaded_ = catalogue_->Find(*instruments::InstrumentRef::Parse("staff-attitudes@1.1.0"));
    ASSERT_NE(loaded_, nullptr);
    ASSERT_TRUE(store_
                    ->SaveInstrumentVersion(
                        {loaded_->instrument.ref(), loaded_->hash, loaded_->document.dump()})
                    .ok());
    auto organisation = store_->CreateOrganisation("Riverside");
    ASSERT_TRUE(store_->CreateTeam(organisation->id, "youth", "Youth services").ok());
    NewCampaign request;
    request.organisation_id = organisation->id;
    request.instrument = loaded_->instrument.ref();
    request.title = "Paper wave";
    campaign_ = store_->CreateCampaign(request).value();
  }

  Result<ImportReport> Import(const std::string& csv) {
    std::istringstream in(csv);
    return ImportResponsesCsv(*store_, campaign_, loaded_->instrument, in, "2026-11-26");
  }

  int64_t Stored() { return store_->CountResponses(campaign_.id).value(); }

  std::unique_ptr<Store> store_;
  std::unique_ptr<instruments::Catalogue> catalogue_;
  const instruments::LoadedInstrument* loaded_ = nullptr;
  Campaign campaign_;
};

TEST_F(ResponseImportTest, ImportsValidRowsWithGroupsCodesAndMissingCells) {
  auto report = Import(
      "team,DIV-01,DIV-02,FREE-01,submitted_on\n"
      "youth,4,dk,\"Good, mostly\",2026-10-01\n"
      "pnts,NA,2,,2026-10-02\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->problems.empty()) << report->problems.front().ToString();
  EXPECT_EQ(report->imported, 2u);
  std::vector<StoredResponse> stored;
  ASSERT_TRUE(store_
                  ->ForEachResponse(campaign_.id,
                                    [&](const StoredResponse& response) {
                                      stored.push_back(response);
                                      return true;
                                    })
                  .ok());
  ASSERT_EQ(stored.size(), 2u);
  for (const auto& response : stored) {
    if (response.submitted_on == "2026-10-01") {
      EXPECT_EQ(response.answers["DIV-01"], 4);
      EXPECT_EQ(response.answers["DIV-02"], "dk");
      EXPECT_EQ(response.answers["FREE-01"], "Good, mostly");
      EXPECT_EQ(response.groups, (nlohmann::json{{"team", "youth"}}));
    } else {
      EXPECT_FALSE(response.answers.contains("DIV-01"));
      EXPECT_EQ(response.groups, (nlohmann::json{{"team", "pnts"}}));
    }
  }
}

TEST_F(ResponseImportTest, ReportsEveryProblemByRowAndColumnAndStoresNothing) {
  auto report = Import(
      "team,DIV-01,DIV-02\n"
      "youth,4,5\n"
      "elsewhere,9,2\n"
      "youth,three,1\n");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 3u);
  std::set<std::pair<size_t, std::string>> where;
  for (const auto& problem : report->problems) where.insert({problem.row, problem.column});
  EXPECT_EQ(where,
            (std::set<std::pair<size_t, std::string>>{{2, "team"}, {2, "DIV-01"}, {3, "DIV-01"}}));
  EXPECT_EQ(report->problems[2].ToString().rfind("row 3, column DIV-01: ", 0), 0u);
  EXPECT_EQ(Stored(), 0);
}

TEST_F(ResponseImportTest, RejectsUnknownAndRepeatedColumnsAndForeignCampaignRows) {
  auto header = Import("DIV-01,NOT-AN-ITEM,DIV-01\n4,1,4\n");
  ASSERT_TRUE(header.ok());
  ASSERT_EQ(header->problems.size(), 2u);
  EXPECT_EQ(header->problems[0].row, 0u);
  EXPECT_EQ(header->problems[0].column, "NOT-AN-ITEM");
  EXPECT_EQ(header->problems[1].column, "DIV-01");
  auto foreign = Import("campaign,instrument,DIV-01\n99,staff-attitudes@1.0.0,4\n");
  ASSERT_TRUE(foreign.ok());
  ASSERT_EQ(foreign->problems.size(), 2u);
  EXPECT_EQ(foreign->problems[0].column, "campaign");
  EXPECT_EQ(foreign->problems[1].column, "instrument");
  EXPECT_EQ(Stored(), 0);
}

TEST_F(ResponseImportTest, EmptyFilesShortRowsAndBrokenQuotesAreProblems) {
  EXPECT_EQ(Import("")->problems.size(), 1u);
  EXPECT_EQ(Import("DIV-01\n")->problems.size(), 1u);
  auto short_row = Import("DIV-01,DIV-02\n4\n");
  ASSERT_EQ(short_row->problems.size(), 1u);
  EXPECT_NE(short_row->problems[0].message.find("1 cells but the header has 2"), std::string::npos);
  auto broken = Import("DIV-01,FREE-01\n4,\"never closed\n");
  ASSERT_TRUE(broken.ok());
  EXPECT_FALSE(broken->problems.empty());
  EXPECT_EQ(Stored(), 0);
}

// Issue 12, part 7: control characters in imported cells were stored (free text) or echoed
// into the CLI's messages (header names, metadata cells).
TEST_F(ResponseImportTest, ControlCharactersAreProblemsNamingRowAndColumn) {
  auto report = Import(
      "team,DIV-01,FREE-01\n"
      "youth,4,fine\n"
      "youth,4,\"nul " +
      std::string(1, '\0') +  // a std::string: the NUL must not end the text
      " here\"\n"
      "youth,3,esc \x1b[2J\n"
      "youth,2,del \x7f\n"
      "youth,1,nel \xc2\x85\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->problems.size(), 4u);
  const std::vector<std::string> names = {"U+0000", "U+001B", "U+007F", "U+0085"};
  for (size_t i = 0; i < names.size(); ++i) {
    const ImportProblem& problem = report->problems[i];
    EXPECT_EQ(problem.row, i + 2);
    EXPECT_EQ(problem.column, "FREE-01");
    EXPECT_NE(problem.message.find("control character (" + names[i] + ")"), std::string::npos)
        << problem.ToString();
  }
  EXPECT_EQ(Stored(), 0);
}

TEST_F(ResponseImportTest, ControlCharactersInHeaderAndMetadataAreNotEchoed) {
  auto header = Import("DIV-01,\x1b]0;owned\x07\n4,1\n");
  ASSERT_TRUE(header.ok());
  ASSERT_EQ(header->problems.size(), 1u);
  EXPECT_EQ(header->problems[0].ToString(),
            "header, column 2: contains a control character (U+001B), which cannot be stored");
  auto metadata =
      Import("campaign,instrument,submitted_on,DIV-01\n" + std::to_string(campaign_.id) +
             ",staff-attitudes@1.1.0\x1b[8m,2026-10-01\x01,4\n");
  ASSERT_TRUE(metadata.ok());
  ASSERT_EQ(metadata->problems.size(), 2u);
  for (const ImportProblem& problem : metadata->problems) {
    EXPECT_EQ(problem.ToString().find('\x1b'), std::string::npos) << problem.ToString();
    EXPECT_NE(problem.message.find("control character"), std::string::npos);
  }
  EXPECT_EQ(metadata->problems[0].column, "instrument");
  EXPECT_EQ(metadata->problems[1].column, "submitted_on");
  EXPECT_EQ(Stored(), 0);
}

TEST_F(ResponseImportTest, TextKeepsTabsAndLineBreaksWithCrLfStoredAsLf) {
  auto report = Import(
      "DIV-01,FREE-01\r\n"
      "4,\"first line\r\n\tsecond line\"\r\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->problems.empty()) << report->problems.front().ToString();
  std::vector<StoredResponse> stored;
  ASSERT_TRUE(store_
                  ->ForEachResponse(campaign_.id,
                                    [&](const StoredResponse& response) {
                                      stored.push_back(response);
                                      return true;
                                    })
                  .ok());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].answers["FREE-01"], "first line\n\tsecond line");
}

}  // namespace
}  // namespace tessera::engine
