#include "engine/store.h"

namespace tessera::engine {

Status Store::ForEachResponse(int64_t campaign_id,
                              const std::function<bool(const StoredResponse&)>& visit) {
  Status parsed = Status::Ok();
  Status scanned = ForEachResponseText(campaign_id, [&](const StoredResponseText& text) {
    StoredResponse response{
        text.id, campaign_id, nlohmann::json::parse(text.answers, nullptr, false),
        nlohmann::json::parse(text.groups, nullptr, false), std::string(text.submitted_on)};
    if (response.answers.is_discarded() || response.groups.is_discarded()) {
      parsed = Status::Corruption("read responses: response " + std::to_string(text.id) +
                                  " holds JSON that is not valid");
      return false;
    }
    return visit(response);
  });
  if (!scanned.ok()) return scanned;
  return parsed;
}

}  // namespace tessera::engine
