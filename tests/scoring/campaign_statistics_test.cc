#include "scoring/campaign_statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "instruments/instrument_loader.h"
#include "scoring/respondent_scores.h"
#include "scoring_test_support.h"

namespace tessera::scoring {
namespace {

namespace ins = tessera::instruments;
using nlohmann::json;

const std::vector<std::string> kTeams = {"finance", "outreach", "care", "housing"};

using testing::Category;
using testing::Code;
using testing::Dimension;
using testing::Number;

struct Ref {
  const char* id;
  const char* version;
};
const Ref kCatalogue[] = {{"staff-attitudes", "1.0.0"},
                          {"staff-attitudes", "1.1.0"},
                          {"partner-feedback", "1.0.0"},
                          {"partnership-capability", "1.0.0"},
                          {"partnership-charter", "1.0.0"}};

void PrintTo(const Ref& ref, std::ostream* out) { *out << ref.id << "@" << ref.version; }

ins::Instrument Load(const Ref& ref) { return testing::CatalogueInstrument(ref.id, ref.version); }

// ---------------------------------------------------------------------------------------------
// Seeded random answers: values, codes ("dk", "na"), unanswered items, answers that are not on
// the scale, grouping answers including "prefer not to say" and teams that do not exist.

json RandomAnswers(const ins::Instrument& in, const std::vector<std::string>& teams,
                   std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0, 1);
  // Respondents differ in how much they skip, so the minimum-share rule excludes some.
  const double skip = std::vector<double>{0.02, 0.1, 0.35, 0.7}[rng() % 4];
  const double level = unit(rng);  // a rough latent trait, so items correlate
  json answers = json::object();
  for (const ins::Item* item : in.Items()) {
    const ins::ResponseScale* scale = in.FindScale(item->scale);
    if (scale == nullptr) continue;
    const double u = unit(rng);
    if (item->scored()) {
      if (u < skip) continue;
      if (u < skip + 0.08 && !scale->codes.empty()) {
        answers[item->id] = scale->codes[rng() % scale->codes.size()].code;
      } else if (u < skip + 0.09) {
        const json junk[] = {99, 3.0, "maybe", nullptr, -1};
        answers[item->id] = junk[rng() % 5];
      } else {
        const size_t k = scale->values.size();
        const double noisy = level * static_cast<double>(k) + (unit(rng) - 0.5) * 2.5;
        const auto index = static_cast<size_t>(std::clamp(noisy, 0.0, static_cast<double>(k - 1)));
        const size_t pick = item->reverse ? k - 1 - index : index;
        answers[item->id] = scale->values[pick].number;
      }
    } else if (item->grouping != ins::Grouping::kNone) {
      if (u < 0.1) continue;
      if (u < 0.2) {
        answers[item->id] = scale->codes.front().code;  // "prefer not to say"
      } else if (u < 0.22) {
        answers[item->id] = "nobody";
      } else if (!scale->values_from.empty()) {
        if (!teams.empty()) answers[item->id] = teams[rng() % teams.size()];
      } else {
        const auto& value = scale->values[rng() % scale->values.size()];
        if (scale->ordered()) {
          answers[item->id] = value.number;
        } else {
          answers[item->id] = value.code;
        }
      }
    }
  }
  return answers;
}

// ---------------------------------------------------------------------------------------------
// The reference: statistics computed straight from the JSON answers with the shared building
// blocks (ScoreRespondent, RecodedValue, ItemHistogram, PairwiseMoments::Add), one respondent
// at a time. It shares no code with the compact matrix or CampaignStatistics' accumulators.

struct Reference {
  GroupStatistics overall;
  std::vector<std::vector<GroupStatistics>> cells;
};

void AddToGroup(const ins::Instrument& in, const ResponseLayout& layout, const json& answers,
                bool reliability, GroupStatistics& group) {
  ++group.respondents;
  for (size_t c = 0; c < layout.scored().size(); ++c) {
    const ins::Item& item = *in.FindItem(layout.scored()[c].item_id);
    const ins::ResponseScale& scale = *in.FindScale(item.scale);
    ItemHistogram& histogram = group.items[c];
    auto it = answers.find(item.id);
    if (it == answers.end()) {
      histogram.AddMissing();
      continue;
    }
    if (it->is_string()) {
      size_t code = scale.codes.size();
      for (size_t i = 0; i < scale.codes.size(); ++i) {
        if (scale.codes[i].code == it->get<std::string>()) code = i;
      }
      if (code < scale.codes.size()) {
        histogram.AddCode(code);
      } else {
        histogram.AddMissing();
      }
      continue;
    }
    // A raw value counts when reverse keying is off and RecodedValue accepts it.
    ins::Item plain = item;
    plain.reverse = false;
    if (auto value = RecodedValue(plain, scale, *it)) {
      histogram.AddValue(static_cast<int>(*value));
    } else {
      histogram.AddMissing();
    }
  }
  const auto scores = ScoreRespondent(in, answers);
  for (size_t d = 0; d < scores.size(); ++d) {
    if (scores[d].score) {
      group.dimensions[d].Add(*scores[d].score);
    } else {
      group.dimensions[d].AddExcluded();
    }
  }
  if (!reliability) return;
  for (size_t d = 0; d < in.dimensions.size(); ++d) {
    const auto items = in.ItemsOf(in.dimensions[d].id);
    std::vector<int> values(items.size() + 1, 0);
    std::unique_ptr<bool[]> present(new bool[items.size() + 1]());
    for (size_t i = 0; i < items.size(); ++i) {
      auto it = answers.find(items[i]->id);
      if (it == answers.end()) continue;
      if (auto value = RecodedValue(*items[i], *in.FindScale(items[i]->scale), *it)) {
        values[i] = static_cast<int>(*value);
        present[i] = true;
      }
    }
    group.reliability[d].Add(values.data(), present.get());
  }
}

size_t CellOf(const ins::Instrument& in, const GroupingColumn& column, const json& answers) {
  auto it = answers.find(column.item_id);
  if (it == answers.end()) return column.categories.size();
  const ins::ResponseScale& scale = *in.FindScale(in.FindItem(column.item_id)->scale);
  const std::string text = it->is_string()
                               ? it->get<std::string>()
                               : (scale.ordered() && it->is_number_integer() ? it->dump() : "");
  for (size_t i = 0; i < column.categories.size(); ++i) {
    if (column.categories[i] == text) return i;
  }
  return column.categories.size();
}

Reference Recompute(const ins::Instrument& in, const ResponseLayout& layout,
                    const std::vector<json>& all) {
  Reference reference;
  reference.overall = EmptyGroupStatistics(layout, true);
  for (const GroupingColumn& column : layout.groupings()) {
    reference.cells.emplace_back(column.categories.size() + 1, EmptyGroupStatistics(layout, false));
  }
  for (const json& answers : all) {
    AddToGroup(in, layout, answers, true, reference.overall);
    for (size_t g = 0; g < layout.groupings().size(); ++g) {
      const size_t cell = CellOf(in, layout.groupings()[g], answers);
      AddToGroup(in, layout, answers, false, reference.cells[g][cell]);
    }
  }
  return reference;
}

// Counts and integer moments exactly; double score sums within 1e-9 relative.
void ExpectMatchesReference(const GroupStatistics& actual, const GroupStatistics& expected,
                            const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(actual.respondents, expected.respondents);
  ASSERT_EQ(actual.items.size(), expected.items.size());
  for (size_t c = 0; c < actual.items.size(); ++c) {
    EXPECT_EQ(actual.items[c], expected.items[c]) << "item column " << c;
  }
  ASSERT_EQ(actual.dimensions.size(), expected.dimensions.size());
  for (size_t d = 0; d < actual.dimensions.size(); ++d) {
    const ScoreMoments& a = actual.dimensions[d];
    const ScoreMoments& e = expected.dimensions[d];
    EXPECT_EQ(a.n, e.n) << "dimension " << d;
    EXPECT_EQ(a.excluded, e.excluded) << "dimension " << d;
    EXPECT_NEAR(a.sum, e.sum, 1e-9 * std::max(1.0, std::abs(e.sum))) << "dimension " << d;
    EXPECT_NEAR(a.sum_squares, e.sum_squares, 1e-9 * std::max(1.0, std::abs(e.sum_squares)))
        << "dimension " << d;
  }
  ASSERT_EQ(actual.reliability.size(), expected.reliability.size());
  for (size_t d = 0; d < actual.reliability.size(); ++d) {
    EXPECT_TRUE(actual.reliability[d] == expected.reliability[d]) << "reliability " << d;
  }
}

void ExpectMatchesReference(const CampaignStatistics& statistics, const Reference& reference) {
  EXPECT_EQ(statistics.respondents(), reference.overall.respondents);
  ExpectMatchesReference(statistics.overall(), reference.overall, "overall");
  ASSERT_EQ(reference.cells.size(), statistics.layout().groupings().size());
  for (size_t g = 0; g < reference.cells.size(); ++g) {
    const auto& cells = statistics.cells(g);
    ASSERT_EQ(cells.size(), reference.cells[g].size());
    for (size_t cell = 0; cell < cells.size(); ++cell) {
      ExpectMatchesReference(cells[cell], reference.cells[g][cell],
                             "grouping " + std::to_string(g) + " cell " + std::to_string(cell));
    }
  }
}

// Exactly equal, doubles included.
void ExpectIdentical(const CampaignStatistics& a, const CampaignStatistics& b) {
  EXPECT_EQ(a.respondents(), b.respondents());
  EXPECT_TRUE(a.overall() == b.overall());
  for (size_t g = 0; g < a.layout().groupings().size(); ++g) {
    ASSERT_EQ(a.cells(g).size(), b.cells(g).size());
    for (size_t cell = 0; cell < a.cells(g).size(); ++cell) {
      EXPECT_TRUE(a.cells(g)[cell] == b.cells(g)[cell]) << "grouping " << g << " cell " << cell;
    }
  }
}

std::vector<uint8_t> EncodeAll(const ResponseLayout& layout, const std::vector<json>& all) {
  std::vector<uint8_t> rows(all.size() * layout.width());
  for (size_t r = 0; r < all.size(); ++r) layout.Encode(all[r], rows.data() + r * layout.width());
  return rows;
}

class CatalogueStatisticsTest : public ::testing::TestWithParam<Ref> {};

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueStatisticsTest, ::testing::ValuesIn(kCatalogue),
                         [](const auto& param_info) {
                           std::string name =
                               std::string(param_info.param.id) + "_" + param_info.param.version;
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return name;
                         });

