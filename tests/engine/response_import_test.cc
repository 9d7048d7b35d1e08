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

}  // namespace
}  // namespace tessera::engine
