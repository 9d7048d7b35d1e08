// tessera campaign create|open|close|list|show.
#include "instruments/catalogue.h"
#include "server/cli_store.h"
#include "server/store_commands.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera campaign COMMAND [OPTIONS]

A campaign asks one audience to answer one published instrument version, pinned for good.

Commands:
  create --org ORG --instrument ID@VERSION --title TITLE [--audience WHO]
         [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--threshold K] [--json]
                      create a draft campaign; K (default 5, never below 3) is the smallest
                      group whose results are ever shown
  open C              open campaign C for responses
  close C             close campaign C; its links stop working
  list [--org ORG] [--json]
                      campaigns, newest first (id, instrument, state, dates, responses)
  show C [--json]     one campaign

Options:
  --db PATH           database file (default: $TESSERA_DB, else ./tessera.db)
  --catalogue DIR     instrument catalogue (default: the one shipped with Tessera)
  --help              show this help
)";

void PrintCampaign(std::ostream& out, const engine::Campaign& campaign, int64_t responses) {
  out << campaign.id << "  " << engine::ToString(campaign.state) << "  "
      << campaign.instrument.ToString() << "  " << campaign.title;
  if (!campaign.opens_on.empty() || !campaign.closes_on.empty()) {
    out << "  (" << (campaign.opens_on.empty() ? "…" : campaign.opens_on) << " to "
        << (campaign.closes_on.empty() ? "…" : campaign.closes_on) << ")";
  }
  out << "  responses: ";
  if (responses >= campaign.anonymity_threshold) {
    out << responses;
  } else {
    out << "fewer than " << campaign.anonymity_threshold;
  }
  out << "\n";
}

int Create(CliContext& context, engine::Store& store, const CommandLine& line) {
  auto org = line.Value("org");
  auto ref_text = line.Value("instrument");
  auto title = line.Value("title");
  if (!org || !ref_text || !title) {
    return CliUsage(context, "campaign", "create needs --org, --instrument and --title");
  }
  auto ref = instruments::InstrumentRef::Parse(*ref_text);
  if (!ref) return CliUsage(context, "campaign", "--instrument must be ID@MAJOR.MINOR.PATCH");
  auto organisation = ResolveOrganisation(store, *org);
  if (!organisation.ok()) return CliFail(context, "campaign", organisation.status());

  const std::filesystem::path dir =
      line.Value("catalogue").value_or(instruments::DefaultCatalogueDir().string());
  instruments::Diagnostics diagnostics;
  auto catalogue = instruments::Catalogue::Load(dir, instruments::LockFileFor(dir), &diagnostics);
  const instruments::LoadedInstrument* loaded = catalogue.Find(*ref);
  if (loaded == nullptr) {
    return CliFail(
        context, "campaign",
        Status::NotFound(ref->ToString() + " is not in the catalogue (or does not "
                                           "validate: run tessera instruments validate)"));
  }
  if (!catalogue.IsPublished(*loaded)) {
    return CliFail(context, "campaign",
                   Status::FailedPrecondition(ref->ToString() +
                                              " is a draft; a campaign can only pin a published "
                                              "version (tessera instruments publish)"));
  }
  if (Status saved = store.SaveInstrumentVersion({*ref, loaded->hash, loaded->document.dump()});
      !saved.ok()) {
    return CliFail(context, "campaign", saved);
  }
  engine::NewCampaign request;
  request.organisation_id = organisation->id;
  request.instrument = *ref;
  request.title = *title;
  request.audience = line.Value("audience").value_or("");
  request.opens_on = line.Value("opens").value_or("");
  request.closes_on = line.Value("closes").value_or("");
  if (auto threshold = line.Value("threshold")) {
    auto number = ParseWholeNumber(*threshold);
    if (!number || *number < 0 || *number > 1000000) {
      return CliUsage(context, "campaign", "--threshold must be a whole number");
    }
    request.anonymity_threshold = static_cast<int>(*number);
  }
  auto campaign = store.CreateCampaign(request);
  if (!campaign.ok()) return CliFail(context, "campaign", campaign.status());
  (void)store.AppendAudit(CliActor(), "campaign.create", "campaign:" + std::to_string(campaign->id),
                          {{"instrument", ref->ToString()}, {"title", campaign->title}});
  if (line.Has("json")) {
    context.out << CampaignJson(*campaign, 0).dump(2) << "\n";
  } else {
    context.out << "created campaign " << campaign->id << " (draft): " << campaign->title << ", "
                << ref->ToString() << ", threshold " << campaign->anonymity_threshold
                << "\nopen it with: tessera campaign open " << campaign->id << "\n";
  }
  return kExitOk;
}

