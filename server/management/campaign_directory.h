// Finding an organisation's campaigns for the dashboards: the rows of the campaign list (with
// only what may be shown: counts from k), the waves of the same instrument for trends, and the
// latest released campaign of an instrument for the perspectives view.
#ifndef TESSERA_SERVER_MANAGEMENT_CAMPAIGN_DIRECTORY_H_
#define TESSERA_SERVER_MANAGEMENT_CAMPAIGN_DIRECTORY_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/records.h"
#include "server/management/management_services.h"

namespace tessera::server {

// One campaign as the list shows it: the record, its release state (CampaignResults::Release:
// the response count is null below k), the personal links administrators created for it, the
// responses that came through the shared link (only when engine::ShownSharedLinkResponses
// allows) and the bursts of near-identical responses flagged.
struct CampaignListing {
  engine::Campaign campaign;
  nlohmann::json release;
  int64_t invited = 0;
  std::optional<int64_t> shared_link_responses;
  bool shared_link_used = false;  // links were minted from the shared link
  std::vector<engine::BurstFlag> flags;
};

Result<std::vector<CampaignListing>> ListOrganisationCampaigns(ManagementServices& services,
                                                               int64_t organisation_id);
// One campaign's listing.
Result<CampaignListing> ListingOf(ManagementServices& services, engine::Campaign campaign);

// The campaign's JSON for the API: id, organisation_id, title, audience, instrument, state,
// opens_on, closes_on, threshold, responses (null below k), invited, audience_size,
// shared_link_responses (null when withheld), burst_flags, results_released, reason.
nlohmann::json CampaignListingJson(const CampaignListing& listing);

// A flag as the API gives it: grouping, group, day, and responses (null below k: the flag then
// says "at least 3, fewer than k").
nlohmann::json BurstFlagJson(const engine::BurstFlag& flag, int threshold);

// Released campaigns of the same instrument id (any version) in the organisation, up to and
// including `current`, oldest first (by opening date, then id).
Result<std::vector<engine::Campaign>> WavesUpTo(ManagementServices& services,
                                                const engine::Campaign& current);

// The most recent released campaign of `instrument_id` in the organisation, if any.
Result<std::optional<engine::Campaign>> LatestReleased(ManagementServices& services,
                                                       int64_t organisation_id,
                                                       const std::string& instrument_id);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_CAMPAIGN_DIRECTORY_H_
