// What may be shown of how a campaign's responses arrived (engine::LinkUsage): the responses
// that came through the shared link, counted apart from the rest under the threshold rule.
#ifndef TESSERA_ENGINE_LINK_USAGE_H_
#define TESSERA_ENGINE_LINK_USAGE_H_

#include <cstdint>
#include <optional>

#include "engine/records.h"

namespace tessera::engine {

// The number of responses that came through the shared link, when it may be shown: only once
// the campaign has at least k responses, and only when that number and the rest (personal
// links and imports) are each 0 or at least k. Either part between 1 and k - 1 would describe
// fewer than k people ("these two answered from the poster"), so both are then withheld
// (nullopt), and the total stays the only figure.
std::optional<int64_t> ShownSharedLinkResponses(const LinkUsage& usage, int threshold);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_LINK_USAGE_H_
