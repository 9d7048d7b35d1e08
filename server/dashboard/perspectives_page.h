// The perspectives view: how each rater group (board, managers, staff, volunteers) sees each
// capability domain, side by side with the largest gap flagged; and the partners' own view:
// the partner feedback campaign's scales and the charter check broken down by side.
#ifndef TESSERA_SERVER_DASHBOARD_PERSPECTIVES_PAGE_H_
#define TESSERA_SERVER_DASHBOARD_PERSPECTIVES_PAGE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/records.h"
#include "server/dashboard/dashboard_chrome.h"
#include "server/dashboard/svg_band_bars.h"

namespace tessera::server::dashboard {

// Each part is optional: without a closed campaign of that kind the page says so.
struct PerspectiveInputs {
  std::optional<engine::Campaign> capability;
  nlohmann::json capability_by_role;  // Scores(capability, "rater")
  std::optional<engine::Campaign> partner_feedback;
  nlohmann::json partner_scores;  // Scores(partner_feedback)
  std::optional<engine::Campaign> charter;
  nlohmann::json charter_by_side;  // Scores(charter, "side")
  // Optional: the levels of the capability instrument on the index (IndexBandsOf), drawn
  // behind the capability bars.
  std::vector<IndexBand> capability_bands;
  // Optional: the campaign in the URL, whose tabs head the page; default: the capability
  // campaign, else the partner feedback campaign, else the charter campaign.
  std::optional<engine::Campaign> current;
};

std::string RenderPerspectivesPage(const DashboardChrome& chrome, const PerspectiveInputs& inputs);

}  // namespace tessera::server::dashboard

#endif  // TESSERA_SERVER_DASHBOARD_PERSPECTIVES_PAGE_H_