// Each respondent's dimension scores, alone in a group, are exactly ScoreRespondent's.
TEST_P(CatalogueStatisticsTest, RespondentScoresEqualScoreRespondent) {
  const ins::Instrument in = Load(GetParam());
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok()) << layout.status().ToString();
  std::mt19937_64 rng(20261126);
  std::vector<uint8_t> row(layout->width());
  size_t scored = 0;
  size_t excluded = 0;
  for (int r = 0; r < 400; ++r) {
    const json answers = RandomAnswers(in, kTeams, rng);
    layout->Encode(answers, row.data());
    CampaignStatistics one(*layout);
    one.Add(row.data());
    const auto expected = ScoreRespondent(in, answers);
    const auto& actual = one.overall().dimensions;
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t d = 0; d < expected.size(); ++d) {
      SCOPED_TRACE(expected[d].dimension + " of respondent " + std::to_string(r));
      if (expected[d].score) {
        ++scored;
        EXPECT_EQ(actual[d].n, 1);
        EXPECT_EQ(actual[d].excluded, 0);
        EXPECT_EQ(actual[d].sum, *expected[d].score);  // bit for bit
        EXPECT_DOUBLE_EQ(actual[d].sum_squares, *expected[d].score * *expected[d].score);
      } else {
        ++excluded;
        EXPECT_EQ(actual[d].n, 0);
        EXPECT_EQ(actual[d].excluded, 1);
        EXPECT_EQ(actual[d].sum, 0.0);
      }
    }
  }
  // The generator exercises both sides of the minimum-share rule.
  EXPECT_GT(scored, 1000u);
  EXPECT_GT(excluded, 200u);
}

