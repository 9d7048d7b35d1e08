#include "server/management/campaign_directory.h"

#include <algorithm>

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
    auto release = services.results.Release(campaign.id);
    if (!release.ok()) return release.status();
    auto invited = services.store.CountLinks(campaign.id, engine::LinkKind::kPersonal);
    if (!invited.ok()) return invited.status();
    listings.push_back(CampaignListing{std::move(campaign), std::move(*release), *invited});
  }
  return listings;
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
