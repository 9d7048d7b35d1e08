// tessera score --campaign C [--by GROUP] [--compare C2] [--reliability] [--json]
// tessera score --instrument ID@VERSION FILE.csv [--by GROUP] [--json]
#include "server/score_command.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/campaign_results.h"
#include "engine/csv_reader.h"
#include "engine/live_statistics.h"
#include "engine/response_import.h"
#include "engine/survey_intake.h"
#include "instruments/catalogue.h"
#include "scoring/campaign_report.h"
#include "scoring/campaign_statistics.h"
#include "scoring/response_layout.h"
#include "server/cli_store.h"
#include "server/score_text.h"

namespace tessera::server {
namespace {

namespace ins = tessera::instruments;

constexpr char kUsage[] =
    R"(Usage: tessera score --campaign C [--by GROUP] [--compare C2] [--reliability] [--json]
       tessera score --instrument ID@VERSION FILE.csv [--by GROUP] [--json]

Scores a closed campaign: each domain or scale with its score, 0-100 index, 95% confidence
interval, level, n and share of "don't know", then the recommended next steps (weakest first).
Attitude scales also show favourable / neutral / unfavourable shares. Groups, scales and items
with fewer respondents than the campaign's anonymity threshold are marked as withheld, never
shown. Results are released only once a campaign is closed (docs/scoring.md explains why).

With --instrument, scores responses held in a CSV file without a database: one row per
respondent, columns named by item id; an empty cell, NA or a "don't know" code is missing. No
anonymity threshold is applied to your own file.

Options:
  --campaign C        the campaign (its number)
  --by GROUP          break down by a grouping question: its item id, or its kind when only
                      one question has it (team, role, tenure, rater, side)
  --compare C2        compare with an earlier campaign C2 of the same instrument (waves)
  --reliability       Cronbach's alpha and item statistics per scale instead of scores
  --comments          the answers to free-text questions instead of scores: only for groups of
                      at least k people with at least k comments, in an order that does not
                      follow submission (with --by, per group)
  --instrument REF    the instrument version the CSV file answers, e.g. staff-attitudes@1.1.0
  --catalogue DIR     catalogue folder for --instrument (default: the shipped catalogue)
  --json              print the full result as JSON
  --db PATH           database file (default: $TESSERA_DB, else ./tessera.db)
  --help              show this help
)";

int Print(CliContext& context, const nlohmann::json& report, bool json,
          void (*render)(const nlohmann::json&, std::ostream&)) {
  if (json) {
    context.out << report.dump(2) << "\n";
  } else {
    render(report, context.out);
  }
  return kExitOk;
}

// The distinct values of every column that answers a question whose values come from the
// organisation's teams: a file scored without a database brings its own teams.
Result<std::vector<std::string>> TeamValuesIn(const ins::Instrument& instrument,
                                              const std::string& text) {
  std::set<std::string> team_columns;
  for (const ins::Item* item : instrument.Items()) {
    const ins::ResponseScale* scale = instrument.FindScale(item->scale);
    if (scale != nullptr && !scale->values_from.empty()) team_columns.insert(item->id);
  }
  std::istringstream in(text);
  engine::CsvReader reader(in);
  std::vector<std::string> header;
  std::vector<std::string> fields;
  if (!reader.Next(&header)) return std::vector<std::string>{};
  std::set<std::string> values;
  while (reader.Next(&fields)) {
    for (size_t c = 0; c < header.size() && c < fields.size(); ++c) {
      if (team_columns.count(header[c]) == 0 || fields[c].empty() || fields[c] == "NA") continue;
      const ins::ResponseScale* scale = instrument.FindScale(instrument.FindItem(header[c])->scale);
      if (scale != nullptr && scale->FindCode(fields[c]) != nullptr) continue;
      values.insert(fields[c]);
    }
  }
  if (!reader.status().ok()) return reader.status();
  return std::vector<std::string>(values.begin(), values.end());
}

int ScoreFile(CliContext& context, const CommandLine& line) {
  if (line.positional().size() != 1) {
    return CliUsage(context, "score", "--instrument needs exactly one CSV file");
  }
  for (const char* option : {"campaign", "compare", "reliability", "comments", "db"}) {
    if (line.Has(option)) {
      return CliUsage(context, "score",
                      std::string("--") + option + " cannot be used with --instrument");
    }
  }
  const std::string path = line.positional()[0];
  std::ifstream file(path, std::ios::binary);
  if (!file) return CliFail(context, "score", Status::IoError("cannot read " + path));
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();

  const std::filesystem::path dir =
      line.Value("catalogue").value_or(ins::DefaultCatalogueDir().string());
  ins::Diagnostics diagnostics;
  const ins::Catalogue catalogue = ins::Catalogue::Load(dir, ins::LockFileFor(dir), &diagnostics);
  const std::string wanted = *line.Value("instrument");
  auto ref = ins::InstrumentRef::Parse(wanted);
  if (!ref) {
    return CliUsage(context, "score", "\"" + wanted + "\" is not of the form ID@MAJOR.MINOR.PATCH");
  }
  const ins::LoadedInstrument* loaded = catalogue.Find(*ref);
  if (loaded == nullptr) {
    return CliFail(context, "score",
                   Status::NotFound(ref->ToString() + " is not in the catalogue " + dir.string()));
  }
  const ins::Instrument& instrument = loaded->instrument;
  auto teams = TeamValuesIn(instrument, text);
  if (!teams.ok()) return CliFail(context, "score", teams.status());
  std::istringstream csv(text);
  auto parsed = engine::ReadResponsesCsv(instrument, *teams, csv, engine::TodayUtc());
  if (!parsed.ok()) return CliFail(context, "score", parsed.status());
  if (!parsed->problems.empty()) {
    for (const auto& problem : parsed->problems) {
      context.err << path << ": " << problem.ToString() << "\n";
    }
    context.err << "tessera score: nothing scored; fix the " << parsed->problems.size()
                << " problem(s) above\n";
    return kExitFailure;
  }
  auto layout = scoring::ResponseLayout::Build(instrument, *teams);
  if (!layout.ok()) return CliFail(context, "score", layout.status());
  scoring::CampaignStatistics statistics(*layout);
  std::vector<uint8_t> row(layout->width());
  for (const auto& response : parsed->responses) {
    std::fill(row.begin(), row.end(), scoring::kCellMissing);
    layout->Encode(response.answers, row.data());
    statistics.Add(row.data());
  }
  scoring::ReportOptions options;
  options.enforce_threshold = false;
  options.content_hash = loaded->hash;
  options.computed_at = engine::NowUtc();
  std::optional<scoring::BreakdownOptions> breakdown;
  if (auto by = line.Value("by")) {
    auto found = layout->FindGrouping(*by, instrument.ref().ToString());
    if (!found.ok()) return CliFail(context, "score", found.status());
    breakdown = scoring::BreakdownOptions{*found, {}};
  }
  auto report = scoring::BuildScoreReport(instrument, statistics, options, breakdown);
  if (!report.ok()) return CliFail(context, "score", report.status());
  (*report)["source"] = path;
  return Print(context, *report, line.Has("json"), RenderScoreReport);
}

}  // namespace

