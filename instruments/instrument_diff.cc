#include "instruments/instrument_diff.h"

#include <set>

namespace tessera::instruments {

std::string_view ToString(ItemChange change) {
  switch (change) {
    case ItemChange::kUnchanged:
      return "continued";
    case ItemChange::kReworded:
      return "reworded";
    case ItemChange::kAdded:
      return "added";
    case ItemChange::kRetired:
      return "retired";
  }
  return "";
}

size_t InstrumentDiff::Count(ItemChange change) const {
  size_t n = 0;
  for (const auto& item : items) n += item.change == change ? 1 : 0;
  return n;
}

std::string AncestorIn(const Catalogue& catalogue, const Instrument& to, const Item& item,
                       const Version& from_version) {
  const Item* current = &item;
  // Each step moves to a strictly lower version, so the walk ends.
  while (current->continues) {
    const Continuation& link = *current->continues;
    if (link.version == from_version) return link.item;
    if (link.version < from_version) return "";
    const LoadedInstrument* between = catalogue.Find(to.id, link.version);
    if (between == nullptr) return "";
    current = between->instrument.FindItem(link.item);
    if (current == nullptr) return "";
  }
  return "";
}

Result<InstrumentDiff> DiffVersions(const Catalogue& catalogue, const InstrumentRef& from,
                                    const InstrumentRef& to) {
  if (from.id != to.id) {
    return Status::InvalidArgument("can only compare versions of one instrument, not " + from.id +
                                   " and " + to.id);
  }
  if (!(from.version < to.version)) {
    return Status::InvalidArgument("the first version must be the earlier one (" + from.ToString() +
                                   " is not before " + to.ToString() + ")");
  }
  const LoadedInstrument* old_doc = catalogue.Find(from);
  if (old_doc == nullptr) return Status::NotFound(from.ToString() + " is not in the catalogue");
  const LoadedInstrument* new_doc = catalogue.Find(to);
  if (new_doc == nullptr) return Status::NotFound(to.ToString() + " is not in the catalogue");
  const Instrument& old_in = old_doc->instrument;
  const Instrument& new_in = new_doc->instrument;

  InstrumentDiff diff{from, to, {}};
  std::set<std::string> matched;
  for (const Item* item : new_in.Items()) {
    ItemDiff entry;
    entry.new_id = item->id;
    entry.new_text = item->text;
    const std::string ancestor = AncestorIn(catalogue, new_in, *item, from.version);
    const Item* old_item = ancestor.empty() ? nullptr : old_in.FindItem(ancestor);
    if (old_item == nullptr) {
      entry.change = ItemChange::kAdded;
    } else {
      matched.insert(old_item->id);
      entry.old_id = old_item->id;
      entry.old_text = old_item->text;
      entry.change = old_item->text == item->text ? ItemChange::kUnchanged : ItemChange::kReworded;
      if (old_item->scale != item->scale) {
        entry.notes.push_back("scale " + old_item->scale + " -> " + item->scale);
      }
      if (old_item->reverse != item->reverse) {
        entry.notes.push_back(item->reverse ? "now reverse-keyed" : "no longer reverse-keyed");
      }
      if (old_item->dimension != item->dimension) {
        entry.notes.push_back("dimension " +
                              (old_item->dimension.empty() ? "(none)" : old_item->dimension) +
                              " -> " + (item->dimension.empty() ? "(none)" : item->dimension));
      }
    }
    diff.items.push_back(std::move(entry));
  }
  for (const Item* item : old_in.Items()) {
    if (matched.count(item->id)) continue;
    ItemDiff entry;
    entry.change = ItemChange::kRetired;
    entry.old_id = item->id;
    entry.old_text = item->text;
    diff.items.push_back(std::move(entry));
  }
  return diff;
}

}  // namespace tessera::instruments
