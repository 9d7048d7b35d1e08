// SubmitBatch, ImportResponses, reading responses, anonymity by construction, concurrency and
// persistence of the SQLite store.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/sqlite_store.h"
#include "store_test_support.h"

namespace tessera::engine {
namespace {

using testing::MakeSubmission;
using testing::OpenStore;
using testing::Seed;
using testing::Seeded;
using testing::TempDatabase;

std::vector<StoredResponse> AllResponses(Store& store, int64_t campaign_id) {
  std::vector<StoredResponse> responses;
  Status status = store.ForEachResponse(campaign_id, [&](const StoredResponse& response) {
    responses.push_back(response);
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return responses;
}

std::vector<std::string> ColumnsOf(const std::string& path, const std::string& table) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  query.bind(1, table);
  std::vector<std::string> columns;
  while (query.executeStep()) columns.push_back(query.getColumn(0).getString());
  return columns;
}

class StoreSubmitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:");
    ASSERT_NE(store_, nullptr);
    seeded_ = Seed(*store_);
    ASSERT_TRUE(
        store_->AddLinks(seeded_.campaign_id, LinkKind::kPersonal, {"p1", "p2", "p3", "p4", "p5"})
            .ok());
    ASSERT_TRUE(store_->AddLinks(seeded_.campaign_id, LinkKind::kOpen, {"o1"}).ok());
  }

  int64_t Responses() { return *store_->CountResponses(seeded_.campaign_id); }
  bool Receipt(const std::string& hash) { return *store_->ReceiptExists(hash); }
  bool Used(const std::string& token_hash) { return store_->FindLink(token_hash)->used; }

  std::unique_ptr<Store> store_;
  Seeded seeded_;
};

TEST_F(StoreSubmitTest, SuccessfulSubmissionStoresEverythingAtOnce) {
  const int64_t link = store_->FindLink("p1")->id;
  ASSERT_TRUE(store_->SaveDraft(link, "sealed draft").ok());

  std::vector<Status> results = store_->SubmitBatch({MakeSubmission("p1", "receipt-1")});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].ok()) << results[0].ToString();

  EXPECT_EQ(Responses(), 1);
  EXPECT_TRUE(Used("p1"));
  EXPECT_EQ(*store_->LoadDraft(link), "");
  EXPECT_TRUE(Receipt("receipt-1"));
  EXPECT_FALSE(Receipt("receipt-2"));

  std::vector<StoredResponse> stored = AllResponses(*store_, seeded_.campaign_id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_GT(stored[0].id, 0);
  EXPECT_EQ(stored[0].campaign_id, seeded_.campaign_id);
  EXPECT_EQ(stored[0].answers, (nlohmann::json{{"Q1", 4}, {"team", "youth"}}));
  EXPECT_EQ(stored[0].groups, (nlohmann::json{{"team", "youth"}}));
  EXPECT_EQ(stored[0].submitted_on, "2026-03-04");
}

TEST_F(StoreSubmitTest, UsedPersonalLinkIsGone) {
  ASSERT_TRUE(store_->SubmitBatch({MakeSubmission("p1", "r1")})[0].ok());
  std::vector<Status> again = store_->SubmitBatch({MakeSubmission("p1", "r2")});
  EXPECT_EQ(again[0].code(), StatusCode::kGone);
  EXPECT_NE(again[0].message().find("already used"), std::string::npos);
  EXPECT_EQ(Responses(), 1);
  EXPECT_FALSE(Receipt("r2"));
}

TEST_F(StoreSubmitTest, UnknownTokenIsNotFound) {
  std::vector<Status> results = store_->SubmitBatch({MakeSubmission("nope", "r1")});
  EXPECT_EQ(results[0].code(), StatusCode::kNotFound);
  EXPECT_EQ(Responses(), 0);
  EXPECT_FALSE(Receipt("r1"));
}

