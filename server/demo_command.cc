// tessera demo: builds the demo organisation from data/demo/organisation.json into the
// database, prints working survey links, and with --serve starts the server on it.
#include "server/demo_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/campaign_results.h"
#include "engine/demo_builder.h"
#include "engine/demo_spec.h"
#include "engine/live_statistics.h"
#include "engine/sqlite_store.h"
#include "instruments/catalogue.h"
#include "server/auth/password_hash.h"
#include "server/auth/role.h"
#include "server/auth/secret_token.h"
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
                      --max-connections, --synchronous and --rate-limit work as for
                      tessera serve
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

struct DemoAccount {
  std::string email;
  std::string role;
  std::string password;  // empty when it is not known (the accounts file was removed)
};

// The demo's passwords, kept beside the database so a second run can print them again:
// "email<TAB>password" lines in DB_PATH + ".accounts.txt", readable only by its owner.
std::map<std::string, std::string> ReadAccountsFile(const std::string& path) {
  std::map<std::string, std::string> passwords;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) passwords[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return passwords;
}

Status WriteAccountsFile(const std::string& path,
                         const std::map<std::string, std::string>& passwords) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot write " + path);
  std::string text;
  for (const auto& [email, password] : passwords) text += email + "\t" + password + "\n";
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

// One account per role in the demo organisation ({role}@demo.example), created when missing
// with a random password.
Result<std::vector<DemoAccount>> EnsureDemoAccounts(engine::Store& store,
                                                    const std::string& organisation_name,
                                                    const std::string& database) {
  auto organisation = store.FindOrganisationByName(organisation_name);
  if (!organisation.ok()) return organisation.status();
  const bool keep_file = database != ":memory:";
  const std::string file = database + ".accounts.txt";
  std::map<std::string, std::string> passwords;
  if (keep_file) passwords = ReadAccountsFile(file);
  bool changed = false;
  std::vector<DemoAccount> accounts;
  for (Role role : {Role::kAdmin, Role::kManager, Role::kEvaluator}) {
    DemoAccount account{std::string(RoleName(role)) + "@demo.example", std::string(RoleName(role)),
                        ""};
    auto user = store.FindUserByEmail(account.email);
    if (!user.ok()) {
      if (user.status().code() != StatusCode::kNotFound) return user.status();
      account.password = NewSecretToken().substr(0, 20);
      auto hash = HashPassword(account.password);
      if (!hash.ok()) return hash.status();
      user = store.CreateUser(account.email, *hash);
      if (!user.ok()) return user.status();
      (void)store.AppendAudit(CliActor(), "user.add", "user:" + std::to_string(user->id),
                              {{"email", account.email}, {"demo", true}});
      passwords[account.email] = account.password;
      changed = true;
    } else if (auto known = passwords.find(account.email); known != passwords.end()) {
      account.password = known->second;
    }
    auto memberships = store.UserMemberships(user->id);
    if (!memberships.ok()) return memberships.status();
    bool member = false;
    for (const auto& membership : *memberships) {
      if (membership.organisation_id == organisation->id) member = true;
    }
    if (!member) {
      if (Status set = store.SetMembership(user->id, organisation->id, account.role); !set.ok()) {
        return set;
      }
      (void)store.AppendAudit(CliActor(), "user.role", "user:" + std::to_string(user->id),
                              {{"email", account.email},
                               {"organisation_id", organisation->id},
                               {"role", account.role}});
    }
    accounts.push_back(std::move(account));
  }
  if (keep_file && changed) {
    if (Status written = WriteAccountsFile(file, passwords); !written.ok()) return written;
  }
  return accounts;
}

void PrintAccounts(std::ostream& out, const std::vector<DemoAccount>& accounts,
                   const std::string& base, const std::string& database) {
  out << "\nAccounts (one per role in the demo organisation):\n";
  for (const DemoAccount& account : accounts) {
    out << "Sign in at " << base << "/login as " << account.email << " (" << account.role
        << "), password: "
        << (account.password.empty() ? "(unknown; set one with tessera users passwd)"
                                     : account.password)
        << "\n";
  }
  if (database != ":memory:") {
    out << "The passwords are also in " << database << ".accounts.txt (readable only by you).\n";
  }
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
    // Each closed campaign's disclosure plan is made now and kept, so that no later process
    // (the server, `tessera score`, an export) waits for the audits.
    context.out << "Auditing what the closed campaigns' results may show...\n";
    context.out.flush();
    engine::LiveStatistics live(**store);
    engine::CampaignResults results(**store, live);
    for (const auto& campaign : summary.campaigns) {
      if (campaign.state != engine::CampaignState::kClosed) continue;
      auto disclosed = results.DisclosurePlan(campaign.id);
      if (!disclosed.ok() && disclosed.status().code() != StatusCode::kFailedPrecondition) {
        return CliFail(context, "demo", disclosed.status());
      }
    }
  } else if (built.code() == StatusCode::kAlreadyExists) {
    context.out << "The demo organisation \"" << organisation_name << "\" is already in "
                << settings.database << "; keeping it.\n";
  } else {
    return CliFail(context, "demo", built);
  }
  auto links = MakeLinks(**store, organisation_name);
  if (!links.ok()) return CliFail(context, "demo", links.status());
  auto accounts = EnsureDemoAccounts(**store, organisation_name, settings.database);
  if (!accounts.ok()) return CliFail(context, "demo", accounts.status());
  store->reset();  // the server opens its own connections

  if (!line->Has("serve")) {
    const std::string base = "http://" + settings.address + ":" + std::to_string(settings.port);
    PrintLinks(context.out, *links, base);
    PrintAccounts(context.out, *accounts, base, settings.database);
    context.out << "\nStart the server with: tessera serve --db " << settings.database << "\n";
    return kExitOk;
  }
  settings.on_listening = [&context, &settings, links = *links,
                           accounts = *accounts](unsigned short port) {
    const std::string base = "http://" + settings.address + ":" + std::to_string(port);
    PrintLinks(context.out, links, base);
    PrintAccounts(context.out, accounts, base, settings.database);
    context.out.flush();
  };
  return RunServer(context, settings);
}

}  // namespace tessera::server
