// The instrument version a campaign pins, read back from the store's copy and checked: it must
// validate and still match the content hash recorded when the campaign first used it.
#ifndef TESSERA_ENGINE_CAMPAIGN_INSTRUMENT_H_
#define TESSERA_ENGINE_CAMPAIGN_INSTRUMENT_H_

#include <memory>

#include "engine/records.h"
#include "engine/store.h"
#include "instruments/instrument.h"

namespace tessera::engine {

// kCorruption when the stored copy no longer validates or no longer matches its hash.
Result<std::shared_ptr<const instruments::Instrument>> LoadCampaignInstrument(
    Store& store, const Campaign& campaign);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_CAMPAIGN_INSTRUMENT_H_
