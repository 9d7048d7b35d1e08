// tessera users add|list|remove|passwd.
#include "server/users_command.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <map>

#include "server/auth/account_rules.h"
#include "server/auth/password_hash.h"
#include "server/auth/role.h"
#include "server/cli_store.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera users COMMAND [OPTIONS]

Accounts for the people who run assessments, with one role per organisation:
  admin       campaigns, links and users
  manager     dashboards and exports
  evaluator   exports and the reliability view

Commands:
  add --org ORG --role ROLE EMAIL   create the account (the password is read from standard
                                    input) and give it ROLE in ORG; for an existing account,
                                    give or change its role in ORG (password unchanged)
  list [--org ORG] [--json]         accounts and their roles
  remove EMAIL [--org ORG]          remove the account's role in ORG, or with no --org the
                                    account itself (and end its sessions)
  passwd EMAIL                      set a new password (read from standard input) and end the
                                    account's sessions

Passwords have at least 12 characters. They are read from standard input, one line (on a
terminal you are asked twice, without echo), never from the command line.

Options:
  --org ORG           an organisation, by name or number
  --role ROLE         admin, manager or evaluator
  --json              list as JSON
  --db PATH           database file (default: $TESSERA_DB, else ./tessera.db)
  --help              show this help
)";

// Reads one line from standard input; prompts twice with echo off when it is a terminal.
Result<std::string> ReadPassword(CliContext& context, const std::string& email) {
  if (::isatty(STDIN_FILENO) == 0) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      return Status::InvalidArgument("no password on standard input (send it as one line)");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  termios saved{};
  const bool can_hide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  auto read_hidden = [&](const std::string& prompt) -> std::optional<std::string> {
    context.err << prompt << std::flush;
    if (can_hide) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (can_hide) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    context.err << "\n";
    if (!got) return std::nullopt;
    return line;
  };
  auto first = read_hidden("New password for " + email + ": ");
  if (!first) return Status::InvalidArgument("no password given");
  if (Status rules = CheckPasswordRules(*first); !rules.ok()) return rules;
  auto second = read_hidden("Type it again: ");
  if (!second || *second != *first) return Status::InvalidArgument("the passwords do not match");
  return *first;
}

// Reads a password and hashes it, after checking the rules.
Result<std::string> ReadNewPasswordHash(CliContext& context, const std::string& email) {
  Result<std::string> password = ReadPassword(context, email);
  if (!password.ok()) return password.status();
  if (Status rules = CheckPasswordRules(*password); !rules.ok()) return rules;
  return HashPassword(*password);
}

Result<std::string> OneEmail(const CommandLine& line) {
  if (line.positional().size() != 1) {
    return Status::InvalidArgument("give exactly one EMAIL");
  }
  return NormaliseEmail(line.positional()[0]);
}

int Add(CliContext& context, const CommandLine& line) {
  Result<std::string> email = OneEmail(line);
  if (!email.ok()) return CliUsage(context, "users", email.status().message());
  auto org_text = line.Value("org");
  auto role_text = line.Value("role");
  if (!org_text || !role_text) return CliUsage(context, "users", "add needs --org and --role");
  std::optional<Role> role = ParseRole(*role_text);
  if (!role) {
    return CliUsage(context, "users",
                    "--role must be admin, manager or evaluator, not \"" + *role_text + "\"");
  }
  auto store = OpenStore(line);
  if (!store.ok()) return CliFail(context, "users", store.status());
  auto organisation = ResolveOrganisation(**store, *org_text);
  if (!organisation.ok()) return CliFail(context, "users", organisation.status());

  auto user = (*store)->FindUserByEmail(*email);
  bool created = false;
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) {
      return CliFail(context, "users", user.status());
    }
    Result<std::string> hash = ReadNewPasswordHash(context, *email);
    if (!hash.ok()) return CliFail(context, "users", hash.status());
    user = (*store)->CreateUser(*email, *hash);
    if (!user.ok()) return CliFail(context, "users", user.status());
    created = true;
    (void)(*store)->AppendAudit(CliActor(), "user.add", "user:" + std::to_string(user->id),
                                {{"email", *email}});
  }
  const std::string role_name(RoleName(*role));
  if (Status set = (*store)->SetMembership(user->id, organisation->id, role_name); !set.ok()) {
    return CliFail(context, "users", set);
  }
  (void)(*store)->AppendAudit(
      CliActor(), "user.role", "user:" + std::to_string(user->id),
      {{"email", *email}, {"organisation_id", organisation->id}, {"role", role_name}});
  context.out << (created ? "Added " : "Updated ") << *email << ": " << role_name << " in "
              << organisation->name << " (organisation " << organisation->id << ")\n";
  if (!created) context.out << "The existing password is unchanged.\n";
  return kExitOk;
}