int RunScoreCommand(CliContext& context) {
  auto line = CommandLine::Parse(context.args, {DbOption(),
                                                {"campaign", true},
                                                {"by", true},
                                                {"compare", true},
                                                {"reliability", false},
                                                {"comments", false},
                                                {"instrument", true},
                                                {"catalogue", true},
                                                {"json", false}});
  if (!line.ok()) return CliUsage(context, "score", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (line->Has("instrument")) return ScoreFile(context, *line);
  auto campaign_text = line->Value("campaign");
  if (!campaign_text || !line->positional().empty()) {
    return CliUsage(context, "score",
                    "give --campaign C, or --instrument ID@VERSION and one CSV file");
  }
  if (line->Has("compare") + line->Has("reliability") + line->Has("comments") > 1 ||
      (line->Has("compare") && line->Has("by"))) {
    return CliUsage(context, "score",
                    "choose one of --compare, --reliability and --comments (--by goes with "
                    "scores and comments)");
  }
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "score", store.status());
  auto campaign = ResolveCampaign(**store, *campaign_text);
  if (!campaign.ok()) return CliFail(context, "score", campaign.status());
  engine::LiveStatistics live(**store);
  engine::CampaignResults results(**store, live);
  const bool json = line->Has("json");
  if (auto other = line->Value("compare")) {
    auto earlier = ResolveCampaign(**store, *other);
    if (!earlier.ok()) return CliFail(context, "score", earlier.status());
    auto report = results.Compare(earlier->id, campaign->id);
    if (!report.ok()) return CliFail(context, "score", report.status());
    return Print(context, *report, json, RenderWaveReport);
  }
  if (line->Has("comments")) {
    auto report = results.Comments(campaign->id, line->Value("by").value_or(""));
    if (!report.ok()) return CliFail(context, "score", report.status());
    return Print(context, *report, json, RenderComments);
  }
  if (line->Has("reliability")) {
    auto report = results.Reliability(campaign->id);
    if (!report.ok()) return CliFail(context, "score", report.status());
    return Print(context, *report, json, RenderReliabilityReport);
  }
  auto report = results.Scores(campaign->id, line->Value("by").value_or(""));
  if (!report.ok()) return CliFail(context, "score", report.status());
  return Print(context, *report, json, RenderScoreReport);
}

}  // namespace tessera::server
