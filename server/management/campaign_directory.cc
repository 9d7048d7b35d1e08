#include "server/management/campaign_directory.h"

#include <algorithm>

#include "engine/link_usage.h"

namespace tessera::server {
namespace {

bool Released(ManagementServices& services, const engine::Campaign& campaign) {
  auto release = services.results.Release(campaign.id);
  return release.ok() && release->value("results_released", false);
}

bool OpenedEarlier(const engine::Campaign& a, const engine::Campaign& b) {
  if (a.opens_on != b.opens_on) return a.opens_on < b.opens_on;
  return a.id < b.id;
}

}  // namespace

Result<std::vector<CampaignListing>> ListOrganisationCampaigns(ManagementServices& services,
                                                               int64_t organisation_id) {
  auto campaigns = services.store.ListCampaigns(organisation_id);
  if (!campaigns.ok()) return campaigns.status();
  std::vector<CampaignListing> listings;
  listings.reserve(campaigns->size());
  for (engine::Campaign& campaign : *campaigns) {
    auto listing = ListingOf(services, std::move(campaign));
    if (!listing.ok()) return listing.status();
    listings.push_back(std::move(*listing));
  }
  return listings;
}

Result<CampaignListing> ListingOf(ManagementServices& services, engine::Campaign campaign) {
  auto release = services.results.Release(campaign.id);
  if (!release.ok()) return release.status();
  auto usage = services.store.GetLinkUsage(campaign.id);
  if (!usage.ok()) return usage.status();
  auto flags = services.store.ListBurstFlags(campaign.id);
  if (!flags.ok()) return flags.status();
  CampaignListing listing;
  listing.shared_link_responses =
      engine::ShownSharedLinkResponses(*usage, campaign.anonymity_threshold);
  // The shared-link count only ever accompanies a total that is itself shown.
  if (!release->value("responses", nlohmann::json(nullptr)).is_number_integer()) {
    listing.shared_link_responses.reset();
  }
  listing.campaign = std::move(campaign);
  listing.release = std::move(*release);
  listing.invited = usage->created;
  listing.shared_link_used = usage->minted > 0;
  listing.flags = std::move(*flags);
  return listing;
}

nlohmann::json BurstFlagJson(const engine::BurstFlag& flag, int threshold) {
  return {
      {"grouping", flag.grouping.empty() ? nlohmann::json(nullptr) : nlohmann::json(flag.grouping)},
      {"group", flag.grouping.empty() ? nlohmann::json(nullptr) : nlohmann::json(flag.group)},
      {"day", flag.day},
      {"responses",
       flag.responses >= threshold ? nlohmann::json(flag.responses) : nlohmann::json(nullptr)}};
}

nlohmann::json CampaignListingJson(const CampaignListing& listing) {
  const engine::Campaign& campaign = listing.campaign;
  nlohmann::json json = {
      {"id", campaign.id},
      {"organisation_id", campaign.organisation_id},
      {"title", campaign.title},
      {"audience", campaign.audience},
      {"instrument", campaign.instrument.ToString()},
      {"state", std::string(engine::ToString(campaign.state))},
      {"opens_on",
       campaign.opens_on.empty() ? nlohmann::json(nullptr) : nlohmann::json(campaign.opens_on)},
      {"closes_on",
       campaign.closes_on.empty() ? nlohmann::json(nullptr) : nlohmann::json(campaign.closes_on)},
      {"threshold", campaign.anonymity_threshold},
      {"responses", listing.release.value("responses", nlohmann::json(nullptr))},
      {"invited", listing.invited},
      {"results_released", listing.release.value("results_released", false)}};
  if (listing.release.contains("reason")) json["reason"] = listing.release["reason"];
  json["audience_size"] =
      campaign.audience_size ? nlohmann::json(*campaign.audience_size) : nlohmann::json(nullptr);
  json["shared_link_responses"] = listing.shared_link_responses
                                      ? nlohmann::json(*listing.shared_link_responses)
                                      : nlohmann::json(nullptr);
  nlohmann::json flags = nlohmann::json::array();
  for (const engine::BurstFlag& flag : listing.flags) {
    flags.push_back(BurstFlagJson(flag, campaign.anonymity_threshold));
  }
  json["burst_flags"] = std::move(flags);
  return json;
}

Result<std::vector<engine::Campaign>> WavesUpTo(ManagementServices& services,
                                                const engine::Campaign& current) {
  auto campaigns = services.store.ListCampaigns(current.organisation_id);
  if (!campaigns.ok()) return campaigns.status();
  std::vector<engine::Campaign> waves;
  for (engine::Campaign& campaign : *campaigns) {
    if (campaign.instrument.id != current.instrument.id) continue;
    if (campaign.id != current.id && OpenedEarlier(current, campaign)) continue;
    if (campaign.instrument.version > current.instrument.version) continue;
    if (!Released(services, campaign)) continue;
    waves.push_back(std::move(campaign));
  }
  std::sort(waves.begin(), waves.end(), OpenedEarlier);
  return waves;
}

Result<std::optional<engine::Campaign>> LatestReleased(ManagementServices& services,
                                                       int64_t organisation_id,
                                                       const std::string& instrument_id) {
  auto campaigns = services.store.ListCampaigns(organisation_id);
  if (!campaigns.ok()) return campaigns.status();
  std::optional<engine::Campaign> latest;
  for (engine::Campaign& campaign : *campaigns) {
    if (campaign.instrument.id != instrument_id || !Released(services, campaign)) continue;
    if (!latest || OpenedEarlier(*latest, campaign)) latest = std::move(campaign);
  }
  return latest;
}

}  // namespace tessera::server