TEST_F(StoreSubmitTest, SameTokenTwiceInOneBatchConflicts) {
  std::vector<Status> results = store_->SubmitBatch(
      {MakeSubmission("p1", "r1"), MakeSubmission("p2", "r2"), MakeSubmission("p1", "r3")});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  EXPECT_EQ(results[2].code(), StatusCode::kConflict);
  EXPECT_EQ(Responses(), 2);
  EXPECT_TRUE(Receipt("r1"));
  EXPECT_FALSE(Receipt("r3"));

  // Open links are never marked used, but twice in one batch still conflicts.
  results = store_->SubmitBatch({MakeSubmission("o1", "r4"), MakeSubmission("o1", "r5")});
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].code(), StatusCode::kConflict);
}

TEST_F(StoreSubmitTest, OneFailureDoesNotUndoTheOthers) {
  // p1 and p3 carry the same receipt hash. A batch is stored in a random order, so whichever
  // comes second inserts its response, then fails on the duplicate receipt: its savepoint must
  // undo its response and link update, and nothing else.
  std::vector<Status> results = store_->SubmitBatch(
      {MakeSubmission("p1", "r1"), MakeSubmission("unknown", "r2"), MakeSubmission("p2", "r3"),
       MakeSubmission("p3", "r1"), MakeSubmission("p4", "r4", "2026-02-31")});
  ASSERT_EQ(results.size(), 5u);
  ASSERT_NE(results[0].ok(), results[3].ok()) << "exactly one of the two stores r1";
  const size_t failed = results[0].ok() ? 3 : 0;
  EXPECT_EQ(results[failed].code(), StatusCode::kAlreadyExists) << results[failed].ToString();
  EXPECT_EQ(results[1].code(), StatusCode::kNotFound);
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(results[4].code(), StatusCode::kInvalidArgument);

  EXPECT_EQ(Responses(), 2);
  EXPECT_NE(Used("p1"), Used("p3"));
  EXPECT_EQ(Used("p1"), failed == 3);
  EXPECT_TRUE(Used("p2"));
  EXPECT_FALSE(Used("p4"));
  EXPECT_TRUE(Receipt("r1"));
  EXPECT_TRUE(Receipt("r3"));
  EXPECT_FALSE(Receipt("r4"));

  // The failed ones can still submit later.
  const std::string again = failed == 3 ? "p3" : "p1";
  EXPECT_TRUE(store_->SubmitBatch({MakeSubmission(again, "r5")})[0].ok());
  EXPECT_EQ(Responses(), 3);
}

TEST_F(StoreSubmitTest, UnwritableAnswersFailAloneAndCleanly) {
  Submission bad = MakeSubmission("p2", "r2");
  bad.answers["Q9"] = std::string("\xff\xfe not UTF-8");
  std::vector<Status> results =
      store_->SubmitBatch({MakeSubmission("p1", "r1"), bad, MakeSubmission("p3", "r3")});
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].code(), StatusCode::kInvalidArgument) << results[1].ToString();
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(Responses(), 2);
  EXPECT_FALSE(Used("p2"));
}

TEST_F(StoreSubmitTest, OpenLinkIsNeverMarkedUsed) {
  for (int i = 0; i < 3; ++i) {
    std::vector<Status> results =
        store_->SubmitBatch({MakeSubmission("o1", "open-" + std::to_string(i))});
    EXPECT_TRUE(results[0].ok()) << results[0].ToString();
  }
  EXPECT_FALSE(Used("o1"));
  EXPECT_EQ(Responses(), 3);
}

TEST_F(StoreSubmitTest, EmptyBatchDoesNothing) {
  EXPECT_TRUE(store_->SubmitBatch({}).empty());
  EXPECT_EQ(Responses(), 0);
}

