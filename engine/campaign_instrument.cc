#include "engine/campaign_instrument.h"

#include "instruments/instrument_loader.h"

namespace tessera::engine {

Result<std::shared_ptr<const instruments::Instrument>> LoadCampaignInstrument(
    Store& store, const Campaign& campaign) {
  auto version = store.GetInstrumentVersion(campaign.instrument);
  if (!version.ok()) return version.status();
  instruments::Diagnostics diagnostics;
  auto loaded = instruments::LoadInstrumentText(version->document, campaign.instrument.ToString(),
                                                &diagnostics);
  if (!loaded) {
    return Status::Corruption(
        "the stored copy of " + campaign.instrument.ToString() +
        " does not validate: " + (diagnostics.empty() ? "" : diagnostics.front().ToString()));
  }
  if (loaded->hash != version->hash) {
    return Status::Corruption("the stored copy of " + campaign.instrument.ToString() +
                              " does not match its recorded hash");
  }
  return std::make_shared<const instruments::Instrument>(std::move(loaded->instrument));
}

}  // namespace tessera::engine
