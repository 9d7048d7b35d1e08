// Scoring benchmark: one campaign of 1,000,000 respondents x 60 scored items in the compact
// response matrix, everything a results page needs computed on ONE core: every respondent's
// scale scores, item histograms for the campaign and every grouping cell, pairwise moments and
// psych-style alpha for every scale, and group summaries (item and scale means and SDs per
// cell). Prints one JSON object per line (machine-readable): one per timed run, then a summary.
//
//   scoring_bench [--respondents N] [--repeat R] [--seed S] [--csv PATH]
//     --csv PATH   also write the same data as CSV to PATH (values 1..5, "dk", empty when
//                  unanswered; grouping categories by code, "pnts", or empty) and the item
//                  keys to PATH.keys.csv (item,scale,reverse), for tests/bench/scoring_bench.R
//
// The instrument is synthetic, built in code: 8 scales of 4-10 items on a 5-point agree scale
// with a "dk" code, one or two reverse-keyed items per scale, and 3 grouping questions (team:
// 10 teams, role: 6, tenure: 4; each with "prefer not to say"). Answers come from a seeded
// latent-trait model written straight into the matrix: a general factor and one factor per
// scale, a team effect, ~5% unanswered and ~3% "dk" per item.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "scoring/campaign_statistics.h"
#include "scoring/reliability.h"
#include "scoring/response_layout.h"

namespace {

namespace ins = tessera::instruments;
namespace sc = tessera::scoring;
using Clock = std::chrono::steady_clock;

constexpr size_t kScaleSizes[] = {4, 6, 7, 8, 9, 10, 6, 10};  // 60 items
constexpr size_t kTeams = 10;
const char* const kRoles[] = {"frontline", "manager", "admin", "volunteer", "board", "other"};
const char* const kTenures[] = {"lt1", "1to3", "3to10", "gt10"};

struct Options {
  size_t respondents = 1000000;
  int repeat = 5;
  uint64_t seed = 20261126;
  std::string csv;
};

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (flag == "--respondents") {
      options->respondents = std::strtoull(value, nullptr, 10);
    } else if (flag == "--repeat") {
      options->repeat = std::max(1, std::atoi(value));
    } else if (flag == "--seed") {
      options->seed = std::strtoull(value, nullptr, 10);
    } else if (flag == "--csv") {
      options->csv = value;
    } else {
      return false;
    }
  }
  return options->respondents > 0;
}

std::string ItemId(size_t scale, size_t item) {
  char id[48];
  std::snprintf(id, sizeof id, "S%zu_%02zu", scale + 1, item + 1);
  return id;
}

// Reverse-keyed: the second item of every scale, and the last item of scales of 8 or more.
bool IsReverse(size_t item, size_t size) { return item == 1 || (size >= 8 && item == size - 1); }

