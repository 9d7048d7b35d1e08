#include "server/management/campaign_views.h"

namespace tessera::server {

CampaignViews ViewsFor(const instruments::Instrument& instrument) {
  CampaignViews views;
  for (const auto& dimension : instrument.dimensions) {
    if (dimension.kind == instruments::DimensionKind::kDomain) views.capability = true;
    if (dimension.kind == instruments::DimensionKind::kScale) views.attitudes = true;
  }
  for (const instruments::Item* item : instrument.Items()) {
    if (item->grouping == instruments::Grouping::kNone) continue;
    views.groupings.push_back(item->id);
    if (item->grouping == instruments::Grouping::kRater && views.rater_grouping.empty()) {
      views.rater_grouping = item->id;
    }
    if (item->grouping == instruments::Grouping::kSide && views.side_grouping.empty()) {
      views.side_grouping = item->id;
    }
  }
  views.perspectives = !views.rater_grouping.empty() || !views.side_grouping.empty() ||
                       instrument.id == "partner-feedback";
  return views;
}

std::string LandingView(const CampaignViews& views, Role role) {
  switch (role) {
    case Role::kManager:
      return views.capability ? "capability" : (views.attitudes ? "attitudes" : "evaluator");
    case Role::kEvaluator:
      return "evaluator";
    case Role::kAdmin:
      return "";
  }
  return "";
}

}  // namespace tessera::server
