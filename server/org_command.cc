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
  add --org ORG SLUG NAME   add a team; SLUG (a-z, 0-9, -, _) is what answers store
  list --org ORG [--json]   list an organisation's teams

Options:
  --db PATH                 database file (default: $TESSERA_DB, else ./tessera.db)
  --help                    show this help
)";

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
  if (sub != "add" && sub != "list")
    return CliUsage(context, "teams", "unknown command \"" + sub + "\"");
  auto line = CommandLine::Parse(rest, {DbOption(), {"org", true}, {"json"}});
  if (!line.ok()) return CliUsage(context, "teams", line.status().message());
  if (line->help()) {
    context.out << kTeamsUsage;
    return kExitOk;
  }
  auto org_name = line->Value("org");
  if (!org_name) return CliUsage(context, "teams", sub + " needs --org ORG");
  if (sub == "add" && line->positional().size() != 2)
    return CliUsage(context, "teams", "add needs SLUG and NAME");
  if (sub == "list" && !line->positional().empty())
    return CliUsage(context, "teams", "list takes no arguments");
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "teams", store.status());
  auto organisation = ResolveOrganisation(**store, *org_name);
  if (!organisation.ok()) return CliFail(context, "teams", organisation.status());
  if (sub == "add") {
    auto team =
        (*store)->CreateTeam(organisation->id, line->positional()[0], line->positional()[1]);
    if (!team.ok()) return CliFail(context, "teams", team.status());
    (void)(*store)->AppendAudit(CliActor(), "team.create",
                                "organisation:" + std::to_string(organisation->id),
                                {{"slug", team->slug}, {"name", team->name}});
    context.out << "added team " << team->slug << " \"" << team->name << "\" to "
                << organisation->name << "\n";
    return kExitOk;
  }
  auto teams = (*store)->ListTeams(organisation->id);
  if (!teams.ok()) return CliFail(context, "teams", teams.status());
  if (line->Has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& team : *teams) list.push_back({{"slug", team.slug}, {"name", team.name}});
    context.out << list.dump(2) << "\n";
  } else {
    for (const auto& team : *teams) context.out << team.slug << "  " << team.name << "\n";
  }
  return kExitOk;
}

}  // namespace tessera::server
