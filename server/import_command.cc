// tessera import responses --campaign C FILE.csv
#include <fstream>

#include "engine/campaign_instrument.h"
#include "engine/response_import.h"
#include "engine/survey_intake.h"
#include "server/cli_store.h"
#include "server/store_commands.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera import responses --campaign C FILE.csv

Imports paper or externally collected responses: one row per respondent, one column per item,
named by the item id (`tessera instruments show ID@VERSION` lists them); the metadata columns
response_id, campaign, instrument and submitted_on are accepted too. Empty cells or NA are unanswered; multiple-choice
answers are separated by ";". Every row is checked against the campaign's instrument; any
problem rejects the whole file and each one is listed with its row and column.

Options:
  --campaign C    the campaign (its number)
  --db PATH       database file (default: $TESSERA_DB, else ./tessera.db)
  --help          show this help
)";

}  // namespace

int RunImportCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  if (context.args[0] != "responses") {
    return CliUsage(context, "import", "unknown command \"" + context.args[0] + "\"");
  }
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  auto line = CommandLine::Parse(rest, {DbOption(), {"campaign", true}});
  if (!line.ok()) return CliUsage(context, "import", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  auto campaign_text = line->Value("campaign");
  if (!campaign_text || line->positional().size() != 1) {
    return CliUsage(context, "import", "responses needs --campaign C and one CSV file");
  }
  const std::string path = line->positional()[0];
  std::ifstream csv(path, std::ios::binary);
  if (!csv) return CliFail(context, "import", Status::IoError("cannot read " + path));
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "import", store.status());
  auto campaign = ResolveCampaign(**store, *campaign_text);
  if (!campaign.ok()) return CliFail(context, "import", campaign.status());
  auto instrument = engine::LoadCampaignInstrument(**store, *campaign);
  if (!instrument.ok()) return CliFail(context, "import", instrument.status());
  auto report =
      engine::ImportResponsesCsv(**store, *campaign, **instrument, csv, engine::TodayUtc());
  if (!report.ok()) return CliFail(context, "import", report.status());
  if (!report->problems.empty()) {
    for (const auto& problem : report->problems) {
      context.err << path << ": " << problem.ToString() << "\n";
    }
    context.err << "tessera import: nothing imported; fix the " << report->problems.size()
                << " problem(s) above and import the file again\n";
    return kExitFailure;
  }
  (void)(*store)->AppendAudit(CliActor(), "responses.import",
                              "campaign:" + std::to_string(campaign->id),
                              {{"count", report->imported}});
  context.out << "imported " << report->imported << " response(s) into campaign " << campaign->id
              << "\n";
  return kExitOk;
}

}  // namespace tessera::server
