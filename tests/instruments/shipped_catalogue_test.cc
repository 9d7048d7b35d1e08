// The catalogue Tessera ships: it validates, every version is published, and each instrument
// has the shape its issue asks for.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <stdexcept>

#include "instruments/catalogue.h"
#include "instruments/instrument_diff.h"

namespace tessera::instruments {
namespace {

class ShippedCatalogueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments" / "catalogue";
    catalogue_ = new Catalogue(Catalogue::Load(dir, LockFileFor(dir), diagnostics_));
  }
  static void TearDownTestSuite() {
    delete catalogue_;
    catalogue_ = nullptr;
  }
  static const Instrument& Get(const std::string& ref) {
    const LoadedInstrument* loaded = catalogue_->Find(*InstrumentRef::Parse(ref));
    if (loaded == nullptr) throw std::runtime_error(ref + " missing");
    return loaded->instrument;
  }

  static inline Catalogue* catalogue_ = nullptr;
  static inline Diagnostics* diagnostics_ = new Diagnostics;
};

TEST_F(ShippedCatalogueTest, ValidatesWithoutProblemsAndEveryVersionIsPublished) {
  for (const auto& d : *diagnostics_) ADD_FAILURE() << d.ToString();
  const auto all = catalogue_->All();
  EXPECT_EQ(all.size(), 5u);
  for (const auto* loaded : all) {
    EXPECT_TRUE(catalogue_->IsPublished(*loaded)) << loaded->instrument.ref().ToString();
  }
}

TEST_F(ShippedCatalogueTest, CapabilityCoversSevenDomainsAndTheTenIndicators) {
  const Instrument& in = Get("partnership-capability@1.0.0");
  const std::vector<std::string> domains = {"attitudes",   "policies",   "knowledge", "skills",
                                            "performance", "evaluation", "resources"};
  size_t scored = 0;
  for (const auto& id : domains) {
    const Dimension* dimension = in.FindDimension(id);
    ASSERT_NE(dimension, nullptr) << id;
    EXPECT_EQ(dimension->kind, DimensionKind::kDomain);
    EXPECT_GE(in.ItemsOf(id).size(), 5u) << id;
    scored += in.ItemsOf(id).size();
    for (const auto& band : in.scoring.bands) {
      EXPECT_TRUE(dimension->next_steps.count(band.id)) << id << " has no steps for " << band.id;
    }
  }
  EXPECT_GE(scored, 45u);
  for (int n = 1; n <= 10; ++n) {
    const std::string id = (n < 10 ? "PERF-0" : "PERF-") + std::to_string(n);
    const Item* item = in.FindItem(id);
    ASSERT_NE(item, nullptr) << id;
    EXPECT_EQ(item->dimension, "performance");
    EXPECT_EQ(item->source,
              "002 \xC2\xA7"
              "6.5 indicator " +
                  std::to_string(n));
  }
  const ResponseScale* maturity = in.FindScale(in.ItemsOf("attitudes")[0]->scale);
  ASSERT_NE(maturity, nullptr);
  EXPECT_EQ(maturity->min(), 0);
  EXPECT_EQ(maturity->max(), 4);
  ASSERT_EQ(maturity->codes.size(), 1u);
  EXPECT_EQ(maturity->codes[0].meaning, CodeMeaning::kDontKnow);
}