int ChangeState(CliContext& context, engine::Store& store, const CommandLine& line,
                engine::CampaignState state) {
  if (line.positional().size() != 1) return CliUsage(context, "campaign", "name one campaign");
  auto campaign = ResolveCampaign(store, line.positional()[0]);
  if (!campaign.ok()) return CliFail(context, "campaign", campaign.status());
  auto changed = store.SetCampaignState(campaign->id, state);
  if (!changed.ok()) return CliFail(context, "campaign", changed.status());
  const std::string action = state == engine::CampaignState::kOpen ? "open" : "close";
  (void)store.AppendAudit(CliActor(), "campaign." + action,
                          "campaign:" + std::to_string(campaign->id), nlohmann::json::object());
  context.out << "campaign " << campaign->id << " is now " << engine::ToString(changed->state)
              << "\n";
  return kExitOk;
}

int List(CliContext& context, engine::Store& store, const CommandLine& line) {
  std::optional<int64_t> organisation_id;
  if (auto org = line.Value("org")) {
    auto organisation = ResolveOrganisation(store, *org);
    if (!organisation.ok()) return CliFail(context, "campaign", organisation.status());
    organisation_id = organisation->id;
  }
  auto campaigns = store.ListCampaigns(organisation_id);
  if (!campaigns.ok()) return CliFail(context, "campaign", campaigns.status());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& campaign : *campaigns) {
    auto responses = store.CountResponses(campaign.id);
    if (!responses.ok()) return CliFail(context, "campaign", responses.status());
    if (line.Has("json")) {
      list.push_back(CampaignJson(campaign, *responses));
    } else {
      PrintCampaign(context.out, campaign, *responses);
    }
  }
  if (line.Has("json")) context.out << list.dump(2) << "\n";
  if (!line.Has("json") && campaigns->empty()) context.out << "No campaigns yet.\n";
  return kExitOk;
}

int Show(CliContext& context, engine::Store& store, const CommandLine& line) {
  if (line.positional().size() != 1) return CliUsage(context, "campaign", "name one campaign");
  auto campaign = ResolveCampaign(store, line.positional()[0]);
  if (!campaign.ok()) return CliFail(context, "campaign", campaign.status());
  auto responses = store.CountResponses(campaign->id);
  if (!responses.ok()) return CliFail(context, "campaign", responses.status());
  if (line.Has("json")) {
    context.out << CampaignJson(*campaign, *responses).dump(2) << "\n";
  } else {
    PrintCampaign(context.out, *campaign, *responses);
  }
  return kExitOk;
}

}  // namespace

int RunCampaignCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  const std::string sub = context.args[0];
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  std::vector<OptionSpec> specs = {DbOption()};
  if (sub == "create") {
    specs.insert(specs.end(), {{"org", true},
                               {"instrument", true},
                               {"title", true},
                               {"audience", true},
                               {"opens", true},
                               {"closes", true},
                               {"threshold", true},
                               {"catalogue", true},
                               {"json"}});
  } else if (sub == "list") {
    specs.insert(specs.end(), {{"org", true}, {"json"}});
  } else if (sub == "show") {
    specs.push_back({"json"});
  } else if (sub != "open" && sub != "close") {
    return CliUsage(context, "campaign", "unknown command \"" + sub + "\"");
  }
  auto line = CommandLine::Parse(rest, specs);
  if (!line.ok()) return CliUsage(context, "campaign", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if ((sub == "create" || sub == "list") && !line->positional().empty()) {
    return CliUsage(context, "campaign", "unexpected argument \"" + line->positional()[0] + "\"");
  }
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "campaign", store.status());
  if (sub == "create") return Create(context, **store, *line);
  if (sub == "open") return ChangeState(context, **store, *line, engine::CampaignState::kOpen);
  if (sub == "close") return ChangeState(context, **store, *line, engine::CampaignState::kClosed);
  if (sub == "list") return List(context, **store, *line);
  return Show(context, **store, *line);
}

}  // namespace tessera::server