ins::Instrument SyntheticInstrument() {
  ins::Instrument in;
  in.id = "bench";
  in.scoring.method = "mean_of_answered";
  in.scoring.min_answered_share = 0.5;
  in.scoring.range_min = 1;
  in.scoring.range_max = 5;

  ins::ResponseScale agree;
  agree.id = "agree5";
  for (int v = 1; v <= 5; ++v) {
    ins::ScaleValue value;
    value.number = v;
    agree.values.push_back(value);
  }
  ins::ScaleCode dk;
  dk.code = "dk";
  agree.codes.push_back(dk);
  in.scales.push_back(agree);

  ins::ScaleCode pnts;
  pnts.code = "pnts";
  pnts.meaning = ins::CodeMeaning::kPreferNotToSay;
  auto nominal = [&pnts](std::string id, const std::vector<std::string>& codes) {
    ins::ResponseScale scale;
    scale.id = std::move(id);
    scale.kind = ins::ScaleKind::kNominal;
    for (const auto& code : codes) {
      ins::ScaleValue value;
      value.code = code;
      scale.values.push_back(value);
    }
    scale.codes.push_back(pnts);
    return scale;
  };
  ins::ResponseScale teams = nominal("teams", {});
  teams.values_from = "organisation.teams";
  in.scales.push_back(teams);
  in.scales.push_back(nominal("roles", {std::begin(kRoles), std::end(kRoles)}));
  in.scales.push_back(nominal("tenures", {std::begin(kTenures), std::end(kTenures)}));

  ins::Section about;
  about.id = "about";
  const std::pair<const char*, ins::Grouping> groupings[] = {{"teams", ins::Grouping::kTeam},
                                                             {"roles", ins::Grouping::kRole},
                                                             {"tenures", ins::Grouping::kTenure}};
  for (const auto& [scale, grouping] : groupings) {
    ins::Item item;
    item.id = std::string(scale).substr(0, std::strlen(scale) - 1);  // team, role, tenure
    item.type = ins::ItemType::kSingleChoice;
    item.scale = scale;
    item.grouping = grouping;
    about.items.push_back(item);
  }
  in.sections.push_back(about);

  ins::Section items;
  items.id = "items";
  for (size_t s = 0; s < std::size(kScaleSizes); ++s) {
    ins::Dimension dimension;
    dimension.id = "scale" + std::to_string(s + 1);
    in.dimensions.push_back(dimension);
    for (size_t i = 0; i < kScaleSizes[s]; ++i) {
      ins::Item item;
      item.id = ItemId(s, i);
      item.scale = "agree5";
      item.dimension = dimension.id;
      item.reverse = IsReverse(i, kScaleSizes[s]);
      items.items.push_back(item);
    }
  }
  in.sections.push_back(items);
  return in;
}

std::vector<std::string> TeamSlugs() {
  std::vector<std::string> slugs;
  for (size_t t = 0; t < kTeams; ++t) slugs.push_back("team-" + std::to_string(t + 1));
  return slugs;
}

// The latent-trait model, written straight into the compact matrix.
std::vector<uint8_t> Generate(const sc::ResponseLayout& layout, size_t respondents, uint64_t seed) {
  const size_t width = layout.width();
  std::vector<uint8_t> matrix(respondents * width);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const size_t scales = std::size(kScaleSizes);
  const double thresholds[] = {-1.6, -0.6, 0.4, 1.4};
  std::vector<double> team_effect(kTeams);
  for (auto& effect : team_effect) effect = 0.3 * normal(rng);
  std::vector<double> factor(scales);
  for (size_t r = 0; r < respondents; ++r) {
    uint8_t* row = matrix.data() + r * width;
    // Groupings first: the team shifts every scale a little.
    const double u_team = unit(rng);
    const size_t team = rng() % kTeams;
    const uint8_t team_cell = u_team < 0.04   ? sc::kCellMissing
                              : u_team < 0.07 ? sc::kCellCodeBase
                                              : static_cast<uint8_t>(1 + team);
    const double u_role = unit(rng);
    const size_t role =
        std::min<size_t>(5, static_cast<size_t>(-std::log(unit(rng) + 1e-12) * 1.8));
    const uint8_t role_cell = u_role < 0.05   ? sc::kCellMissing
                              : u_role < 0.08 ? sc::kCellCodeBase
                                              : static_cast<uint8_t>(1 + role);
    const double u_tenure = unit(rng);
    const uint8_t tenure_cell = u_tenure < 0.05   ? sc::kCellMissing
                                : u_tenure < 0.09 ? sc::kCellCodeBase
                                                  : static_cast<uint8_t>(1 + rng() % 4);
    const double general =
        normal(rng) + (team_cell >= 1 && team_cell <= kTeams ? team_effect[team_cell - 1] : 0.0);
    for (size_t s = 0; s < scales; ++s) factor[s] = 0.6 * general + 0.8 * normal(rng);
    size_t c = 0;
    for (size_t s = 0; s < scales; ++s) {
      for (size_t i = 0; i < kScaleSizes[s]; ++i, ++c) {
        const double u = unit(rng);
        if (u < 0.05) {
          row[c] = sc::kCellMissing;
          continue;
        }
        if (u < 0.08) {
          row[c] = sc::kCellCodeBase;  // "dk"
          continue;
        }
        const double latent = 0.75 * factor[s] + 0.66 * normal(rng);
        int value = 1;
        for (double t : thresholds) value += latent > t ? 1 : 0;
        if (IsReverse(i, kScaleSizes[s])) value = 6 - value;
        row[c] = static_cast<uint8_t>(value);  // 1 + (value - 1)
      }
    }
    row[layout.grouping_cell(0)] = team_cell;
    row[layout.grouping_cell(1)] = role_cell;
    row[layout.grouping_cell(2)] = tenure_cell;
  }
  return matrix;
}

