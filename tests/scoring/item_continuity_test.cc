#include "scoring/item_continuity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "instruments/catalogue.h"
#include "instruments/instrument_diff.h"
#include "instruments/instrument_loader.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;

using testing::LoadCatalogueInstrument;

ins::Item* MutableItem(ins::Instrument* instrument, const std::string& id) {
  for (auto& section : instrument->sections) {
    for (auto& item : section.items) {
      if (item.id == id) return &item;
    }
  }
  return nullptr;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class ItemContinuityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v100_ = LoadCatalogueInstrument("staff-attitudes/1.0.0.json");
    v110_ = LoadCatalogueInstrument("staff-attitudes/1.1.0.json");
    ASSERT_NE(v100_, nullptr);
    ASSERT_NE(v110_, nullptr);
  }
  const ins::Instrument& earlier() const { return v100_->instrument; }
  const ins::Instrument& later() const { return v110_->instrument; }

  std::unique_ptr<ins::LoadedInstrument> v100_;
  std::unique_ptr<ins::LoadedInstrument> v110_;
};

TEST_F(ItemContinuityTest, StaffAttitudesFrom100To110) {
  Result<ItemContinuity> c = MatchItems(earlier(), later());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->earlier, "staff-attitudes@1.0.0");
  EXPECT_EQ(c->later, "staff-attitudes@1.1.0");
  EXPECT_EQ(c->pairs.size(), 42u) << "43 items in 1.1.0, one of them new";
  EXPECT_EQ(c->added, std::vector<std::string>{"SUP-05"});
  EXPECT_EQ(c->retired, std::vector<std::string>{"RSK-03"});
  EXPECT_TRUE(c->warnings.empty());
  size_t reworded = 0;
  for (const ItemPair& pair : c->pairs) {
    EXPECT_EQ(pair.earlier, pair.later) << "1.1.0 kept every continued id";
    EXPECT_TRUE(pair.notes.empty()) << pair.later;
    if (pair.reworded) {
      ++reworded;
      EXPECT_EQ(pair.later, "SKL-01");
    }
  }
  EXPECT_EQ(reworded, 1u);

  ASSERT_EQ(c->dimensions.size(), 9u);
  size_t unchanged = 0;
  for (const DimensionContinuity& d : c->dimensions) {
    EXPECT_TRUE(d.comparable) << d.dimension << ": " << d.reason;
    EXPECT_TRUE(d.reason.empty());
    unchanged += d.unchanged ? 1 : 0;
  }
  EXPECT_EQ(unchanged, 6u);

  const DimensionContinuity* risk = c->Find("risk-taking");
  ASSERT_NE(risk, nullptr);
  EXPECT_FALSE(risk->unchanged);
  EXPECT_EQ(risk->continued, (std::vector<std::string>{"RSK-01", "RSK-02", "RSK-04"}));
  EXPECT_EQ(risk->removed, std::vector<std::string>{"RSK-03"});
  EXPECT_TRUE(risk->added.empty());

  const DimensionContinuity* support = c->Find("outreach-support");
  ASSERT_NE(support, nullptr);
  EXPECT_EQ(support->added, std::vector<std::string>{"SUP-05"});
  EXPECT_EQ(support->continued.size(), 4u);
  EXPECT_TRUE(support->removed.empty());

  const DimensionContinuity* skills = c->Find("cross-cultural-skills");
  ASSERT_NE(skills, nullptr);
  EXPECT_EQ(skills->reworded, std::vector<std::string>{"SKL-01"});
  EXPECT_EQ(skills->continued.size(), 3u);

  EXPECT_TRUE(c->Find("teamwork")->unchanged);
  EXPECT_EQ(c->Find("no-such-dimension"), nullptr);
}

