// tessera campaign create|open|close|list|show.
#include "engine/burst_detector.h"
#include "engine/link_usage.h"
#include "instruments/catalogue.h"
#include "server/cli_store.h"
#include "server/store_commands.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera campaign COMMAND [OPTIONS]

A campaign asks one audience to answer one published instrument version, pinned for good.

Commands:
  create --org ORG --instrument ID@VERSION --title TITLE [--audience WHO]
         [--audience-size N|none] [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--threshold K]
         [--json]
                      create a draft campaign; K (default 5, never below 3) is the smallest
                      group whose results are ever shown. N is how many people it is sent to:
                      it never accepts more responses (default: the sum of the teams'
                      headcounts when every team has one, else none)
  open C              open campaign C for responses
  close C             close campaign C; its links stop working
  set C --audience-size N|none
                      change the audience size of a draft or open campaign
  list [--org ORG] [--json]
                      campaigns, newest first (id, instrument, state, dates, responses)
  show C [--json]     one campaign, with how many responses came through the shared link and
                      any bursts of near-identical responses flagged

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
  if (campaign.audience_size) out << " (audience size " << *campaign.audience_size << ")";
  out << "\n";
}

std::string FlagGroup(const engine::BurstFlag& flag) {
  return flag.grouping.empty() ? std::string("no grouping answer")
                               : flag.grouping + " = " + flag.group;
}

// The shared-link count and the flags, for `campaign show`: the text lines, or JSON fields.
Status AddIntakeFacts(engine::Store& store, const engine::Campaign& campaign, std::ostream* out,
                      nlohmann::json* json) {
  auto usage = store.GetLinkUsage(campaign.id);
  if (!usage.ok()) return usage.status();
  auto flags = store.ListBurstFlags(campaign.id);
  if (!flags.ok()) return flags.status();
  const int k = campaign.anonymity_threshold;
  const std::optional<int64_t> shared = engine::ShownSharedLinkResponses(*usage, k);
  const std::string fewer = "fewer than " + std::to_string(k);
  if (json != nullptr) {
    (*json)["shared_link_responses"] = shared ? nlohmann::json(*shared) : nlohmann::json(nullptr);
    nlohmann::json list = nlohmann::json::array();
    for (const engine::BurstFlag& flag : *flags) {
      list.push_back({{"grouping", flag.grouping},
                      {"group", flag.group},
                      {"day", flag.day},
                      {"responses", flag.responses >= k ? nlohmann::json(flag.responses)
                                                        : nlohmann::json(nullptr)}});
    }
    (*json)["burst_flags"] = std::move(list);
    return Status::Ok();
  }
  if (usage->minted > 0) {  // the shared link has been used
    *out << "  through the shared link: ";
    if (shared) {
      *out << *shared << "\n";
    } else if (usage->responses < k) {
      *out << "not shown while there are " << fewer << " responses\n";
    } else {
      *out << "not shown: it or the rest would be " << fewer << "\n";
    }
  }
  for (const engine::BurstFlag& flag : *flags) {
    *out << "  flag: " << flag.day << ", " << FlagGroup(flag) << ": "
         << (flag.responses >= k
                 ? std::to_string(flag.responses)
                 : "at least " + std::to_string(engine::BurstOptions{}.min_responses) + ", " +
                       fewer)
         << " near-identical responses within minutes\n";
  }
  return Status::Ok();
}

