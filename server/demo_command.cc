// tessera demo: builds the demo organisation from data/demo/organisation.json into the
// database, prints working survey links, and with --serve starts the server on it.
#include "server/demo_command.h"

#include <cstdlib>
#include <filesystem>

#include "engine/demo_builder.h"
#include "engine/demo_spec.h"
#include "engine/sqlite_store.h"
#include "instruments/catalogue.h"
#include "server/cli_store.h"
#include "server/serve_command.h"
#include "survey/token.h"

#ifndef TESSERA_SOURCE_DEMO_SPEC
#define TESSERA_SOURCE_DEMO_SPEC ""
#endif
#ifndef TESSERA_INSTALLED_DEMO_SPEC
#define TESSERA_INSTALLED_DEMO_SPEC ""
#endif

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera demo [OPTIONS]

Builds a realistic fictional organisation in the database — teams of different sizes (one
smaller than the anonymity threshold), two waves of the staff attitude survey, a capability
self-assessment by board, managers, staff and volunteers, partner feedback and a partnership
charter check from both sides — with synthetic answers from a seeded model. Running it again
on the same database keeps the data and prints fresh links.

Options:
  --serve             then start the server on the demo database (like tessera serve)
  --port N            port for --serve (default 8080); --address, --threads,
                      --synchronous and --rate-limit work as for tessera serve
  --spec FILE         the organisation to build (default: data/demo/organisation.json)
  --db PATH           database file (default: $TESSERA_DB, else ./tessera.db)
  --catalogue DIR     instrument catalogue (default: the one shipped with Tessera)
  --help              show this help
)";

std::filesystem::path DefaultSpec() {
  if (const char* env = std::getenv("TESSERA_DEMO_SPEC"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code error;
  if (const std::filesystem::path source = TESSERA_SOURCE_DEMO_SPEC;
      !source.empty() && std::filesystem::exists(source, error)) {
    return source;
  }
  return TESSERA_INSTALLED_DEMO_SPEC;
}

struct DemoLinks {
  int64_t campaign_id = 0;
  std::string campaign_title;
  std::string personal_token;
  std::string open_token;
};

// A fresh personal link and a fresh open link for the first open campaign of the demo
// organisation (tokens are only ever shown once, so each run makes new ones).
Result<DemoLinks> MakeLinks(engine::Store& store, const std::string& organisation_name) {
  auto organisation = store.FindOrganisationByName(organisation_name);
  if (!organisation.ok()) return organisation.status();
  auto campaigns = store.ListCampaigns(organisation->id);
  if (!campaigns.ok()) return campaigns.status();
  for (const auto& campaign : *campaigns) {
    if (campaign.state != engine::CampaignState::kOpen ||
        campaign.instrument.id != "staff-attitudes") {
      continue;
    }
    DemoLinks links{campaign.id, campaign.title, survey::NewToken(), survey::NewToken()};
    if (Status status = store.AddLinks(campaign.id, engine::LinkKind::kPersonal,
                                       {survey::TokenHash(links.personal_token)});
        !status.ok()) {
      return status;
    }
    if (Status status = store.AddLinks(campaign.id, engine::LinkKind::kOpen,
                                       {survey::TokenHash(links.open_token)});
        !status.ok()) {
      return status;
    }
    return links;
  }
  return Status::NotFound("the demo has no open staff attitude survey");
}

void PrintLinks(std::ostream& out, const DemoLinks& links, const std::string& base) {
  out << "\nSurvey (" << links.campaign_title << ", campaign " << links.campaign_id << "):\n"
      << "  personal link, single use:  " << base << "/s/" << links.personal_token << "\n"
      << "  shared link for everyone:   " << base << "/s/" << links.open_token << "\n"
      << "Survey API:  " << base << "/api/v1/surveys/" << links.personal_token << "\n"
      << "Health:      " << base << "/healthz\n";
}

}  // namespace

int RunDemoCommand(CliContext& context) {
  std::vector<OptionSpec> specs = ServeOptionSpecs();
  specs.insert(specs.end(), {{"serve"}, {"spec", true}, {"catalogue", true}});
  auto line = CommandLine::Parse(context.args, specs);
  if (!line.ok()) return CliUsage(context, "demo", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (!line->positional().empty()) return CliUsage(context, "demo", "unexpected argument");
  ServeSettings settings;
  if (Status read = ReadServeSettings(*line, &settings); !read.ok()) {
    return CliUsage(context, "demo", read.message());
  }

  auto spec = engine::LoadDemoSpec(line->Value("spec").value_or(DefaultSpec().string()));
  if (!spec.ok()) return CliFail(context, "demo", spec.status());
  const std::filesystem::path dir =
      line->Value("catalogue").value_or(instruments::DefaultCatalogueDir().string());
  instruments::Diagnostics diagnostics;
  auto catalogue = instruments::Catalogue::Load(dir, instruments::LockFileFor(dir), &diagnostics);
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "demo", store.status());

  engine::DemoSummary summary;
  Status built = engine::BuildDemo(**store, catalogue, *spec, &summary);
  const std::string organisation_name = (*spec)["organisation"]["name"].get<std::string>();
  if (built.ok()) {
    context.out << "Built the demo organisation \"" << summary.organisation_name << "\" in "
                << settings.database << ":\n";
    for (const auto& campaign : summary.campaigns) {
      context.out << "  campaign " << campaign.id << "  " << engine::ToString(campaign.state)
                  << "  " << campaign.responses << " responses  " << campaign.title << "\n";
    }
  } else if (built.code() == StatusCode::kAlreadyExists) {
    context.out << "The demo organisation \"" << organisation_name << "\" is already in "
                << settings.database << "; keeping it.\n";
  } else {
    return CliFail(context, "demo", built);
  }
  auto links = MakeLinks(**store, organisation_name);
  if (!links.ok()) return CliFail(context, "demo", links.status());
  store->reset();  // the server opens its own connections

  if (!line->Has("serve")) {
    PrintLinks(context.out, *links,
               "http://" + settings.address + ":" + std::to_string(settings.port));
    context.out << "\nStart the server with: tessera serve --db " << settings.database << "\n";
    return kExitOk;
  }
  settings.on_listening = [&context, &settings, links = *links](unsigned short port) {
    PrintLinks(context.out, links, "http://" + settings.address + ":" + std::to_string(port));
    context.out.flush();
  };
  return RunServer(context, settings);
}

}  // namespace tessera::server
