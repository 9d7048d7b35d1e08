#include "scoring/provenance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "instruments/instrument_loader.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

std::unique_ptr<ins::LoadedInstrument> Load(const char* relative) {
  auto loaded = testing::LoadCatalogueInstrument(relative);
  EXPECT_NE(loaded, nullptr) << relative;
  return loaded;
}

TEST(ProvenanceTest, MissingDataRuleStatesTheShareAndExamples) {
  ins::ScoringModel scoring;
  scoring.min_answered_share = 0.5;
  const std::string half = MissingDataRule(scoring);
  EXPECT_NE(half.find("at least 50% of the dimension's items"), std::string::npos) << half;
  EXPECT_NE(half.find("(2 of 3, 2 of 4, 3 of 5)"), std::string::npos) << half;
  EXPECT_NE(half.find("\"Don't know\""), std::string::npos) << half;
  EXPECT_NE(half.find("reverse-keyed items recoded"), std::string::npos) << half;

  scoring.min_answered_share = 0.6;
  const std::string sixty = MissingDataRule(scoring);
  EXPECT_NE(sixty.find("at least 60%"), std::string::npos) << sixty;
  EXPECT_NE(sixty.find("(2 of 3, 3 of 4, 3 of 5)"), std::string::npos) << sixty;

  scoring.min_answered_share = 2.0 / 3.0;
  const std::string two_thirds = MissingDataRule(scoring);
  EXPECT_NE(two_thirds.find("at least 66.7%"), std::string::npos) << two_thirds;
  EXPECT_NE(two_thirds.find("(2 of 3, 3 of 4, 4 of 5)"), std::string::npos) << two_thirds;

  scoring.min_answered_share = 1.0;
  EXPECT_NE(MissingDataRule(scoring).find("needs every item of the dimension answered"),
            std::string::npos);
}

TEST(ProvenanceTest, MakeProvenanceRecordsTheInstrumentMethodAndCounts) {
  const auto loaded = Load("partnership-capability/1.0.0.json");
  ASSERT_NE(loaded, nullptr);
  ScoreMoments moments;
  moments.Add(2.0);
  moments.Add(3.0);
  moments.AddExcluded();
  const Provenance provenance =
      MakeProvenance(loaded->instrument, loaded->hash, moments, "2025-03-01T10:00:00Z");
  EXPECT_EQ(provenance.instrument, "partnership-capability@1.0.0");
  EXPECT_EQ(provenance.content_hash, loaded->hash);
  EXPECT_EQ(provenance.content_hash.rfind("sha256:", 0), 0u);
  EXPECT_EQ(provenance.scoring_method, "mean_of_answered");
  EXPECT_EQ(provenance.scoring_version, "tessera-scoring/1");
  EXPECT_EQ(provenance.n_used, 2);
  EXPECT_EQ(provenance.n_excluded, 1);
  EXPECT_EQ(provenance.missing_data_rule, MissingDataRule(loaded->instrument.scoring));
  EXPECT_NE(provenance.missing_data_rule.find("60%"), std::string::npos);
  EXPECT_EQ(provenance.computed_at, "2025-03-01T10:00:00Z");

  const nlohmann::json json = provenance.ToJson();
  EXPECT_EQ(json["instrument"], "partnership-capability@1.0.0");
  EXPECT_EQ(json["content_hash"], loaded->hash);
  EXPECT_EQ(json["scoring_version"], "tessera-scoring/1");
  EXPECT_EQ(json["n_used"], 2);
  EXPECT_EQ(json["n_excluded"], 1);
  EXPECT_EQ(json["computed_at"], "2025-03-01T10:00:00Z");
  EXPECT_EQ(json.size(), 8u);
}

TEST(ProvenanceTest, EmptyFieldsAreNullSoAMissingStampShows) {
  const auto loaded = Load("staff-attitudes/1.1.0.json");
  ASSERT_NE(loaded, nullptr);
  const nlohmann::json json = MakeProvenance(loaded->instrument, "", 5, 0, "").ToJson();
  EXPECT_TRUE(json["content_hash"].is_null());
  EXPECT_TRUE(json["computed_at"].is_null());
  EXPECT_EQ(json["instrument"], "staff-attitudes@1.1.0");
  EXPECT_TRUE(JsonProvenance(std::nullopt).is_null());
}

TEST(ProvenanceTest, JsonNumbersAreNullWhenNotFinite) {
  EXPECT_EQ(JsonNumber(1.5), nlohmann::json(1.5));
  EXPECT_TRUE(JsonNumber(std::numeric_limits<double>::quiet_NaN()).is_null());
  EXPECT_TRUE(JsonNumber(std::numeric_limits<double>::infinity()).is_null());
  EXPECT_TRUE(JsonNumber(std::optional<double>()).is_null());
  EXPECT_EQ(JsonNumber(std::optional<double>(2.0)), nlohmann::json(2.0));
  EXPECT_TRUE(JsonInterval(std::nullopt).is_null());
  const nlohmann::json interval = JsonInterval(Interval{1.0, std::nan("")});
  EXPECT_EQ(interval["level"], 0.95);
  EXPECT_EQ(interval["lower"], 1.0);
  EXPECT_TRUE(interval["upper"].is_null());
}

}  // namespace
}  // namespace tessera::scoring
