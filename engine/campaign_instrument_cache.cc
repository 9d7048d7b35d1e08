#include "engine/campaign_instrument_cache.h"

namespace tessera::engine {

Result<std::shared_ptr<const instruments::Instrument>> CampaignInstrumentCache::Get(
    const Campaign& campaign) {
  const std::string key = campaign.instrument.ToString();
  {
    std::lock_guard lock(mutex_);
    if (auto it = loaded_.find(key); it != loaded_.end()) return it->second;
  }
  auto loaded = LoadCampaignInstrument(store_, campaign);
  if (!loaded.ok()) return loaded.status();
  std::lock_guard lock(mutex_);
  return loaded_.emplace(key, *loaded).first->second;
}

}  // namespace tessera::engine