// The audience size a new campaign gets without --audience-size: the sum of the organisation's
// team headcounts when every team has one, else none.
Result<std::optional<int64_t>> DefaultAudienceSize(engine::Store& store, int64_t organisation_id) {
  auto teams = store.ListTeams(organisation_id);
  if (!teams.ok()) return teams.status();
  if (teams->empty()) return std::optional<int64_t>();
  int64_t sum = 0;
  for (const engine::Team& team : *teams) {
    if (!team.headcount) return std::optional<int64_t>();
    sum += *team.headcount;
  }
  return std::optional<int64_t>(sum);
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
  bool from_teams = false;
  if (auto size = line.Value("audience-size")) {
    auto parsed = ParseCeiling(*size, "audience-size");
    if (!parsed.ok()) return CliUsage(context, "campaign", parsed.status().message());
    request.audience_size = *parsed;
  } else {
    auto sum = DefaultAudienceSize(store, organisation->id);
    if (!sum.ok()) return CliFail(context, "campaign", sum.status());
    request.audience_size = *sum;
    from_teams = sum->has_value();
  }
  auto campaign = store.CreateCampaign(request);
  if (!campaign.ok()) return CliFail(context, "campaign", campaign.status());
  (void)store.AppendAudit(
      CliActor(), "campaign.create", "campaign:" + std::to_string(campaign->id),
      {{"instrument", ref->ToString()},
       {"title", campaign->title},
       {"audience_size", campaign->audience_size ? nlohmann::json(*campaign->audience_size)
                                                 : nlohmann::json(nullptr)}});
  if (line.Has("json")) {
    context.out << CampaignJson(*campaign, 0).dump(2) << "\n";
  } else {
    context.out << "created campaign " << campaign->id << " (draft): " << campaign->title << ", "
                << ref->ToString() << ", threshold " << campaign->anonymity_threshold << "\n";
    if (campaign->audience_size) {
      context.out << "audience size " << *campaign->audience_size
                  << (from_teams ? " (the sum of the teams' headcounts)" : "")
                  << ": it accepts no more responses than that\n";
    } else {
      context.out << "no audience size: set one with tessera campaign set " << campaign->id
                  << " --audience-size N, so that nobody can add responses beyond the people "
                     "asked\n";
    }
    context.out << "open it with: tessera campaign open " << campaign->id << "\n";
  }
  return kExitOk;
}

int SetAudience(CliContext& context, engine::Store& store, const CommandLine& line) {
  if (line.positional().size() != 1) return CliUsage(context, "campaign", "name one campaign");
  auto size_text = line.Value("audience-size");
  if (!size_text) return CliUsage(context, "campaign", "set needs --audience-size N (or none)");
  auto size = ParseCeiling(*size_text, "audience-size");
  if (!size.ok()) return CliUsage(context, "campaign", size.status().message());
  auto campaign = ResolveCampaign(store, line.positional()[0]);
  if (!campaign.ok()) return CliFail(context, "campaign", campaign.status());
  auto changed = store.SetAudienceSize(campaign->id, *size);
  if (!changed.ok()) return CliFail(context, "campaign", changed.status());
  (void)store.AppendAudit(
      CliActor(), "campaign.set_audience_size", "campaign:" + std::to_string(campaign->id),
      {{"audience_size", *size ? nlohmann::json(**size) : nlohmann::json(nullptr)}});
  context.out << "campaign " << campaign->id << " audience size: "
              << (changed->audience_size ? std::to_string(*changed->audience_size)
                                         : std::string("none"))
              << "\n";
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
    nlohmann::json json = CampaignJson(*campaign, *responses);
    if (Status facts = AddIntakeFacts(store, *campaign, nullptr, &json); !facts.ok()) {
      return CliFail(context, "campaign", facts);
    }
    context.out << json.dump(2) << "\n";
  } else {
    PrintCampaign(context.out, *campaign, *responses);
    if (Status facts = AddIntakeFacts(store, *campaign, &context.out, nullptr); !facts.ok()) {
      return CliFail(context, "campaign", facts);
    }
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
                               {"audience-size", true},
                               {"opens", true},
                               {"closes", true},
                               {"threshold", true},
                               {"catalogue", true},
                               {"json"}});
  } else if (sub == "list") {
    specs.insert(specs.end(), {{"org", true}, {"json"}});
  } else if (sub == "show") {
    specs.push_back({"json"});
  } else if (sub == "set") {
    specs.push_back({"audience-size", true});
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
  if (sub == "set") return SetAudience(context, **store, *line);
  return Show(context, **store, *line);
}

}  // namespace tessera::server
