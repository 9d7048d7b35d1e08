// Instruments by pinned reference, loaded from the store once and then shared: a published
// version never changes, so what was loaded and checked stays right for the life of the process.
#ifndef TESSERA_ENGINE_CAMPAIGN_INSTRUMENT_CACHE_H_
#define TESSERA_ENGINE_CAMPAIGN_INSTRUMENT_CACHE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/campaign_instrument.h"

namespace tessera::engine {

class CampaignInstrumentCache {
 public:
  explicit CampaignInstrumentCache(Store& store) : store_(store) {}

  // LoadCampaignInstrument, once per instrument id@version.
  Result<std::shared_ptr<const instruments::Instrument>> Get(const Campaign& campaign);

 private:
  Store& store_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const instruments::Instrument>> loaded_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_CAMPAIGN_INSTRUMENT_CACHE_H_
