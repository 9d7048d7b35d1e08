// Which items of an earlier and a later version of one instrument are the same question, so
// that two survey waves can be compared: item pairs (through declared `continues`, followed
// through any versions in between), retired and new items, and for each dimension whether its
// scores are comparable and which of its items changed.
#ifndef TESSERA_SCORING_ITEM_CONTINUITY_H_
#define TESSERA_SCORING_ITEM_CONTINUITY_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/instrument_rules.h"
#include "instruments/status.h"

namespace tessera::scoring {

// An item of the later version and the earlier item it carries on.
struct ItemPair {
  std::string earlier;    // item id in the earlier version
  std::string later;      // item id in the later version
  bool reworded = false;  // the text differs
  // Differences that affect scoring: "scale A -> B", "now reverse-keyed", "no longer
  // reverse-keyed", "dimension A -> B" (as `tessera instruments diff` reports them).
  std::vector<std::string> notes;
};

// One dimension across the two versions. Item ids are the later version's, except `removed`.
struct DimensionContinuity {
  std::string dimension;  // id
  bool in_earlier = false;
  bool in_later = false;
  // Scores can be compared: the dimension exists in both versions, both versions score on the
  // same range, and at least one item feeds it in both (continued, reworded or rescored).
  bool comparable = false;
  // Comparable and nothing below changed: the same questions, worded and keyed the same.
  bool unchanged = false;
  std::string reason;                  // why the dimension is not comparable; empty when it is
  std::vector<std::string> continued;  // same text, scale and keying
  std::vector<std::string> reworded;   // text changed, scale and keying the same
  std::vector<std::string> rescored;   // scale or reverse keying changed
  std::vector<std::string> added;      // new items, or items moved in from another dimension
  std::vector<std::string> removed;    // EARLIER ids: retired, or moved to another dimension
};

struct ItemContinuity {
  std::string earlier;  // "id@version"
  std::string later;
  std::vector<ItemPair> pairs;        // in the later version's page order
  std::vector<std::string> retired;   // earlier items no later item carries on, page order
  std::vector<std::string> added;     // later items that carry on no earlier item, page order
  std::vector<std::string> warnings;  // e.g. an id in both versions without `continues`
  // The later version's dimensions in its order, then those only the earlier version has.
  std::vector<DimensionContinuity> dimensions;

  // nullptr when neither version has the dimension.
  const DimensionContinuity* Find(const std::string& dimension) const;
  nlohmann::json ToJson() const;
};

// Matches the items of two versions of one instrument (earlier.version <= later.version).
// Versions that differ are matched ONLY through `continues` declarations, as the instrument
// format prescribes (docs/instruments.md §9): an item with the same id but no `continues` is a
// new question, and a warning names it. A declaration that points at a version in between is
// followed through `between` (which finds that version); without it, such an item counts as
// new, with a warning. Two copies of the same version match item by item on id.
// InvalidArgument when the ids differ or `earlier` is the later version.
Result<ItemContinuity> MatchItems(const instruments::Instrument& earlier,
                                  const instruments::Instrument& later,
                                  const instruments::VersionLookup& between = nullptr);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_ITEM_CONTINUITY_H_