int List(CliContext& context, const CommandLine& line) {
  if (!line.positional().empty()) return CliUsage(context, "users", "unexpected argument");
  auto store = OpenStore(line);
  if (!store.ok()) return CliFail(context, "users", store.status());
  std::optional<int64_t> organisation_id;
  if (auto org_text = line.Value("org")) {
    auto organisation = ResolveOrganisation(**store, *org_text);
    if (!organisation.ok()) return CliFail(context, "users", organisation.status());
    organisation_id = organisation->id;
  }
  auto users = (*store)->ListUsers();
  if (!users.ok()) return CliFail(context, "users", users.status());
  auto memberships = (*store)->ListMemberships(organisation_id);
  if (!memberships.ok()) return CliFail(context, "users", memberships.status());
  std::map<int64_t, std::vector<engine::UserMembership>> by_user;
  for (const auto& membership : *memberships) by_user[membership.user_id].push_back(membership);

  nlohmann::json list = nlohmann::json::array();
  for (const engine::User& user : *users) {
    auto found = by_user.find(user.id);
    if (organisation_id && found == by_user.end()) continue;
    nlohmann::json roles = nlohmann::json::array();
    if (found != by_user.end()) {
      for (const auto& membership : found->second) {
        roles.push_back({{"organisation_id", membership.organisation_id},
                         {"organisation", membership.organisation_name},
                         {"role", membership.role}});
      }
    }
    list.push_back({{"id", user.id},
                    {"email", user.email},
                    {"created_at", user.created_at},
                    {"memberships", roles}});
  }
  if (line.Has("json")) {
    context.out << list.dump(2) << "\n";
    return kExitOk;
  }
  if (list.empty()) {
    context.out << "No accounts.\n";
    return kExitOk;
  }
  for (const auto& user : list) {
    context.out << user["email"].get<std::string>() << "\n";
    if (user["memberships"].empty()) context.out << "  (no role in any organisation)\n";
    for (const auto& membership : user["memberships"]) {
      context.out << "  " << membership["role"].get<std::string>() << " in "
                  << membership["organisation"].get<std::string>() << " (organisation "
                  << membership["organisation_id"].get<int64_t>() << ")\n";
    }
  }
  return kExitOk;
}

int Remove(CliContext& context, const CommandLine& line) {
  Result<std::string> email = OneEmail(line);
  if (!email.ok()) return CliUsage(context, "users", email.status().message());
  auto store = OpenStore(line);
  if (!store.ok()) return CliFail(context, "users", store.status());
  auto user = (*store)->FindUserByEmail(*email);
  if (!user.ok()) return CliFail(context, "users", user.status());
  const std::string subject = "user:" + std::to_string(user->id);
  if (auto org_text = line.Value("org")) {
    auto organisation = ResolveOrganisation(**store, *org_text);
    if (!organisation.ok()) return CliFail(context, "users", organisation.status());
    Status removed = (*store)->RemoveMembership(user->id, organisation->id);
    if (removed.code() == StatusCode::kNotFound) {
      return CliFail(context, "users",
                     Status::NotFound(*email + " has no role in " + organisation->name));
    }
    if (!removed.ok()) return CliFail(context, "users", removed);
    (void)(*store)->AppendAudit(CliActor(), "user.role_remove", subject,
                                {{"email", *email}, {"organisation_id", organisation->id}});
    context.out << "Removed " << *email << "'s role in " << organisation->name << "\n";
    return kExitOk;
  }
  if (Status removed = (*store)->DeleteUser(user->id); !removed.ok()) {
    return CliFail(context, "users", removed);
  }
  (void)(*store)->AppendAudit(CliActor(), "user.remove", subject, {{"email", *email}});
  context.out << "Removed the account " << *email << " and ended its sessions\n";
  return kExitOk;
}

int Passwd(CliContext& context, const CommandLine& line) {
  Result<std::string> email = OneEmail(line);
  if (!email.ok()) return CliUsage(context, "users", email.status().message());
  auto store = OpenStore(line);
  if (!store.ok()) return CliFail(context, "users", store.status());
  auto user = (*store)->FindUserByEmail(*email);
  if (!user.ok()) return CliFail(context, "users", user.status());
  Result<std::string> hash = ReadNewPasswordHash(context, *email);
  if (!hash.ok()) return CliFail(context, "users", hash.status());
  if (Status set = (*store)->SetPasswordHash(user->id, *hash); !set.ok()) {
    return CliFail(context, "users", set);
  }
  if (Status ended = (*store)->DeleteUserSessions(user->id); !ended.ok()) {
    return CliFail(context, "users", ended);
  }
  (void)(*store)->AppendAudit(CliActor(), "user.password", "user:" + std::to_string(user->id),
                              {{"email", *email}});
  context.out << "Changed the password of " << *email << " and ended its sessions\n";
  return kExitOk;
}

}  // namespace

int RunUsersCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  const std::string command = context.args[0];
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  std::vector<OptionSpec> specs = {DbOption()};
  if (command == "add") {
    specs.insert(specs.end(), {{"org", true}, {"role", true}});
  } else if (command == "list") {
    specs.insert(specs.end(), {{"org", true}, {"json"}});
  } else if (command == "remove") {
    specs.push_back({"org", true});
  } else if (command != "passwd") {
    return CliUsage(context, "users", "unknown command \"" + command + "\"");
  }
  auto line = CommandLine::Parse(rest, specs);
  if (!line.ok()) return CliUsage(context, "users", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (command == "add") return Add(context, *line);
  if (command == "list") return List(context, *line);
  if (command == "remove") return Remove(context, *line);
  return Passwd(context, *line);
}

}  // namespace tessera::server