TEST_F(ItemContinuityTest, AgreesWithTheInstrumentDiffOfTheCli) {
  const auto dir = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
  ins::Diagnostics diagnostics;
  const ins::Catalogue catalogue = ins::Catalogue::Load(dir, ins::LockFileFor(dir), &diagnostics);
  Result<ins::InstrumentDiff> diff = ins::DiffVersions(catalogue, earlier().ref(), later().ref());
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  Result<ItemContinuity> c = MatchItems(earlier(), later());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pairs.size(),
            diff->Count(ins::ItemChange::kUnchanged) + diff->Count(ins::ItemChange::kReworded));
  EXPECT_EQ(c->added.size(), diff->Count(ins::ItemChange::kAdded));
  EXPECT_EQ(c->retired.size(), diff->Count(ins::ItemChange::kRetired));
  size_t p = 0;
  for (const ins::ItemDiff& item : diff->items) {
    if (item.change != ins::ItemChange::kUnchanged && item.change != ins::ItemChange::kReworded) {
      continue;
    }
    ASSERT_LT(p, c->pairs.size());
    EXPECT_EQ(c->pairs[p].earlier, item.old_id);
    EXPECT_EQ(c->pairs[p].later, item.new_id);
    EXPECT_EQ(c->pairs[p].reworded, item.change == ins::ItemChange::kReworded);
    ++p;
  }
}

TEST_F(ItemContinuityTest, TheSameVersionMatchesEveryItemOnItsId) {
  Result<ItemContinuity> c = MatchItems(later(), later());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pairs.size(), later().Items().size());
  EXPECT_TRUE(c->added.empty());
  EXPECT_TRUE(c->retired.empty());
  for (const DimensionContinuity& d : c->dimensions) EXPECT_TRUE(d.unchanged) << d.dimension;
  // 1.0.0 declares no `continues` at all, and still matches itself.
  EXPECT_EQ(MatchItems(earlier(), earlier())->pairs.size(), earlier().Items().size());
}

TEST_F(ItemContinuityTest, AnIdWithoutContinuesIsANewQuestionWithAWarning) {
  ins::Instrument edited = later();
  MutableItem(&edited, "DIV-02")->continues.reset();
  Result<ItemContinuity> c = MatchItems(earlier(), edited);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(Contains(c->added, "DIV-02"));
  EXPECT_TRUE(Contains(c->retired, "DIV-02"));
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_NE(c->warnings[0].find("\"DIV-02\""), std::string::npos) << c->warnings[0];
  const DimensionContinuity* d = c->Find("diversity-attitudes");
  EXPECT_TRUE(d->comparable) << "three items still carry on";
  EXPECT_FALSE(d->unchanged);
  EXPECT_EQ(d->added, std::vector<std::string>{"DIV-02"});
  EXPECT_EQ(d->removed, std::vector<std::string>{"DIV-02"});
}

TEST_F(ItemContinuityTest, ScoringChangesAreRescoredAndMovesAreAddedAndRemoved) {
  ins::Instrument edited = later();
  MutableItem(&edited, "TEAM-01")->reverse = true;
  MutableItem(&edited, "PRT-01")->dimension = "teamwork";
  Result<ItemContinuity> c = MatchItems(earlier(), edited);
  ASSERT_TRUE(c.ok());
  const DimensionContinuity* teamwork = c->Find("teamwork");
  EXPECT_EQ(teamwork->rescored, std::vector<std::string>{"TEAM-01"});
  EXPECT_EQ(teamwork->added, std::vector<std::string>{"PRT-01"});
  EXPECT_TRUE(teamwork->comparable);
  EXPECT_FALSE(teamwork->unchanged);
  const DimensionContinuity* partnership = c->Find("partnership");
  EXPECT_EQ(partnership->removed, std::vector<std::string>{"PRT-01"});
  EXPECT_FALSE(Contains(c->retired, "PRT-01")) << "moved, not retired";
  for (const ItemPair& pair : c->pairs) {
    if (pair.later == "TEAM-01") {
      EXPECT_EQ(pair.notes, std::vector<std::string>{"now reverse-keyed"});
    }
    if (pair.later == "PRT-01") {
      EXPECT_EQ(pair.notes, std::vector<std::string>{"dimension partnership -> teamwork"});
    }
  }
}

