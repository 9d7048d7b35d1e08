#include "engine/records.h"

namespace tessera::engine {

std::string_view ToString(CampaignState state) {
  switch (state) {
    case CampaignState::kDraft:
      return "draft";
    case CampaignState::kOpen:
      return "open";
    case CampaignState::kClosed:
      return "closed";
  }
  return "unknown";
}

std::optional<CampaignState> ParseCampaignState(std::string_view text) {
  if (text == "draft") return CampaignState::kDraft;
  if (text == "open") return CampaignState::kOpen;
  if (text == "closed") return CampaignState::kClosed;
  return std::nullopt;
}

std::string_view ToString(LinkKind kind) {
  switch (kind) {
    case LinkKind::kPersonal:
      return "personal";
    case LinkKind::kOpen:
      return "open";
  }
  return "unknown";
}

}  // namespace tessera::engine
