// The score report: the threshold applied to the whole campaign, to each dimension and to each
// item inside a shown group, and a scale's pooled favourability withheld when one of its items
// is (or the pooled counts minus the shown items would give that item away).
#include "scoring/campaign_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "instruments/instrument_loader.h"

namespace tessera::scoring {
namespace {

using nlohmann::json;
namespace ins = tessera::instruments;

class CampaignReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ins::Diagnostics diagnostics;
    loaded_ = ins::LoadInstrumentFile(std::filesystem::path(TESSERA_SOURCE_DIR) /
                                          "instruments/catalogue/staff-attitudes/1.1.0.json",
                                      &diagnostics);
    ASSERT_NE(loaded_, nullptr);
    auto layout = ResponseLayout::Build(loaded_->instrument, {"youth", "care"});
    ASSERT_TRUE(layout.ok()) << layout.status().ToString();
    layout_ = std::make_unique<ResponseLayout>(std::move(*layout));
  }

  // `people` respondents answering every scored item with `value` (recoded: a reverse-keyed
  // item gets 6 - value); the first `div01` of them also answer DIV-01 (the others skip it).
  CampaignStatistics Statistics(int people, int div01, int value = 4) {
    CampaignStatistics statistics(*layout_);
    std::vector<uint8_t> row(layout_->width());
    for (int p = 0; p < people; ++p) {
      json answers = json::object();
      for (const ins::Item* item : loaded_->instrument.Items()) {
        if (item->scored() && (item->id != "DIV-01" || p < div01))
          answers[item->id] = item->reverse ? 6 - value : value;
      }
      answers["team"] = p % 2 ? "youth" : "care";
      std::fill(row.begin(), row.end(), kCellMissing);
      layout_->Encode(answers, row.data());
      statistics.Add(row.data());
    }
    return statistics;
  }

  std::unique_ptr<ins::LoadedInstrument> loaded_;
  std::unique_ptr<ResponseLayout> layout_;
};

TEST_F(CampaignReportTest, ACampaignUnderKShowsNothingButItsSize) {
  const CampaignStatistics statistics = Statistics(4, 4);
  auto report = BuildScoreReport(loaded_->instrument, statistics, ReportOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE((*report)["suppressed"].get<bool>());
  EXPECT_FALSE(report->contains("dimensions"));
  EXPECT_FALSE(report->contains("recommendations"));
}

TEST_F(CampaignReportTest, AnItemAnsweredByFewerThanKIsWithheldAndSoIsItsScalesPool) {
  const CampaignStatistics statistics = Statistics(10, 3);
  auto report = BuildScoreReport(loaded_->instrument, statistics, ReportOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const json& first = (*report)["dimensions"][0];
  ASSERT_EQ(first["items"][0]["item"], "DIV-01");
  EXPECT_TRUE(first["items"][0]["suppressed"].get<bool>());
  EXPECT_FALSE(first["items"][0].contains("values"));
  EXPECT_FALSE(first["items"][0].contains("mean"));
  EXPECT_TRUE(first["favourability"]["suppressed"].get<bool>());
  EXPECT_FALSE(first["items"][1].contains("suppressed"));
  EXPECT_EQ(first["items"][1]["n"], 10);
  // Another scale is untouched.
  EXPECT_FALSE((*report)["dimensions"][1]["favourability"].contains("suppressed"));
  EXPECT_EQ((*report)["provenance"]["n_used"], 10);
}

TEST_F(CampaignReportTest, CellsOfABreakdownCarryItemsWithTheSameRules) {
  const CampaignStatistics statistics = Statistics(20, 20);
  auto report =
      BuildScoreReport(loaded_->instrument, statistics, ReportOptions{}, BreakdownOptions{0, {}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const json& cells = (*report)["breakdown"]["cells"];
  ASSERT_EQ(cells.size(), 3u);  // youth, care, not stated
  EXPECT_TRUE(cells[0]["shown"].get<bool>());
  EXPECT_EQ(cells[0]["respondents"], 10);
  EXPECT_EQ(cells[0]["dimensions"][0]["items"][0]["n"], 10);
  EXPECT_FALSE(cells[0]["dimensions"][0].contains("provenance"));
  EXPECT_FALSE(cells[2]["shown"].get<bool>());
  EXPECT_EQ(cells[2]["decision"], "not_stated");
}

TEST_F(CampaignReportTest, AnEvaluatorsOwnFileIsNotSuppressedAndSaysSo) {
  const CampaignStatistics statistics = Statistics(3, 1);
  ReportOptions options;
  options.enforce_threshold = false;
  auto report = BuildScoreReport(loaded_->instrument, statistics, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE((*report)["threshold"].is_null());
  EXPECT_TRUE(report->contains("note"));
  EXPECT_EQ((*report)["dimensions"][0]["items"][0]["n"], 1);
}

TEST_F(CampaignReportTest, ReliabilityReportCoversEveryScale) {
  CampaignStatistics statistics = Statistics(6, 6, 4);
  // Vary the answers so the scales have variance.
  const CampaignStatistics more = Statistics(6, 6, 2);
  statistics.Merge(more);
  auto report = BuildReliabilityReport(loaded_->instrument, statistics, ReportOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ((*report)["scales"].size(), loaded_->instrument.dimensions.size());
  for (const json& scale : (*report)["scales"]) {
    EXPECT_NEAR(scale["raw_alpha"].get<double>(), 1.0, 1e-9) << scale["dimension"];
  }
}

}  // namespace
}  // namespace tessera::scoring