// Histograms, score moments and reliability moments of the whole campaign and of every cell
// equal the reference computed from the JSON answers.
TEST_P(CatalogueStatisticsTest, MatchesTheReferenceComputedFromAnswers) {
  const ins::Instrument in = Load(GetParam());
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  std::mt19937_64 rng(7);
  std::vector<json> all;
  for (int r = 0; r < 1000; ++r) all.push_back(RandomAnswers(in, kTeams, rng));
  const auto rows = EncodeAll(*layout, all);
  CampaignStatistics statistics(*layout);
  statistics.AddRows(rows.data(), all.size());
  ExpectMatchesReference(statistics, Recompute(in, *layout, all));
}

// The property: any insertion order, any split into batches, merged in any order, gives exactly
// the statistics of one full pass, and both match the reference.
TEST_P(CatalogueStatisticsTest, IncrementalEqualsFullRecompute) {
  const ins::Instrument in = Load(GetParam());
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed * 7919);
    std::vector<json> all;
    const int n = 300 + static_cast<int>(rng() % 400);
    for (int r = 0; r < n; ++r) all.push_back(RandomAnswers(in, kTeams, rng));
    const size_t width = layout->width();

    CampaignStatistics full(*layout);
    const auto rows = EncodeAll(*layout, all);
    full.AddRows(rows.data(), all.size());

    // Random order, random batches (some row by row, some in one AddRows call), reads in
    // between, then merged in random order.
    std::vector<size_t> order(all.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<CampaignStatistics> batches;
    for (size_t start = 0; start < order.size();) {
      const size_t size = std::min<size_t>(1 + rng() % 150, order.size() - start);
      CampaignStatistics batch(*layout);
      std::vector<uint8_t> chunk(size * width);
      for (size_t i = 0; i < size; ++i) {
        layout->Encode(all[order[start + i]], chunk.data() + i * width);
      }
      if (rng() % 2 == 0) {
        batch.AddRows(chunk.data(), size);
      } else {
        for (size_t i = 0; i < size; ++i) {
          batch.Add(chunk.data() + i * width);
          if (i == size / 2) (void)batch.overall();  // a read must not disturb what follows
        }
      }
      batches.push_back(std::move(batch));
      start += size;
    }
    std::shuffle(batches.begin(), batches.end(), rng);
    // Merge as a random tree: pick two, merge one into the other, until one is left.
    while (batches.size() > 1) {
      const size_t a = rng() % batches.size();
      size_t b = rng() % (batches.size() - 1);
      if (b >= a) ++b;
      batches[a].Merge(batches[b]);
      batches.erase(batches.begin() + static_cast<std::ptrdiff_t>(b));
    }
    ExpectIdentical(batches.front(), full);
    ExpectMatchesReference(batches.front(), Recompute(in, *layout, all));
  }
}

