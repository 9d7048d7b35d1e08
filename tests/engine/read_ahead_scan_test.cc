// ForEachResponseTextReadAhead gives what the store's own scan gives (id order, every row,
// across many batches, both of the store's query plans), stops early, reports errors, and
// lets a visitor's exception through without leaving its reading thread behind.
#include "engine/read_ahead_scan.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/sqlite_store.h"
#include "store_test_support.h"

namespace tessera::engine {
namespace {

using testing::OpenStore;
using testing::Seed;
using testing::TempDatabase;

struct Row {
  int64_t id;
  std::string answers, groups, submitted_on;
  bool operator==(const Row&) const = default;
};

class ReadAheadScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:");
    ASSERT_NE(store_, nullptr);
    big_ = Seed(*store_).campaign_id;
    small_ = Seed(*store_, CampaignState::kOpen, "", "Second organisation").campaign_id;
    // Many batches in the big campaign (read by table scan: most of all responses), one partial
    // batch in the small one (read through the campaign index).
    Import(big_, 3 * kReadAheadBatchRows + 17);
    Import(small_, 40);
  }

  void Import(int64_t campaign_id, size_t count) {
    std::vector<ImportedResponse> rows;
    for (size_t i = 0; i < count; ++i) {
      rows.push_back(
          ImportedResponse{{{"Q1", static_cast<int>(i % 5)}, {"text", std::string(i % 300, 'x')}},
                           {{"team", "t" + std::to_string(i % 3)}},
                           "2026-01-" + std::to_string(10 + i % 9)});
    }
    ASSERT_TRUE(store_->ImportResponses(campaign_id, rows).ok());
  }

  std::vector<Row> Direct(int64_t campaign_id) {
    std::vector<Row> rows;
    EXPECT_TRUE(store_
                    ->ForEachResponseText(campaign_id,
                                          [&](const StoredResponseText& r) {
                                            rows.push_back(Row{r.id, std::string(r.answers),
                                                               std::string(r.groups),
                                                               std::string(r.submitted_on)});
                                            return true;
                                          })
                    .ok());
    return rows;
  }

  std::unique_ptr<Store> store_;
  int64_t big_ = 0, small_ = 0;
};

TEST_F(ReadAheadScanTest, GivesWhatTheStoreGivesInIdOrder) {
  for (int64_t campaign : {big_, small_}) {
    std::vector<Row> ahead;
    ASSERT_TRUE(ForEachResponseTextReadAhead(*store_, campaign, [&](const StoredResponseText& r) {
                  EXPECT_EQ(r.campaign_id, campaign);
                  ahead.push_back(Row{r.id, std::string(r.answers), std::string(r.groups),
                                      std::string(r.submitted_on)});
                  return true;
                }).ok());
    const std::vector<Row> direct = Direct(campaign);
    EXPECT_EQ(ahead, direct);
    EXPECT_EQ(static_cast<int64_t>(ahead.size()), *store_->CountResponses(campaign));
    for (size_t i = 1; i < ahead.size(); ++i) EXPECT_LT(ahead[i - 1].id, ahead[i].id);
  }
}

TEST_F(ReadAheadScanTest, StopsEarlyAcrossBatches) {
  for (size_t stop_after : {size_t{1}, kReadAheadBatchRows, kReadAheadBatchRows + 3}) {
    size_t visited = 0;
    ASSERT_TRUE(ForEachResponseTextReadAhead(*store_, big_, [&](const StoredResponseText&) {
                  return ++visited < stop_after;
                }).ok());
    EXPECT_EQ(visited, stop_after);
  }
  // The store is free again afterwards.
  EXPECT_TRUE(store_->CountResponses(big_).ok());
}

TEST_F(ReadAheadScanTest, ReportsAnUnknownCampaign) {
  EXPECT_EQ(ForEachResponseTextReadAhead(*store_, big_ + 100,
                                         [](const StoredResponseText&) { return true; })
                .code(),
            StatusCode::kNotFound);
}

TEST_F(ReadAheadScanTest, LetsAVisitorsExceptionThrough) {
  size_t visited = 0;
  EXPECT_THROW(ForEachResponseTextReadAhead(*store_, big_,
                                            [&](const StoredResponseText&) -> bool {
                                              if (++visited == kReadAheadBatchRows + 1) {
                                                throw std::runtime_error("visitor failed");
                                              }
                                              return true;
                                            }),
               std::runtime_error);
  EXPECT_EQ(Direct(big_).size(), 3 * kReadAheadBatchRows + 17);  // not left locked
}

TEST_F(ReadAheadScanTest, AnswersAreReadForEveryResponse) {
  std::vector<int64_t> ids;
  int64_t q1_total = 0;
  ASSERT_TRUE(
      ForEachResponseAnswers(*store_, small_, [&](int64_t id, const scoring::AnswerView& answers) {
        ids.push_back(id);
        const scoring::AnswerValue* q1 = answers.Find("Q1");
        EXPECT_NE(q1, nullptr);
        if (q1 != nullptr) q1_total += q1->integer;
        return true;
      }).ok());
  std::vector<int64_t> direct;
  for (const Row& row : Direct(small_)) direct.push_back(row.id);
  EXPECT_EQ(ids, direct);
  EXPECT_EQ(q1_total, 8 * (0 + 1 + 2 + 3 + 4));  // 40 responses, Q1 = i % 5
}

TEST(ReadAheadScanCorruptionTest, AnswersThatAreNotJsonAreCorruptionNamingTheResponse) {
  TempDatabase file;
  int64_t campaign_id = 0;
  {
    auto store = OpenStore(file.path());
    ASSERT_NE(store, nullptr);
    campaign_id = Seed(*store).campaign_id;
    ASSERT_TRUE(store
                    ->ImportResponses(
                        campaign_id,
                        {ImportedResponse{{{"Q1", 1}}, nlohmann::json::object(), "2026-01-10"},
                         ImportedResponse{{{"Q1", 2}}, nlohmann::json::object(), "2026-01-10"}})
                    .ok());
  }
  {
    // Only by going around the store's checks can a row hold something that is not JSON.
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA ignore_check_constraints = ON");
    db.exec(
        "UPDATE responses SET answers = '{\"Q1\": ' WHERE id = (SELECT max(id) FROM responses)");
  }
  auto store = OpenStore(file.path());
  ASSERT_NE(store, nullptr);
  int visited = 0;
  const Status status = ForEachResponseAnswers(
      *store, campaign_id, [&](int64_t, const scoring::AnswerView&) { return ++visited > 0; });
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
  EXPECT_NE(status.message().find("not valid JSON"), std::string::npos);
  EXPECT_NE(status.message().find("response "), std::string::npos);
  EXPECT_EQ(visited, 1);  // the good row first (id order), then the broken one stops the scan
}

}  // namespace
}  // namespace tessera::engine