bool WriteCsv(const sc::ResponseLayout& layout, const std::vector<uint8_t>& matrix,
              const std::string& path) {
  FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) return false;
  std::vector<char> buffer(1 << 20);
  std::setvbuf(out, buffer.data(), _IOFBF, buffer.size());
  const size_t width = layout.width();
  for (size_t c = 0; c < width; ++c) {
    const std::string& id = c < layout.scored().size()
                                ? layout.scored()[c].item_id
                                : layout.groupings()[c - layout.scored().size()].item_id;
    std::fprintf(out, "%s%s", c == 0 ? "" : ",", id.c_str());
  }
  std::fputc('\n', out);
  const size_t scored = layout.scored().size();
  std::string line;
  for (size_t r = 0; r < matrix.size() / width; ++r) {
    const uint8_t* row = matrix.data() + r * width;
    line.clear();
    for (size_t c = 0; c < width; ++c) {
      if (c > 0) line += ',';
      const uint8_t cell = row[c];
      if (cell == sc::kCellMissing) continue;
      if (c < scored) {
        if (cell >= sc::kCellCodeBase) {
          line += "dk";
        } else {
          line += static_cast<char>('0' + layout.scored()[c].min - 1 + cell);
        }
      } else if (cell >= sc::kCellCodeBase) {
        line += "pnts";
      } else {
        line += layout.groupings()[c - scored].categories[cell - 1u];
      }
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
  if (std::fclose(out) != 0) return false;

  std::ofstream keys(path + ".keys.csv");
  keys << "item,scale,reverse\n";
  for (const auto& column : layout.scored()) {
    keys << column.item_id << "," << layout.dimensions()[column.dimension].id << ","
         << (column.reverse ? "TRUE" : "FALSE") << "\n";
  }
  return static_cast<bool>(keys);
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct RunTimes {
  double accumulate = 0;   // AddRows over the whole matrix
  double materialise = 0;  // overall() and cells(): histograms, score moments, pair moments
  double alpha = 0;        // ComputeReliability for every scale
  double summaries = 0;    // means and SDs of every item and scale in every cell
  double total = 0;
  double cpu = 0;  // CPU time of this thread over the whole run (less sensitive to other load)
};

struct RunResult {
  RunTimes times;
  std::vector<double> alphas;
  double checksum = 0;
};

// One timed pass over the matrix, on the calling thread only.
RunResult Run(const sc::ResponseLayout& layout, const std::vector<uint8_t>& matrix) {
  RunResult result;
  const size_t respondents = matrix.size() / layout.width();
  const double cpu0 = ThreadCpuSeconds();
  const auto t0 = Clock::now();
  sc::CampaignStatistics statistics(layout);
  statistics.AddRows(matrix.data(), respondents);
  const auto t1 = Clock::now();
  const sc::GroupStatistics& overall = statistics.overall();
  for (size_t g = 0; g < layout.groupings().size(); ++g) (void)statistics.cells(g);
  const auto t2 = Clock::now();
  for (size_t d = 0; d < layout.dimensions().size(); ++d) {
    std::vector<std::string> ids;
    for (size_t c : layout.dimensions()[d].columns) ids.push_back(layout.scored()[c].item_id);
    auto reliability = sc::ComputeReliability(overall.reliability[d], ids);
    result.alphas.push_back(reliability.ok() ? reliability->alpha.raw_alpha : std::nan(""));
  }
  const auto t3 = Clock::now();
  auto summarise = [&layout, &result](const sc::GroupStatistics& group) {
    for (size_t c = 0; c < group.items.size(); ++c) {
      const auto& histogram = group.items[c];
      result.checksum += histogram.Mean(layout.scored()[c].reverse) +
                         std::sqrt(histogram.Variance()) +
                         static_cast<double>(histogram.coded() + histogram.missing);
    }
    for (const auto& moments : group.dimensions) {
      result.checksum += moments.Mean() + moments.Sd() + static_cast<double>(moments.excluded);
    }
  };
  summarise(overall);
  for (size_t g = 0; g < layout.groupings().size(); ++g) {
    for (const auto& cell : statistics.cells(g)) summarise(cell);
  }
  const auto t4 = Clock::now();
  result.times = {Seconds(t0, t1), Seconds(t1, t2), Seconds(t2, t3),
                  Seconds(t3, t4), Seconds(t0, t4), ThreadCpuSeconds() - cpu0};
  return result;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string Join(const std::vector<double>& values, const char* format) {
  std::string text;
  char number[32];
  for (size_t i = 0; i < values.size(); ++i) {
    std::snprintf(number, sizeof number, format, values[i]);
    if (i > 0) text += ',';
    text += number;
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: scoring_bench [--respondents N] [--repeat R] [--seed S] [--csv PATH]\n");
    return 2;
  }
  const ins::Instrument instrument = SyntheticInstrument();
  auto layout = sc::ResponseLayout::Build(instrument, TeamSlugs());
  if (!layout.ok()) {
    std::fprintf(stderr, "scoring_bench: %s\n", layout.status().ToString().c_str());
    return 1;
  }
  const auto g0 = Clock::now();
  const std::vector<uint8_t> matrix = Generate(*layout, options.respondents, options.seed);
  const double generate_seconds = Seconds(g0, Clock::now());
  if (!options.csv.empty() && !WriteCsv(*layout, matrix, options.csv)) {
    std::fprintf(stderr, "scoring_bench: cannot write %s\n", options.csv.c_str());
    return 1;
  }

  std::vector<double> totals;
  std::vector<double> cpus;
  RunResult last;
  for (int run = 1; run <= options.repeat; ++run) {
    last = Run(*layout, matrix);
    const RunTimes& t = last.times;
    totals.push_back(t.total);
    cpus.push_back(t.cpu);
    std::printf(
        "{\"bench\":\"scoring\",\"run\":%d,\"accumulate_s\":%.6f,\"materialise_s\":%.6f,"
        "\"alpha_s\":%.6f,\"summaries_s\":%.6f,\"total_s\":%.6f,\"cpu_s\":%.6f,"
        "\"checksum\":%.9g}\n",
        run, t.accumulate, t.materialise, t.alpha, t.summaries, t.total, t.cpu, last.checksum);
    std::fflush(stdout);
  }

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_rss = static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux: KiB
  const double matrix_bytes = static_cast<double>(matrix.size());
  std::printf(
      "{\"bench\":\"scoring\",\"summary\":true,\"respondents\":%zu,\"scored_items\":%zu,"
      "\"scales\":%zu,\"groupings\":%zu,\"width\":%zu,\"matrix_bytes\":%.0f,\"runs\":%d,"
      "\"best_total_s\":%.6f,\"median_total_s\":%.6f,\"best_cpu_s\":%.6f,"
      "\"median_cpu_s\":%.6f,\"generate_s\":%.3f,"
      "\"peak_rss_bytes\":%.0f,\"peak_rss_over_matrix\":%.3f,\"raw_alpha\":[%s],"
      "\"loadavg\":\"%s\",\"threads\":1}\n",
      options.respondents, layout->scored().size(), layout->dimensions().size(),
      layout->groupings().size(), layout->width(), matrix_bytes, options.repeat,
      *std::min_element(totals.begin(), totals.end()), Median(totals),
      *std::min_element(cpus.begin(), cpus.end()), Median(cpus), generate_seconds, peak_rss,
      peak_rss / matrix_bytes, Join(last.alphas, "%.17g").c_str(), LoadAverage().c_str());
  return 0;
}
