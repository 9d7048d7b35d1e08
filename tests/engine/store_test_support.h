// Shared helpers for the store tests: temporary database files and a seeded campaign.
#ifndef TESSERA_TESTS_ENGINE_STORE_TEST_SUPPORT_H_
#define TESSERA_TESTS_ENGINE_STORE_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/sqlite_store.h"
#include "engine/store.h"

namespace tessera::engine::testing {

// A database path under the system temp directory, removed (with its WAL files) on both ends.
class TempDatabase {
 public:
  TempDatabase() {
    static std::atomic<int> counter{0};
    path_ =
        (std::filesystem::temp_directory_path() /
         ("tessera-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db"))
            .string();
    Remove();
  }
  ~TempDatabase() { Remove(); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& path() const { return path_; }

 private:
  void Remove() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }

  std::string path_;
};

// Opens a store or records a test failure and returns null.
inline std::unique_ptr<Store> OpenStore(const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(SqliteOptions{path});
  if (!store.ok()) {
    ADD_FAILURE() << "opening " << path << ": " << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

inline instruments::InstrumentRef DemoRef() {
  return instruments::InstrumentRef{"demo", instruments::Version{1, 0, 0}};
}

inline InstrumentVersion DemoInstrument() {
  return InstrumentVersion{DemoRef(), "sha256:0123abcd",
                           R"({"id": "demo", "version": "1.0.0", "items": []})"};
}

struct Seeded {
  int64_t organisation_id = 0;
  int64_t campaign_id = 0;
};

// An organisation, the demo instrument and one campaign moved to `state`.
inline Seeded Seed(Store& store, CampaignState state = CampaignState::kOpen,
                   const std::string& closes_on = "",
                   const std::string& organisation = "Riverside Family Services") {
  Seeded seeded;
  Result<Organisation> created = store.CreateOrganisation(organisation);
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  if (!created.ok()) return seeded;
  seeded.organisation_id = created->id;
  EXPECT_TRUE(store.SaveInstrumentVersion(DemoInstrument()).ok());
  NewCampaign campaign;
  campaign.organisation_id = seeded.organisation_id;
  campaign.instrument = DemoRef();
  campaign.title = "Staff survey 2026";
  campaign.audience = "staff";
  campaign.closes_on = closes_on;
  Result<Campaign> made = store.CreateCampaign(campaign);
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  if (!made.ok()) return seeded;
  seeded.campaign_id = made->id;
  if (state != CampaignState::kDraft) {
    EXPECT_TRUE(store.SetCampaignState(made->id, state).ok());
  }
  return seeded;
}

inline Submission MakeSubmission(const std::string& token_hash, const std::string& receipt_hash,
                                 const std::string& submitted_on = "2026-03-04") {
  return Submission{token_hash, nlohmann::json{{"Q1", 4}, {"team", "youth"}},
                    nlohmann::json{{"team", "youth"}}, receipt_hash, submitted_on};
}

}  // namespace tessera::engine::testing

#endif  // TESSERA_TESTS_ENGINE_STORE_TEST_SUPPORT_H_