TEST_F(ItemContinuityTest, ADimensionIsNotComparableWithoutSharedItemsOrRange) {
  ins::Instrument edited = later();
  for (const char* id : {"CHG-01", "CHG-02", "CHG-03", "CHG-04"}) {
    MutableItem(&edited, id)->continues.reset();
  }
  ins::Dimension fresh;
  fresh.id = "speaking-up";
  fresh.title = "Speaking up";
  edited.dimensions.push_back(fresh);
  edited.dimensions.erase(edited.dimensions.begin());  // drop diversity-attitudes
  Result<ItemContinuity> c = MatchItems(earlier(), edited);
  ASSERT_TRUE(c.ok());
  const DimensionContinuity* change = c->Find("change");
  EXPECT_FALSE(change->comparable);
  EXPECT_EQ(change->reason, "no item feeds it in both versions");
  const DimensionContinuity* speaking = c->Find("speaking-up");
  EXPECT_FALSE(speaking->comparable);
  EXPECT_FALSE(speaking->in_earlier);
  EXPECT_EQ(speaking->reason, "new in staff-attitudes@1.1.0");
  const DimensionContinuity* attitudes = c->Find("diversity-attitudes");
  ASSERT_NE(attitudes, nullptr);
  EXPECT_FALSE(attitudes->in_later);
  EXPECT_EQ(attitudes->reason, "retired in staff-attitudes@1.1.0");
  EXPECT_EQ(c->dimensions.back().dimension, "diversity-attitudes") << "earlier-only dims last";

  ins::Instrument rescaled = later();
  rescaled.scoring.range_min = 0;
  rescaled.scoring.range_max = 4;
  Result<ItemContinuity> r = MatchItems(earlier(), rescaled);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->Find("teamwork")->comparable);
  EXPECT_EQ(r->Find("teamwork")->reason, "the scoring range changed from 1..5 to 0..4");
}

TEST_F(ItemContinuityTest, FollowsContinuesThroughAVersionInBetween) {
  ins::Instrument v120 = later();
  v120.version = ins::Version{1, 2, 0};
  for (auto& section : v120.sections) {
    for (auto& item : section.items) item.continues = ins::Continuation{later().version, item.id};
  }
  const ins::VersionLookup lookup = [&](const std::string& id, const ins::Version& version) {
    return id == later().id && version == later().version ? &later() : nullptr;
  };
  Result<ItemContinuity> through = MatchItems(earlier(), v120, lookup);
  ASSERT_TRUE(through.ok());
  EXPECT_EQ(through->pairs.size(), 42u);
  EXPECT_EQ(through->added, std::vector<std::string>{"SUP-05"});
  EXPECT_EQ(through->retired, std::vector<std::string>{"RSK-03"});
  EXPECT_TRUE(through->warnings.empty());

  Result<ItemContinuity> blind = MatchItems(earlier(), v120);
  ASSERT_TRUE(blind.ok());
  EXPECT_TRUE(blind->pairs.empty());
  EXPECT_EQ(blind->added.size(), v120.Items().size());
  EXPECT_FALSE(blind->warnings.empty());
  EXPECT_NE(blind->warnings[0].find("staff-attitudes@1.1.0, which was not supplied"),
            std::string::npos)
      << blind->warnings[0];
}

TEST_F(ItemContinuityTest, RejectsOtherInstrumentsAndTheWrongOrder) {
  EXPECT_EQ(MatchItems(later(), earlier()).status().code(), StatusCode::kInvalidArgument);
  const auto other = LoadCatalogueInstrument("partner-feedback/1.0.0.json");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(MatchItems(earlier(), other->instrument).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ItemContinuityTest, JsonListsPairsAndDimensions) {
  const nlohmann::json json = MatchItems(earlier(), later())->ToJson();
  EXPECT_EQ(json["earlier"], "staff-attitudes@1.0.0");
  EXPECT_EQ(json["pairs"].size(), 42u);
  EXPECT_EQ(json["added"][0], "SUP-05");
  EXPECT_EQ(json["retired"][0], "RSK-03");
  EXPECT_EQ(json["dimensions"].size(), 9u);
  EXPECT_TRUE(json["dimensions"][0]["reason"].is_null());
  EXPECT_TRUE(json["warnings"].empty());
}

}  // namespace
}  // namespace tessera::scoring
