// tessera org create|list and tessera teams add|list.
#include "server/cli_store.h"
#include "server/store_commands.h"

namespace tessera::server {
namespace {

constexpr char kOrgUsage[] = R"(Usage: tessera org COMMAND [OPTIONS]

Commands:
  create --name NAME    create an organisation
  list [--json]         list organisations

Options:
  --db PATH             database file (default: $TESSERA_DB, else ./tessera.db)
  --help                show this help
)";

constexpr char kTeamsUsage[] = R"(Usage: tessera teams COMMAND [OPTIONS]

Teams are the answer options of every survey's "team" question.

Commands:
  add --org ORG SLUG NAME [--headcount N]
                            add a team; SLUG (a-z, 0-9, -, _) is what answers store
  set --org ORG SLUG --headcount N|none
                            declare (or clear) how many people the team has
  list --org ORG [--json]   list an organisation's teams with their headcounts

A team's headcount is a ceiling: no campaign accepts more responses that chose the team than it
has members, so nobody can pad a small team up to the anonymity threshold with made-up answers.
When every team has a headcount, a new campaign's audience size defaults to their sum.

Options:
  --db PATH                 database file (default: $TESSERA_DB, else ./tessera.db)
  --help                    show this help
)";

std::string HeadcountText(const std::optional<int64_t>& headcount) {
  return headcount ? std::to_string(*headcount) : std::string("not declared");
}

}  // namespace

int RunOrgCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kOrgUsage); code >= 0) return code;
  const std::string sub = context.args[0];
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  if (sub != "create" && sub != "list")
    return CliUsage(context, "org", "unknown command \"" + sub + "\"");
  auto line = CommandLine::Parse(rest, {DbOption(), {"name", true}, {"json"}});
  if (!line.ok()) return CliUsage(context, "org", line.status().message());
  if (line->help()) {
    context.out << kOrgUsage;
    return kExitOk;
  }
  if (!line->positional().empty())
    return CliUsage(context, "org", "unexpected argument \"" + line->positional()[0] + "\"");
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "org", store.status());
  if (sub == "create") {
    auto name = line->Value("name");
    if (!name || name->empty()) return CliUsage(context, "org", "create needs --name NAME");
    auto organisation = (*store)->CreateOrganisation(*name);
    if (!organisation.ok()) return CliFail(context, "org", organisation.status());
    (void)(*store)->AppendAudit(CliActor(), "organisation.create",
                                "organisation:" + std::to_string(organisation->id),
                                {{"name", organisation->name}});
    if (line->Has("json")) {
      context.out << nlohmann::json{{"id", organisation->id}, {"name", organisation->name}}.dump(2)
                  << "\n";
    } else {
      context.out << "created organisation " << organisation->id << " \"" << organisation->name
                  << "\"\n";
    }
    return kExitOk;
  }
  auto organisations = (*store)->ListOrganisations();
  if (!organisations.ok()) return CliFail(context, "org", organisations.status());
  if (line->Has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& organisation : *organisations) {
      list.push_back({{"id", organisation.id},
                      {"name", organisation.name},
                      {"created_at", organisation.created_at}});
    }
    context.out << list.dump(2) << "\n";
  } else {
    for (const auto& organisation : *organisations) {
      context.out << organisation.id << "  " << organisation.name << "\n";
    }
    if (organisations->empty())
      context.out << "No organisations yet: tessera org create --name NAME\n";
  }
  return kExitOk;
}

int RunTeamsCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kTeamsUsage); code >= 0) return code;
  const std::string sub = context.args[0];
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  if (sub != "add" && sub != "set" && sub != "list")
    return CliUsage(context, "teams", "unknown command \"" + sub + "\"");
  std::vector<OptionSpec> specs = {DbOption(), {"org", true}, {"json"}};
  if (sub != "list") specs.push_back({"headcount", true});
  auto line = CommandLine::Parse(rest, specs);
  if (!line.ok()) return CliUsage(context, "teams", line.status().message());
  if (line->help()) {
    context.out << kTeamsUsage;
    return kExitOk;
  }
  auto org_name = line->Value("org");
  if (!org_name) return CliUsage(context, "teams", sub + " needs --org ORG");
  if (sub == "add" && line->positional().size() != 2)
    return CliUsage(context, "teams", "add needs SLUG and NAME");
  if (sub == "set" && line->positional().size() != 1)
    return CliUsage(context, "teams", "set needs SLUG");
  if (sub == "list" && !line->positional().empty())
    return CliUsage(context, "teams", "list takes no arguments");
  std::optional<int64_t> headcount;
  if (auto text = line->Value("headcount")) {
    auto parsed = ParseCeiling(*text, "headcount");
    if (!parsed.ok()) return CliUsage(context, "teams", parsed.status().message());
    headcount = *parsed;
  } else if (sub == "set") {
    return CliUsage(context, "teams", "set needs --headcount N (or none)");
  }
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "teams", store.status());
  auto organisation = ResolveOrganisation(**store, *org_name);
  if (!organisation.ok()) return CliFail(context, "teams", organisation.status());
  const std::string subject = "organisation:" + std::to_string(organisation->id);
  auto headcount_json = [](const std::optional<int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  if (sub == "add") {
    auto team = (*store)->CreateTeam(organisation->id, line->positional()[0], line->positional()[1],
                                     headcount);
    if (!team.ok()) return CliFail(context, "teams", team.status());
    (void)(*store)->AppendAudit(
        CliActor(), "team.create", subject,
        {{"slug", team->slug}, {"name", team->name}, {"headcount", headcount_json(headcount)}});
    context.out << "added team " << team->slug << " \"" << team->name << "\" to "
                << organisation->name;
    if (team->headcount) context.out << " (headcount " << *team->headcount << ")";
    context.out << "\n";
    return kExitOk;
  }
  if (sub == "set") {
    auto team = (*store)->SetTeamHeadcount(organisation->id, line->positional()[0], headcount);
    if (!team.ok()) return CliFail(context, "teams", team.status());
    (void)(*store)->AppendAudit(CliActor(), "team.set_headcount", subject,
                                {{"slug", team->slug}, {"headcount", headcount_json(headcount)}});
    context.out << "team " << team->slug << " headcount: " << HeadcountText(team->headcount)
                << "\n";
    return kExitOk;
  }
  auto teams = (*store)->ListTeams(organisation->id);
  if (!teams.ok()) return CliFail(context, "teams", teams.status());
  if (line->Has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& team : *teams) {
      list.push_back({{"slug", team.slug},
                      {"name", team.name},
                      {"headcount", headcount_json(team.headcount)}});
    }
    context.out << list.dump(2) << "\n";
  } else {
    for (const auto& team : *teams) {
      context.out << team.slug << "  " << team.name;
      if (team.headcount) context.out << "  (headcount " << *team.headcount << ")";
      context.out << "\n";
    }
  }
  return kExitOk;
}

}  // namespace tessera::server
