// Which dashboard views a campaign has, from its pinned instrument: capability (maturity
// domains), attitudes (scales), perspectives (rater groups or the two sides of a partnership),
// trends and the evaluator view (always); and which view a role lands on.
#ifndef TESSERA_SERVER_MANAGEMENT_CAMPAIGN_VIEWS_H_
#define TESSERA_SERVER_MANAGEMENT_CAMPAIGN_VIEWS_H_

#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "server/auth/role.h"

namespace tessera::server {

struct CampaignViews {
  bool capability = false;
  bool attitudes = false;
  bool perspectives = false;
  // Grouping questions' item ids, in instrument order ("by" values for breakdowns).
  std::vector<std::string> groupings;
  std::string rater_grouping;  // the rater (or role) question for perspectives, if any
  std::string side_grouping;   // the side question (partnership charter), if any
};

CampaignViews ViewsFor(const instruments::Instrument& instrument);

// The path /campaigns/{id} sends `role` to ("" when the role has no view of results).
std::string LandingView(const CampaignViews& views, Role role);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_CAMPAIGN_VIEWS_H_