TEST(StoreSubmitClosedTest, ClosedCampaignsAreGone) {
  std::unique_ptr<Store> store = OpenStore(":memory:");
  ASSERT_NE(store, nullptr);
  Seeded draft = Seed(*store, CampaignState::kDraft, "", "Draft Org");
  Seeded closed = Seed(*store, CampaignState::kClosed, "", "Closed Org");
  Seeded dated = Seed(*store, CampaignState::kOpen, "2026-03-04", "Dated Org");
  ASSERT_TRUE(store->AddLinks(draft.campaign_id, LinkKind::kPersonal, {"d1"}).ok());
  ASSERT_TRUE(store->AddLinks(closed.campaign_id, LinkKind::kOpen, {"c1"}).ok());
  ASSERT_TRUE(store->AddLinks(dated.campaign_id, LinkKind::kPersonal, {"t1", "t2"}).ok());

  std::vector<Status> results = store->SubmitBatch(
      {MakeSubmission("d1", "r1"), MakeSubmission("c1", "r2"),
       MakeSubmission("t1", "r3", "2026-03-05"), MakeSubmission("t2", "r4", "2026-03-04")});
  ASSERT_EQ(results.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i].code(), StatusCode::kGone) << i;
    EXPECT_NE(results[i].message().find("closed"), std::string::npos) << i;
  }
  EXPECT_TRUE(results[3].ok()) << "the closing day itself is still open";
  EXPECT_EQ(*store->CountResponses(draft.campaign_id), 0);
  EXPECT_EQ(*store->CountResponses(closed.campaign_id), 0);
  EXPECT_EQ(*store->CountResponses(dated.campaign_id), 1);
  EXPECT_FALSE(store->FindLink("d1")->used);
  EXPECT_FALSE(store->FindLink("t1")->used);
}