// The cells of every grouping partition the whole campaign.
TEST_P(CatalogueStatisticsTest, CellsPartitionTheOverallGroup) {
  const ins::Instrument in = Load(GetParam());
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  std::mt19937_64 rng(99);
  std::vector<json> all;
  for (int r = 0; r < 500; ++r) all.push_back(RandomAnswers(in, kTeams, rng));
  const auto rows = EncodeAll(*layout, all);
  CampaignStatistics statistics(*layout);
  statistics.AddRows(rows.data(), all.size());
  GroupStatistics overall = statistics.overall();
  overall.reliability.clear();
  for (size_t g = 0; g < layout->groupings().size(); ++g) {
    GroupStatistics sum;
    int64_t not_stated = 0;
    for (const auto& cell : statistics.cells(g)) sum.Merge(cell);
    not_stated = statistics.cells(g).back().respondents;
    ExpectMatchesReference(sum, overall, "grouping " + std::to_string(g));
    EXPECT_GT(not_stated, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Instruments built in code for paths the catalogue does not reach.

ins::ResponseScale Ordinal(const std::string& id, int min, int max) {
  ins::ResponseScale scale;
  scale.id = id;
  for (int v = min; v <= max; ++v) scale.values.push_back(Number(v));
  scale.codes.push_back(Code("dk"));
  return scale;
}

// Dimension "small" mixes a 1..5 and a 0..4 scale (joint counts); dimension "wide" uses 0..20
// (too wide for joint counts, so moments are kept per respondent). Optional grouping "side".
ins::Instrument MixedInstrument(bool with_grouping) {
  ins::Instrument in;
  in.id = "mixed";
  in.scoring.min_answered_share = 0.6;
  in.scales = {Ordinal("agree", 1, 5), Ordinal("zero", 0, 4), Ordinal("wide", 0, 20)};
  ins::ResponseScale sides;
  sides.id = "sides";
  sides.kind = ins::ScaleKind::kNominal;
  sides.values = {Category("a"), Category("b")};
  sides.codes = {Code("pnts", ins::CodeMeaning::kPreferNotToSay)};
  in.scales.push_back(sides);
  in.dimensions = {Dimension("small"), Dimension("wide")};
  ins::Section section;
  section.id = "s";
  auto add = [&section](std::string id, std::string scale, std::string dimension, bool reverse) {
    ins::Item item;
    item.id = std::move(id);
    item.scale = std::move(scale);
    item.dimension = std::move(dimension);
    item.reverse = reverse;
    section.items.push_back(item);
  };
  add("S1", "agree", "small", false);
  add("W1", "wide", "wide", false);
  add("S2", "zero", "small", true);
  add("S3", "agree", "small", true);
  add("W2", "wide", "wide", true);
  add("W3", "wide", "wide", false);
  add("S4", "zero", "small", false);
  if (with_grouping) {
    ins::Item side;
    side.id = "side";
    side.type = ins::ItemType::kSingleChoice;
    side.scale = "sides";
    side.grouping = ins::Grouping::kSide;
    section.items.push_back(side);
  }
  in.sections.push_back(section);
  return in;
}

TEST(CampaignStatisticsTest, MixedAndWideScalesMatchTheReference) {
  for (bool with_grouping : {true, false}) {
    SCOPED_TRACE(with_grouping ? "with a grouping" : "without groupings");
    const ins::Instrument in = MixedInstrument(with_grouping);
    auto layout = ResponseLayout::Build(in, {});
    ASSERT_TRUE(layout.ok()) << layout.status().ToString();
    std::mt19937_64 rng(5);
    std::vector<json> all;
    for (int r = 0; r < 800; ++r) all.push_back(RandomAnswers(in, {}, rng));
    const auto rows = EncodeAll(*layout, all);
    CampaignStatistics full(*layout);
    full.AddRows(rows.data(), all.size());
    ExpectMatchesReference(full, Recompute(in, *layout, all));
    EXPECT_EQ(full.cells(0).size(), with_grouping ? 3u : 0u);

    // Split in two, merged the other way round.
    CampaignStatistics first(*layout);
    CampaignStatistics second(*layout);
    first.AddRows(rows.data(), 300);
    second.AddRows(rows.data() + 300 * layout->width(), all.size() - 300);
    second.Merge(first);
    ExpectIdentical(second, full);
  }
}

// Bytes that no encoding produces (a value past the scale, a code past the scale's codes, a
// category past the list) count as unanswered or "not stated", never out of bounds.
TEST(CampaignStatisticsTest, InvalidCellsCountAsUnanswered) {
  const ins::Instrument in = MixedInstrument(true);
  auto layout = ResponseLayout::Build(in, {});
  ASSERT_TRUE(layout.ok());
  std::mt19937_64 rng(11);
  const size_t width = layout->width();
  const size_t n = 2000;
  std::vector<uint8_t> raw(n * width);
  std::vector<uint8_t> clean(n * width);
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto cell = static_cast<uint8_t>(rng());
    raw[i] = cell;
    const size_t c = i % width;
    bool valid;
    if (c < layout->scored().size()) {
      const ScoredColumn& column = layout->scored()[c];
      valid =
          cell <= column.values() || (cell >= kCellCodeBase && cell < kCellCodeBase + column.codes);
    } else {
      const auto& column = layout->groupings()[c - layout->scored().size()];
      valid = cell <= column.categories.size() ||
              (cell >= kCellCodeBase && cell < kCellCodeBase + column.codes);
    }
    clean[i] = valid ? cell : kCellMissing;
  }
  CampaignStatistics from_raw(*layout);
  CampaignStatistics from_clean(*layout);
  from_raw.AddRows(raw.data(), n);
  from_clean.AddRows(clean.data(), n);
  ExpectIdentical(from_raw, from_clean);
  int64_t total = 0;
  for (const auto& histogram : from_raw.overall().items) total += histogram.respondents();
  EXPECT_EQ(total, static_cast<int64_t>(n * layout->scored().size()));
}

// Counts are kept in 16-bit counters folded into 64-bit totals every 65,535 respondents: far
// more identical respondents than that must still be counted exactly, in one call or many.
TEST(CampaignStatisticsTest, CountsPastSixteenBits) {
  const ins::Instrument in = MixedInstrument(true);
  auto layout = ResponseLayout::Build(in, {});
  ASSERT_TRUE(layout.ok());
  const size_t width = layout->width();
  const json answers = {{"S1", 4},  {"S2", 0}, {"S3", 2},    {"S4", "dk"},
                        {"W1", 20}, {"W2", 3}, {"side", "b"}};
  std::vector<uint8_t> row(width);
  layout->Encode(answers, row.data());
  const size_t n = 140000;
  std::vector<uint8_t> rows(n * width);
  for (size_t r = 0; r < n; ++r) std::copy(row.begin(), row.end(), rows.begin() + r * width);

  CampaignStatistics at_once(*layout);
  at_once.AddRows(rows.data(), n);
  CampaignStatistics one_by_one(*layout);
  for (size_t r = 0; r < 70000; ++r) one_by_one.Add(row.data());
  one_by_one.AddRows(rows.data(), n - 70000);
  ExpectIdentical(at_once, one_by_one);

  // The same respondent n times: every statistic is n times one respondent's.
  CampaignStatistics single(*layout);
  single.Add(row.data());
  ExpectMatchesReference(single, Recompute(in, *layout, {answers}));
  const auto big = static_cast<int64_t>(n);
  const GroupStatistics& overall = at_once.overall();
  EXPECT_EQ(overall.respondents, big);
  EXPECT_EQ(overall.items[0].value_counts[3], big);                                  // S1 = 4
  EXPECT_EQ(overall.items[layout->dimensions()[0].columns[3]].code_counts[0], big);  // S4 dk
  EXPECT_EQ(at_once.cells(0)[1].respondents, big);                                   // side "b"
  const ScoreMoments& small = overall.dimensions[0];
  EXPECT_EQ(small.n, big);
  // S1 4, S2 0 reversed on 0..4 is 4, S3 2 reversed on 1..5 is 4: (4 + 4 + 4) / 3 = 4.
  EXPECT_EQ(small.sum, 4.0 * static_cast<double>(n));
  EXPECT_EQ(small.sum_squares, 16.0 * static_cast<double>(n));
  // W1 20, W2 3 reversed on 0..20 is 17; 2 of 3 answered meets 0.6 * 3 = 1.8: 37 / 2.
  EXPECT_EQ(overall.dimensions[1].n, big);
  EXPECT_EQ(overall.dimensions[1].sum, 18.5 * static_cast<double>(n));
  const PairwiseMoments& pairs = overall.reliability[0];
  EXPECT_EQ(pairs.rows(), big);
  EXPECT_EQ(pairs.complete(), 0);
  EXPECT_EQ(pairs.At(0, 1).n, big);
  EXPECT_EQ(pairs.At(0, 1).sum_xy, 16 * big);
  EXPECT_EQ(pairs.At(0, 3).n, 0);
}

TEST(CampaignStatisticsTest, EmptyStatisticsHaveTheLayoutsShape) {
  const ins::Instrument in = Load(kCatalogue[1]);
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  CampaignStatistics statistics(*layout);
  EXPECT_EQ(statistics.respondents(), 0);
  EXPECT_TRUE(statistics.overall() == EmptyGroupStatistics(*layout, true));
  ASSERT_EQ(statistics.cells(0).size(), kTeams.size() + 1);
  EXPECT_TRUE(statistics.cells(0)[0] == EmptyGroupStatistics(*layout, false));
  EXPECT_TRUE(statistics.cells(99).empty());
}

TEST(CampaignStatisticsTest, CopiesAreIndependentAndReadsFollowAdds) {
  const ins::Instrument in = Load(kCatalogue[3]);
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  std::mt19937_64 rng(3);
  std::vector<json> all;
  for (int r = 0; r < 200; ++r) all.push_back(RandomAnswers(in, kTeams, rng));
  const auto rows = EncodeAll(*layout, all);
  CampaignStatistics statistics(*layout);
  statistics.AddRows(rows.data(), 100);
  EXPECT_EQ(statistics.overall().respondents, 100);
  CampaignStatistics copy = statistics;  // a snapshot
  statistics.AddRows(rows.data() + 100 * layout->width(), 100);
  EXPECT_EQ(statistics.overall().respondents, 200);  // the cache follows the adds
  EXPECT_EQ(copy.overall().respondents, 100);
  EXPECT_EQ(copy.respondents(), 100);

  CampaignStatistics all_at_once(*layout);
  all_at_once.AddRows(rows.data(), 200);
  ExpectIdentical(statistics, all_at_once);
  CampaignStatistics moved = std::move(all_at_once);
  ExpectIdentical(moved, statistics);
  copy = moved;
  ExpectIdentical(copy, statistics);
}

TEST(CampaignStatisticsTest, ConcurrentReadsAgree) {
  const ins::Instrument in = Load(kCatalogue[0]);
  auto layout = ResponseLayout::Build(in, kTeams);
  ASSERT_TRUE(layout.ok());
  std::mt19937_64 rng(4);
  std::vector<json> all;
  for (int r = 0; r < 300; ++r) all.push_back(RandomAnswers(in, kTeams, rng));
  const auto rows = EncodeAll(*layout, all);
  CampaignStatistics statistics(*layout);
  statistics.AddRows(rows.data(), all.size());
  const CampaignStatistics& shared = statistics;  // not read yet: the first reads fill the cache
  int64_t seen[2] = {0, 0};
  std::thread a([&] { seen[0] = shared.overall().respondents + shared.cells(1)[0].respondents; });
  std::thread b([&] { seen[1] = shared.cells(1)[0].respondents + shared.overall().respondents; });
  a.join();
  b.join();
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_EQ(seen[0], 300 + shared.cells(1)[0].respondents);
}

}  // namespace
}  // namespace tessera::scoring
