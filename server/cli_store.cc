#include "server/cli_store.h"

#include <charconv>
#include <cstdlib>

#include "engine/sqlite_store.h"

namespace tessera::server {

std::string DatabasePath(const CommandLine& line) {
  if (auto db = line.Value("db")) return *db;
  if (const char* env = std::getenv("TESSERA_DB"); env != nullptr && *env != '\0') return env;
  return "tessera.db";
}

Result<std::unique_ptr<engine::Store>> OpenStore(const CommandLine& line) {
  engine::SqliteOptions options;
  options.path = DatabasePath(line);
  return engine::OpenSqliteStore(options);
}

namespace {

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

Result<engine::Organisation> ResolveOrganisation(engine::Store& store, const std::string& text) {
  if (auto id = ParseId(text)) return store.GetOrganisation(*id);
  return store.FindOrganisationByName(text);
}

Result<engine::Campaign> ResolveCampaign(engine::Store& store, const std::string& text) {
  auto id = ParseId(text);
  if (!id)
    return Status::InvalidArgument("a campaign is named by its number, not \"" + text + "\"");
  return store.GetCampaign(*id);
}

std::string CliActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

nlohmann::json CampaignJson(const engine::Campaign& campaign, int64_t responses) {
  nlohmann::json out = {{"id", campaign.id},
                        {"organisation_id", campaign.organisation_id},
                        {"instrument", campaign.instrument.ToString()},
                        {"instrument_hash", campaign.instrument_hash},
                        {"title", campaign.title},
                        {"audience", campaign.audience},
                        {"opens_on", campaign.opens_on},
                        {"closes_on", campaign.closes_on},
                        {"anonymity_threshold", campaign.anonymity_threshold},
                        {"state", engine::ToString(campaign.state)},
                        {"created_at", campaign.created_at}};
  out["audience_size"] =
      campaign.audience_size ? nlohmann::json(*campaign.audience_size) : nlohmann::json(nullptr);
  // Counts below the threshold are not shown, matching every other view of the campaign.
  if (responses >= campaign.anonymity_threshold) {
    out["responses"] = responses;
  } else {
    out["responses"] = nullptr;
    out["responses_note"] = "fewer than " + std::to_string(campaign.anonymity_threshold);
  }
  return out;
}

Result<std::optional<int64_t>> ParseCeiling(const std::string& text, const std::string& option) {
  if (text == "none") return std::optional<int64_t>();
  std::optional<long long> number = ParseWholeNumber(text);
  if (!number || *number < 1 || *number > 100000000) {
    return Status::InvalidArgument("--" + option +
                                   " must be a whole number from 1 to 100000000, or none");
  }
  return std::optional<int64_t>(*number);
}

}  // namespace tessera::server