TEST(StoreSubmitCommitTest, FailedCommitFailsEveryEntryAndWritesNothing) {
  // A deferred foreign key, violated by a trigger on every receipt, is only checked at COMMIT:
  // each savepoint succeeds and the commit itself fails.
  TempDatabase temp;
  std::unique_ptr<Store> store = OpenStore(temp.path());
  ASSERT_NE(store, nullptr);
  Seeded seeded = Seed(*store);
  ASSERT_TRUE(store->AddLinks(seeded.campaign_id, LinkKind::kPersonal, {"p1", "p2"}).ok());
  {
    SQLite::Database db(temp.path(), SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TABLE gate_parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE gate (parent INTEGER REFERENCES gate_parent(id) "
        "  DEFERRABLE INITIALLY DEFERRED);"
        "CREATE TRIGGER gate_receipts AFTER INSERT ON receipts "
        "BEGIN INSERT INTO gate (parent) VALUES (42); END;");
  }
  std::vector<Status> results = store->SubmitBatch(
      {MakeSubmission("p1", "r1"), MakeSubmission("p2", "r2"), MakeSubmission("unknown", "r3")});
  ASSERT_EQ(results.size(), 3u);
  for (const Status& result : results) {
    EXPECT_EQ(result.code(), StatusCode::kIoError) << result.ToString();
  }
  EXPECT_EQ(*store->CountResponses(seeded.campaign_id), 0);
  EXPECT_FALSE(store->FindLink("p1")->used);
  EXPECT_FALSE(*store->ReceiptExists("r1"));
  EXPECT_FALSE(*store->ReceiptExists("r2"));

  // The connection is usable afterwards.
  {
    SQLite::Database db(temp.path(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER gate_receipts");
  }
  EXPECT_TRUE(store->SubmitBatch({MakeSubmission("p1", "r1")})[0].ok());
  EXPECT_EQ(*store->CountResponses(seeded.campaign_id), 1);
}

// Responses read back.

TEST_F(StoreSubmitTest, ForEachResponseStopsEarlyAndChecksTheCampaign) {
  ASSERT_TRUE(store_
                  ->SubmitBatch({MakeSubmission("p1", "r1"), MakeSubmission("p2", "r2"),
                                 MakeSubmission("p3", "r3")})[2]
                  .ok());
  int visited = 0;
  int64_t previous = 0;
  ASSERT_TRUE(store_
                  ->ForEachResponse(seeded_.campaign_id,
                                    [&](const StoredResponse& response) {
                                      EXPECT_GT(response.id, previous);  // storage (id) order
                                      previous = response.id;
                                      return ++visited < 2;
                                    })
                  .ok());
  EXPECT_EQ(visited, 2);
  EXPECT_EQ(
      store_->ForEachResponse(seeded_.campaign_id + 40, [](const StoredResponse&) { return true; })
          .code(),
      StatusCode::kNotFound);
  EXPECT_EQ(store_->CountResponses(seeded_.campaign_id + 40).status().code(),
            StatusCode::kNotFound);
}

TEST_F(StoreSubmitTest, VisitorMayCallBackIntoTheStore) {
  ASSERT_TRUE(store_->SubmitBatch({MakeSubmission("p1", "r1")})[0].ok());
  int64_t counted = -1;
  ASSERT_TRUE(store_
                  ->ForEachResponse(seeded_.campaign_id,
                                    [&](const StoredResponse&) {
                                      counted = *store_->CountResponses(seeded_.campaign_id);
                                      return true;
                                    })
                  .ok());
  EXPECT_EQ(counted, 1);
}

// Import.

TEST_F(StoreSubmitTest, ImportStoresEveryResponse) {
  std::vector<ImportedResponse> rows;
  for (int i = 0; i < 10; ++i) {
    rows.push_back(ImportedResponse{{{"Q1", i % 5}}, {{"team", "admin"}}, "2026-01-15"});
  }
  ASSERT_TRUE(store_->ImportResponses(seeded_.campaign_id, rows).ok());
  EXPECT_EQ(Responses(), 10);
  std::vector<StoredResponse> stored = AllResponses(*store_, seeded_.campaign_id);
  ASSERT_EQ(stored.size(), 10u);
  EXPECT_EQ(stored[0].submitted_on, "2026-01-15");
  EXPECT_EQ(stored[0].groups, (nlohmann::json{{"team", "admin"}}));
  EXPECT_TRUE(store_->ImportResponses(seeded_.campaign_id, {}).ok());
}

TEST_F(StoreSubmitTest, ImportIsAllOrNothing) {
  std::vector<ImportedResponse> rows;
  for (int i = 0; i < 10; ++i) {
    rows.push_back(ImportedResponse{{{"Q1", 3}}, nlohmann::json::object(), "2026-01-15"});
  }
  rows[6].submitted_on = "15/01/2026";  // rows 0-5 are already written when this one fails
  Status status = store_->ImportResponses(seeded_.campaign_id, rows);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("response 6"), std::string::npos) << status.message();
  EXPECT_EQ(Responses(), 0);

  rows[6].submitted_on = "2026-01-15";
  rows[8].groups = nlohmann::json::array();
  EXPECT_EQ(store_->ImportResponses(seeded_.campaign_id, rows).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Responses(), 0);

  EXPECT_EQ(store_->ImportResponses(seeded_.campaign_id + 3, {rows[0]}).code(),
            StatusCode::kNotFound);
}

TEST(StoreImportTest, DatabaseConstraintFailureRollsBackEveryRow) {
  // A failure raised by SQLite itself (not the store's own checks) in the middle of an import:
  // a trigger stands in for any constraint violation on the seventh row.
  TempDatabase temp;
  std::unique_ptr<Store> store = OpenStore(temp.path());
  ASSERT_NE(store, nullptr);
  Seeded seeded = Seed(*store);
  {
    SQLite::Database db(temp.path(), SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER reject_seventh BEFORE INSERT ON responses "
        "WHEN json_extract(NEW.answers, '$.Q1') = 7 "
        "BEGIN SELECT RAISE(ABORT, 'constraint failed: seventh row'); END;");
  }
  std::vector<ImportedResponse> rows;
  for (int i = 0; i < 10; ++i) {
    rows.push_back(ImportedResponse{{{"Q1", i}}, nlohmann::json::object(), "2026-01-15"});
  }
  Status status = store->ImportResponses(seeded.campaign_id, rows);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("response 7"), std::string::npos) << status.message();
  EXPECT_EQ(*store->CountResponses(seeded.campaign_id), 0);
}

// Anonymity by construction.

TEST(StoreAnonymityTest, TablesHoldNothingThatJoinsResponsesToLinks) {
  TempDatabase temp;
  ASSERT_NE(OpenStore(temp.path()), nullptr);
  EXPECT_EQ(ColumnsOf(temp.path(), "responses"),
            (std::vector<std::string>{"id", "campaign_id", "answers", "groups", "submitted_on"}));
  // A link knows whether it was minted from the shared link and whether it was used, never by
  // which response.
  EXPECT_EQ(
      ColumnsOf(temp.path(), "links"),
      (std::vector<std::string>{"id", "campaign_id", "kind", "token_hash", "used", "minted"}));
  EXPECT_EQ(ColumnsOf(temp.path(), "receipts"),
            (std::vector<std::string>{"receipt_hash", "campaign_id"}));
  EXPECT_EQ(ColumnsOf(temp.path(), "drafts"), (std::vector<std::string>{"link_id", "sealed"}));

  SQLite::Database db(temp.path(), SQLite::OPEN_READONLY);
  const std::string receipts_sql =
      db.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'receipts'").getString();
  EXPECT_NE(receipts_sql.find("WITHOUT ROWID"), std::string::npos);
}

TEST(StoreAnonymityTest, ResponseIdsAndReceiptsDoNotFollowSubmissionOrder) {
  TempDatabase temp;
  std::unique_ptr<Store> store = OpenStore(temp.path());
  ASSERT_NE(store, nullptr);
  Seeded seeded = Seed(*store);
  constexpr int kLinks = 50;
  std::vector<std::string> tokens;
  for (int i = 0; i < kLinks; ++i) tokens.push_back("token-" + std::to_string(1000 + i));
  ASSERT_TRUE(store->AddLinks(seeded.campaign_id, LinkKind::kPersonal, tokens).ok());

  // Submit in link order, one at a time, and note which id each submission got.
  std::vector<int64_t> ids_in_submission_order;
  std::set<int64_t> known;
  std::vector<std::string> receipts_in_submission_order;
  for (int i = 0; i < kLinks; ++i) {
    const std::string receipt = "receipt-" + std::to_string(i) + "-" + std::to_string(i * 7919);
    ASSERT_TRUE(store->SubmitBatch({MakeSubmission(tokens[i], receipt)})[0].ok());
    receipts_in_submission_order.push_back(receipt);
    std::vector<StoredResponse> all = AllResponses(*store, seeded.campaign_id);
    ASSERT_EQ(all.size(), static_cast<size_t>(i + 1));
    for (const StoredResponse& response : all) {
      if (known.insert(response.id).second) ids_in_submission_order.push_back(response.id);
    }
  }
  ASSERT_EQ(ids_in_submission_order.size(), static_cast<size_t>(kLinks));
  EXPECT_TRUE(std::all_of(ids_in_submission_order.begin(), ids_in_submission_order.end(),
                          [](int64_t id) { return id > 0; }));
  EXPECT_FALSE(std::is_sorted(ids_in_submission_order.begin(), ids_in_submission_order.end()));
  EXPECT_FALSE(std::is_sorted(ids_in_submission_order.rbegin(), ids_in_submission_order.rend()));

  // Rows come back in id order, receipts in hash order: neither in submission order.
  SQLite::Database db(temp.path(), SQLite::OPEN_READONLY);
  SQLite::Statement rows(db, "SELECT id FROM responses");
  std::vector<int64_t> storage_order;
  while (rows.executeStep()) storage_order.push_back(rows.getColumn(0).getInt64());
  EXPECT_TRUE(std::is_sorted(storage_order.begin(), storage_order.end()));
  EXPECT_NE(storage_order, ids_in_submission_order);
  SQLite::Statement receipts(db, "SELECT receipt_hash FROM receipts");
  std::vector<std::string> receipt_order;
  while (receipts.executeStep()) receipt_order.push_back(receipts.getColumn(0).getString());
  EXPECT_TRUE(std::is_sorted(receipt_order.begin(), receipt_order.end()));
  EXPECT_NE(receipt_order, receipts_in_submission_order);
}

// Concurrency and persistence.

TEST(StoreConcurrencyTest, FourThreadsTwoStoresOneFile) {
  TempDatabase temp;
  std::unique_ptr<Store> first = OpenStore(temp.path());
  std::unique_ptr<Store> second = OpenStore(temp.path());
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  Seeded seeded = Seed(*first);
  constexpr int kLinks = 40;
  constexpr int kThreads = 4;
  constexpr int kBatch = 5;
  std::vector<std::string> tokens;
  for (int i = 0; i < kLinks; ++i) tokens.push_back("t" + std::to_string(i));
  ASSERT_TRUE(first->AddLinks(seeded.campaign_id, LinkKind::kPersonal, tokens).ok());
  ASSERT_TRUE(second->AddLinks(seeded.campaign_id, LinkKind::kOpen, {"open"}).ok());

  // Every thread tries every personal link (starting at a different place) plus the open link.
  std::vector<std::map<std::string, Status>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = (t % 2 == 0) ? *first : *second;
      for (int start = 0; start < kLinks; start += kBatch) {
        std::vector<Submission> batch;
        for (int k = 0; k < kBatch; ++k) {
          const std::string& token = tokens[(start + k + t * 10) % kLinks];
          batch.push_back(MakeSubmission(token, "r-" + std::to_string(t) + "-" + token));
        }
        batch.push_back(
            MakeSubmission("open", "r-" + std::to_string(t) + "-open-" + std::to_string(start)));
        std::vector<Status> results = store.SubmitBatch(batch);
        for (size_t k = 0; k < batch.size(); ++k) {
          outcomes[t].emplace(batch[k].receipt_hash, results[k]);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  int ok = 0;
  std::map<std::string, int> ok_per_token;
  for (int t = 0; t < kThreads; ++t) {
    for (const auto& [receipt, status] : outcomes[t]) {
      const bool is_open = receipt.find("-open-") != std::string::npos;
      if (status.ok()) {
        ++ok;
        if (!is_open) ++ok_per_token[receipt.substr(receipt.rfind('-') + 1)];
      } else {
        EXPECT_FALSE(is_open) << status.ToString();
        EXPECT_EQ(status.code(), StatusCode::kGone) << status.ToString();
      }
      EXPECT_EQ(*first->ReceiptExists(receipt), status.ok()) << receipt;
    }
  }
  EXPECT_EQ(ok_per_token.size(), static_cast<size_t>(kLinks));
  for (const auto& [token, count] : ok_per_token) EXPECT_EQ(count, 1) << token;
  const int open_submissions = kThreads * (kLinks / kBatch);
  EXPECT_EQ(ok, kLinks + open_submissions);
  EXPECT_EQ(*first->CountResponses(seeded.campaign_id), ok);
  EXPECT_EQ(*second->CountResponses(seeded.campaign_id), ok);
  for (const std::string& token : tokens) EXPECT_TRUE(second->FindLink(token)->used) << token;
}

TEST(StorePersistenceTest, EverythingSurvivesReopening) {
  TempDatabase temp;
  int64_t campaign_id = 0;
  int64_t link_id = 0;
  {
    std::unique_ptr<Store> store = OpenStore(temp.path());
    ASSERT_NE(store, nullptr);
    Seeded seeded = Seed(*store);
    campaign_id = seeded.campaign_id;
    ASSERT_TRUE(store->CreateTeam(seeded.organisation_id, "youth", "Youth").ok());
    ASSERT_TRUE(store->AddLinks(campaign_id, LinkKind::kPersonal, {"p1", "p2"}).ok());
    link_id = store->FindLink("p2")->id;
    ASSERT_TRUE(store->SaveDraft(link_id, "sealed draft").ok());
    ASSERT_TRUE(store->SubmitBatch({MakeSubmission("p1", "r1")})[0].ok());
    ASSERT_TRUE(store->AppendAudit("cli:ana", "campaign.open", "campaign:1", {}).ok());
  }
  std::unique_ptr<Store> store = OpenStore(temp.path());
  ASSERT_NE(store, nullptr);
  Result<Campaign> campaign = store->GetCampaign(campaign_id);
  ASSERT_TRUE(campaign.ok());
  EXPECT_EQ(campaign->state, CampaignState::kOpen);
  EXPECT_EQ(store->ListTeams(campaign->organisation_id)->size(), 1u);
  EXPECT_TRUE(store->FindLink("p1")->used);
  EXPECT_EQ(*store->LoadDraft(link_id), "sealed draft");
  EXPECT_EQ(*store->CountResponses(campaign_id), 1);
  EXPECT_TRUE(*store->ReceiptExists("r1"));
  EXPECT_EQ(store->ListAudit(5)->size(), 1u);
  EXPECT_TRUE(store->GetInstrumentVersion(testing::DemoRef()).ok());
}

TEST(StorePersistenceTest, SynchronousFullOpens) {
  TempDatabase temp;
  SqliteOptions options{temp.path()};
  options.synchronous_full = true;
  options.busy_timeout_ms = 100;
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->CreateOrganisation("Full Sync").ok());
}

}  // namespace
}  // namespace tessera::engine