TEST_F(ShippedCatalogueTest, StaffAttitudesHasNineScalesWithReverseKeysAndGroupings) {
  const Instrument& in = Get("staff-attitudes@1.0.0");
  size_t scales = 0;
  size_t reverse = 0;
  for (const auto& dimension : in.dimensions) {
    EXPECT_EQ(dimension.kind, DimensionKind::kScale);
    EXPECT_GE(in.ItemsOf(dimension.id).size(), 3u) << dimension.id;
    ++scales;
  }
  EXPECT_EQ(scales, 9u);
  std::set<Grouping> groupings;
  size_t free_text = 0;
  for (const Item* item : in.Items()) {
    reverse += item->reverse ? 1 : 0;
    if (item->grouping != Grouping::kNone) {
      groupings.insert(item->grouping);
      EXPECT_FALSE(item->required) << item->id;
    }
    if (item->type == ItemType::kText) {
      ++free_text;
      EXPECT_FALSE(item->required) << item->id;
    }
  }
  EXPECT_GT(reverse, 0u);
  EXPECT_EQ(free_text, 2u);
  for (Grouping g : {Grouping::kTeam, Grouping::kRole, Grouping::kTenure, Grouping::kIdentity}) {
    EXPECT_TRUE(groupings.count(g)) << ToString(g);
  }
}

TEST_F(ShippedCatalogueTest, EveryItemCitesAListedSeedSection) {
  const std::regex citation("^[0-9]{3} \xC2\xA7.+$");
  for (const auto* loaded : catalogue_->All()) {
    std::set<std::string> seeds;
    for (const auto& source : loaded->instrument.sources) seeds.insert(source.seed);
    for (const Item* item : loaded->instrument.Items()) {
      EXPECT_TRUE(std::regex_match(item->source, citation)) << item->id;
      EXPECT_TRUE(seeds.count(item->source.substr(0, 3))) << item->id;
    }
  }
}

TEST_F(ShippedCatalogueTest, StaffAttitudesRevisionRewordsAddsAndRetiresOneItemEach) {
  auto diff = DiffVersions(*catalogue_, *InstrumentRef::Parse("staff-attitudes@1.0.0"),
                           *InstrumentRef::Parse("staff-attitudes@1.1.0"));
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  EXPECT_EQ(diff->Count(ItemChange::kReworded), 1u);
  EXPECT_EQ(diff->Count(ItemChange::kAdded), 1u);
  EXPECT_EQ(diff->Count(ItemChange::kRetired), 1u);
  const Instrument& old_in = Get("staff-attitudes@1.0.0");
  EXPECT_EQ(diff->Count(ItemChange::kUnchanged) + diff->Count(ItemChange::kReworded) +
                diff->Count(ItemChange::kRetired),
            old_in.Items().size());
}

TEST_F(ShippedCatalogueTest, DiffRefusesWrongOrderOrDifferentInstruments) {
  auto backwards = DiffVersions(*catalogue_, *InstrumentRef::Parse("staff-attitudes@1.1.0"),
                                *InstrumentRef::Parse("staff-attitudes@1.0.0"));
  EXPECT_EQ(backwards.status().code(), StatusCode::kInvalidArgument);
  auto mixed = DiffVersions(*catalogue_, *InstrumentRef::Parse("staff-attitudes@1.0.0"),
                            *InstrumentRef::Parse("partner-feedback@1.0.0"));
  EXPECT_EQ(mixed.status().code(), StatusCode::kInvalidArgument);
  auto missing = DiffVersions(*catalogue_, *InstrumentRef::Parse("staff-attitudes@1.0.0"),
                              *InstrumentRef::Parse("staff-attitudes@9.0.0"));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_F(ShippedCatalogueTest, BandsCoverTheRangeSoEveryScoreHasALevel) {
  for (const auto* loaded : catalogue_->All()) {
    const ScoringModel& scoring = loaded->instrument.scoring;
    for (double score = scoring.range_min; score <= scoring.range_max; score += 0.01) {
      EXPECT_NE(scoring.BandFor(score), nullptr) << loaded->instrument.id << " " << score;
    }
    EXPECT_EQ(scoring.BandFor(scoring.range_max), &scoring.bands.back());
    EXPECT_EQ(scoring.BandFor(scoring.range_min), &scoring.bands.front());
    EXPECT_EQ(scoring.BandFor(scoring.range_max + 0.5), nullptr);
  }
}

}  // namespace
}  // namespace tessera::instruments
