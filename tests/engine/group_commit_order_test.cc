// Inside one group commit, the page that receives several responses keeps the order in which
// they were written (SQLite places each new row below the previous one in the page). Links are
// marked used in place, so nothing on their side has an order; the responses of one commit
// must then not be written in arrival order either, or someone who knows who submitted first
// could pair responses with links from a copy of the file or of its WAL.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/sqlite_store.h"
#include "tests/engine/sqlite_file_reader.h"
#include "tests/engine/store_test_support.h"

namespace tessera::engine {
namespace {

constexpr int kBatches = 20;
constexpr int kPerBatch = 4;

// The arrival index of each response of a one-batch database, in the order the rows were
// written into their page (the cell written first lies highest in the page).
std::vector<int> WrittenOrder(const std::string& file) {
  std::vector<std::pair<size_t, int>> cells;  // offset, arrival index
  for (const testing::RawPage& page : testing::DatabasePages(file)) {
    for (const testing::RawCell& cell : testing::TableLeafCells(page)) {
      // responses: (id, campaign_id, answers, groups, submitted_on)
      if (cell.serial_types.size() != 5 || !cell.complete ||
          !testing::IsTextType(cell.serial_types[2])) {
        continue;
      }
      const auto answers = nlohmann::json::parse(cell.columns[2], nullptr, false);
      if (!answers.is_object() || !answers.contains("arrival")) continue;
      cells.emplace_back(cell.offset, answers["arrival"].get<int>());
    }
  }
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a > b; });
  std::vector<int> order;
  for (const auto& [offset, arrival] : cells) order.push_back(arrival);
  return order;
}

TEST(GroupCommitOrderTest, ResponsesOfOneCommitAreNotWrittenInArrivalOrder) {
  std::vector<int> arrival(kPerBatch);
  for (int i = 0; i < kPerBatch; ++i) arrival[static_cast<size_t>(i)] = i;
  int in_arrival_order = 0;
  for (int b = 0; b < kBatches; ++b) {
    testing::TempDatabase database;
    {
      std::unique_ptr<Store> store = testing::OpenStore(database.path());
      ASSERT_NE(store, nullptr);
      const testing::Seeded seeded = testing::Seed(*store);
      std::vector<std::string> links;
      std::vector<Submission> batch;
      for (int i = 0; i < kPerBatch; ++i) {
        links.push_back("link-" + std::to_string(i));
        Submission submission = testing::MakeSubmission(links.back(), "receipt-" + links.back());
        submission.answers = {{"arrival", i}, {"Q1", 3}};
        batch.push_back(std::move(submission));
      }
      ASSERT_TRUE(store->AddLinks(seeded.campaign_id, LinkKind::kPersonal, links).ok());
      for (const Status& status : store->SubmitBatch(batch)) ASSERT_TRUE(status.ok());
    }  // closing the last connection copies the WAL into the file
    const std::vector<int> order = WrittenOrder(testing::ReadWholeFile(database.path()));
    ASSERT_EQ(order.size(), static_cast<size_t>(kPerBatch));
    if (order == arrival) ++in_arrival_order;
  }
  // In a random order, a batch of 4 comes out in arrival order once in 24 batches; at most
  // half of 20 batches doing so happens with a probability below 1e-8.
  EXPECT_LE(in_arrival_order, kBatches / 2)
      << in_arrival_order << " of " << kBatches << " batches were written in arrival order";
}

}  // namespace
}  // namespace tessera::engine
