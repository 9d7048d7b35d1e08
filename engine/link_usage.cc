#include "engine/link_usage.h"

namespace tessera::engine {

std::optional<int64_t> ShownSharedLinkResponses(const LinkUsage& usage, int threshold) {
  auto shown = [threshold](int64_t count) { return count == 0 || count >= threshold; };
  if (usage.responses < threshold) return std::nullopt;
  const int64_t shared = usage.minted_used;
  const int64_t rest = usage.responses - shared;
  if (shared < 0 || rest < 0 || !shown(shared) || !shown(rest)) return std::nullopt;
  return shared;
}

}  // namespace tessera::engine