namespace tessera::engine {
namespace {

// The per-campaign counter (schema version 4) moves with every stored response and never with
// a refused one, so it always equals the rows really stored.
TEST_F(StoreSubmitTest, ResponseCountFollowsStoredRowsExactly) {
  auto rows_stored = [&] {
    return static_cast<int64_t>(AllResponses(*store_, seeded_.campaign_id).size());
  };
  std::vector<Status> results = store_->SubmitBatch(
      {MakeSubmission("p1", "r1"), MakeSubmission("p1", "r2"), MakeSubmission("p2", "r3"),
       MakeSubmission("nope", "r4"), MakeSubmission("o1", "r5")});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(Responses(), 3);  // p1, p2 and the open link; the duplicate and unknown refused
  EXPECT_EQ(Responses(), rows_stored());
  results = store_->SubmitBatch({MakeSubmission("p1", "r6")});  // used: refused
  EXPECT_EQ(results[0].code(), StatusCode::kGone);
  EXPECT_EQ(Responses(), 3);
  std::vector<ImportedResponse> imported(
      4, ImportedResponse{{{"Q1", 2}}, nlohmann::json::object(), "2026-01-15"});
  ASSERT_TRUE(store_->ImportResponses(seeded_.campaign_id, imported).ok());
  EXPECT_EQ(Responses(), 7);
  imported[2].submitted_on = "bad";  // all or nothing: the counter does not move either
  EXPECT_FALSE(store_->ImportResponses(seeded_.campaign_id, imported).ok());
  EXPECT_EQ(Responses(), 7);
  EXPECT_EQ(Responses(), rows_stored());
}

}  // namespace
}  // namespace tessera::engine

namespace tessera::engine {
namespace {

TEST(StoreImportTest, ClosedCampaignRefusesImports) {
  auto store = testing::OpenStore(":memory:");
  ASSERT_NE(store, nullptr);
  const Seeded closed = Seed(*store, CampaignState::kClosed);
  std::vector<ImportedResponse> rows(
      6, ImportedResponse{{{"Q1", 3}}, nlohmann::json::object(), "2026-01-15"});
  Status status = store->ImportResponses(closed.campaign_id, rows);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status.ToString();
  EXPECT_NE(status.message().find("closed"), std::string::npos);
  EXPECT_EQ(*store->CountResponses(closed.campaign_id), 0);
}

}  // namespace
}  // namespace tessera::engine
