// What changed between two versions of one instrument, item by item, following the declared
// continuity (`continues`) through any versions in between.
#ifndef TESSERA_INSTRUMENTS_INSTRUMENT_DIFF_H_
#define TESSERA_INSTRUMENTS_INSTRUMENT_DIFF_H_

#include <string>
#include <vector>

#include "instruments/catalogue.h"
#include "instruments/instrument.h"

namespace tessera::instruments {

enum class ItemChange { kUnchanged, kReworded, kAdded, kRetired };
std::string_view ToString(ItemChange change);

struct ItemDiff {
  ItemChange change = ItemChange::kUnchanged;
  std::string old_id;  // empty when added
  std::string new_id;  // empty when retired
  std::string old_text;
  std::string new_text;
  // Other differences that affect comparison: scale, reverse keying, dimension.
  std::vector<std::string> notes;
};

struct InstrumentDiff {
  InstrumentRef from;
  InstrumentRef to;
  std::vector<ItemDiff> items;  // items of `to` in page order, then retired items of `from`

  size_t Count(ItemChange change) const;
};

// Diffs two versions of the same instrument id held by `catalogue`. `from` must be lower.
Result<InstrumentDiff> DiffVersions(const Catalogue& catalogue, const InstrumentRef& from,
                                    const InstrumentRef& to);

// For an item of `to`, the id of the item of version `from_version` it continues (following
// the chain of `continues` declarations), or "" when it has no such ancestor.
std::string AncestorIn(const Catalogue& catalogue, const Instrument& to, const Item& item,
                       const Version& from_version);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_INSTRUMENT_DIFF_H_
