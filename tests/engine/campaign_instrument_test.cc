#include "engine/campaign_instrument.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/sqlite_store.h"
#include "instruments/catalogue.h"

namespace tessera::engine {
namespace {

class CampaignInstrumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenSqliteStore({":memory:"}).value());
    const auto dir = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
    instruments::Diagnostics diagnostics;
    auto catalogue = instruments::Catalogue::Load(dir, instruments::LockFileFor(dir), &diagnostics);
    const auto* loaded =
        catalogue.Find(*instruments::InstrumentRef::Parse("partner-feedback@1.0.0"));
    ASSERT_NE(loaded, nullptr);
    ref_ = loaded->instrument.ref();
    hash_ = loaded->hash;
    document_ = loaded->document;
    organisation_ = store_->CreateOrganisation("Riverside")->id;
  }

  Campaign CampaignFor(const std::string& hash, const nlohmann::json& document) {
    EXPECT_TRUE(store_->SaveInstrumentVersion({ref_, hash, document.dump()}).ok());
    NewCampaign request;
    request.organisation_id = organisation_;
    request.instrument = ref_;
    request.title = "Feedback";
    return store_->CreateCampaign(request).value();
  }

  std::unique_ptr<Store> store_;
  instruments::InstrumentRef ref_;
  std::string hash_;
  nlohmann::json document_;
  int64_t organisation_ = 0;
};

TEST_F(CampaignInstrumentTest, LoadsTheStoredCopy) {
  auto instrument = LoadCampaignInstrument(*store_, CampaignFor(hash_, document_));
  ASSERT_TRUE(instrument.ok()) << instrument.status().ToString();
  EXPECT_EQ((*instrument)->ref().ToString(), "partner-feedback@1.0.0");
}

TEST_F(CampaignInstrumentTest, RefusesACopyThatNoLongerMatchesItsHash) {
  nlohmann::json edited = document_;
  edited["title"] = "Edited after publication";
  auto instrument = LoadCampaignInstrument(*store_, CampaignFor(hash_, edited));
  EXPECT_EQ(instrument.status().code(), StatusCode::kCorruption);
  EXPECT_NE(instrument.status().message().find("does not match its recorded hash"),
            std::string::npos);
}

TEST_F(CampaignInstrumentTest, RefusesACopyThatDoesNotValidate) {
  nlohmann::json broken = document_;
  broken.erase("scoring");
  auto instrument = LoadCampaignInstrument(*store_, CampaignFor(hash_, broken));
  EXPECT_EQ(instrument.status().code(), StatusCode::kCorruption);
  EXPECT_NE(instrument.status().message().find("does not validate"), std::string::npos);
}

}  // namespace
}  // namespace tessera::engine
