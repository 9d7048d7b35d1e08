// tessera links create: personal single-use links for a mail merge, or the campaign's open link.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "server/cli_store.h"
#include "server/store_commands.h"
#include "survey/token.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera links create --campaign C (--count N | --open) [OPTIONS]

Personal links are single-use: each opens one survey that can be saved and finished later, on
any device. Only a hash of each link is stored, so the links are shown once: keep the output.
The open link is one address for everyone, for settings where personal links don't fit.
Whoever holds unused links can answer once per link, so the audit log records who created which
links (their numbers), how many, and where they were written.

Options:
  --campaign C        the campaign (its number)
  --count N           make N personal links (1 to 100000)
  --open              make the campaign's open link instead
  --csv FILE          write the links to FILE (a new file) instead of standard output
  --base-url URL      the address respondents use (default: $TESSERA_BASE_URL, else
                      http://127.0.0.1:8080)
  --db PATH           database file (default: $TESSERA_DB, else ./tessera.db)
  --help              show this help
)";

constexpr long long kMaxLinks = 100000;

std::string BaseUrl(const CommandLine& line) {
  std::string url = line.Value("base-url").value_or("");
  if (url.empty()) {
    const char* env = std::getenv("TESSERA_BASE_URL");
    url = env != nullptr && *env != '\0' ? env : "http://127.0.0.1:8080";
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

int RunLinksCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  if (context.args[0] != "create") {
    return CliUsage(context, "links", "unknown command \"" + context.args[0] + "\"");
  }
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  auto line = CommandLine::Parse(rest, {DbOption(),
                                        {"campaign", true},
                                        {"count", true},
                                        {"open"},
                                        {"csv", true},
                                        {"base-url", true}});
  if (!line.ok()) return CliUsage(context, "links", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (!line->positional().empty()) return CliUsage(context, "links", "unexpected argument");
  auto campaign_text = line->Value("campaign");
  if (!campaign_text) return CliUsage(context, "links", "create needs --campaign C");
  const bool open = line->Has("open");
  long long count = 1;
  if (open == line->Value("count").has_value()) {
    return CliUsage(context, "links", "give either --count N or --open");
  }
  if (!open) {
    auto parsed = ParseWholeNumber(*line->Value("count"));
    if (!parsed || *parsed < 1 || *parsed > kMaxLinks) {
      return CliUsage(context, "links", "--count must be a whole number from 1 to 100000");
    }
    count = *parsed;
  }
  const auto csv_path = line->Value("csv");
  if (csv_path && std::filesystem::exists(*csv_path)) {
    return CliFail(context, "links",
                   Status::AlreadyExists(*csv_path + " already exists; links are written once, "
                                                     "to a new file"));
  }
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "links", store.status());
  auto campaign = ResolveCampaign(**store, *campaign_text);
  if (!campaign.ok()) return CliFail(context, "links", campaign.status());
  if (campaign->state == engine::CampaignState::kClosed) {
    return CliFail(
        context, "links",
        Status::FailedPrecondition("campaign " + std::to_string(campaign->id) + " is closed"));
  }
  const auto kind = open ? engine::LinkKind::kOpen : engine::LinkKind::kPersonal;
  std::vector<std::string> tokens;
  std::vector<std::string> hashes;
  for (long long i = 0; i < count; ++i) {
    tokens.push_back(survey::NewToken());
    hashes.push_back(survey::TokenHash(tokens.back()));
  }
  // Write the file first: if it cannot be written, no link is stored that nobody could use.
  const std::string base = BaseUrl(*line);
  std::ofstream file;
  if (csv_path) {
    file.open(*csv_path, std::ios::out | std::ios::trunc);
    if (!file) return CliFail(context, "links", Status::IoError("cannot write " + *csv_path));
  }
  std::ostream& out = csv_path ? static_cast<std::ostream&>(file) : context.out;
  out << "link\r\n";
  for (const auto& token : tokens) out << base << "/s/" << token << "\r\n";
  out.flush();
  if (!out) {
    if (csv_path) std::filesystem::remove(*csv_path);
    return CliFail(context, "links", Status::IoError("cannot write the links"));
  }
  auto range = (*store)->AddLinksWithIds(campaign->id, kind, hashes);
  if (!range.ok()) {
    if (csv_path) {
      file.close();
      std::filesystem::remove(*csv_path);
    }
    return CliFail(context, "links", range.status());
  }
  // Who took which links out, and where to: whoever holds unused links can answer with them.
  const std::string written_to =
      csv_path ? std::filesystem::absolute(*csv_path).lexically_normal().string()
               : std::string("standard output");
  if (Status audited =
          (*store)->AppendAudit(CliActor(), open ? "links.create_open" : "links.create",
                                "campaign:" + std::to_string(campaign->id),
                                {{"count", range->count},
                                 {"first_link_id", range->first},
                                 {"last_link_id", range->last},
                                 {"written_to", written_to}});
      !audited.ok()) {
    context.err << "tessera links: warning: the links were created but could not be written to "
                   "the audit log: "
                << audited.message() << "\n";
  }
  if (csv_path) {
    context.err << "wrote " << count << (open ? " open link" : " personal link(s)") << " to "
                << *csv_path << "\n";
  }
  return kExitOk;
}

}  // namespace tessera::server
