#include "scoring/item_continuity.h"

#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace tessera::scoring {

namespace ins = tessera::instruments;

namespace {

std::string OrNone(const std::string& text) { return text.empty() ? "(none)" : text; }

// The id of the item of `earlier` that `item` (of `later`) carries on, or "" when none. Adds a
// warning when the chain passes a version `between` cannot supply.
std::string AncestorOf(const ins::Instrument& earlier, const ins::Instrument& later,
                       const ins::Item& item, const ins::VersionLookup& between,
                       std::vector<std::string>* warnings) {
  const ins::Item* current = &item;
  // Each step moves to a strictly lower version (the validator enforces it); the counter guards
  // against a malformed model all the same.
  for (int steps = 0; current->continues && steps < 10000; ++steps) {
    const ins::Continuation& link = *current->continues;
    if (link.version == earlier.version) return link.item;
    if (link.version < earlier.version) return "";
    const ins::Instrument* step = between ? between(later.id, link.version) : nullptr;
    if (step == nullptr) {
      warnings->push_back("item \"" + item.id + "\" continues " + later.id + "@" +
                          link.version.ToString() +
                          ", which was not supplied; it is treated as a new question");
      return "";
    }
    current = step->FindItem(link.item);
    if (current == nullptr) return "";
  }
  return "";
}

std::vector<std::string> ScoringNotes(const ins::Item& old_item, const ins::Item& new_item) {
  std::vector<std::string> notes;
  if (old_item.scale != new_item.scale) {
    notes.push_back("scale " + old_item.scale + " -> " + new_item.scale);
  }
  if (old_item.reverse != new_item.reverse) {
    notes.push_back(new_item.reverse ? "now reverse-keyed" : "no longer reverse-keyed");
  }
  if (old_item.dimension != new_item.dimension) {
    notes.push_back("dimension " + OrNone(old_item.dimension) + " -> " +
                    OrNone(new_item.dimension));
  }
  return notes;
}

std::string Range(const ins::ScoringModel& scoring) {
  std::ostringstream out;  // default format: 1 not 1.0, 2.5 as 2.5
  out << scoring.range_min << ".." << scoring.range_max;
  return out.str();
}

nlohmann::json DimensionJson(const DimensionContinuity& d) {
  return {{"dimension", d.dimension},
          {"in_earlier", d.in_earlier},
          {"in_later", d.in_later},
          {"comparable", d.comparable},
          {"unchanged", d.unchanged},
          {"reason", d.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.reason)},
          {"continued", d.continued},
          {"reworded", d.reworded},
          {"rescored", d.rescored},
          {"added", d.added},
          {"removed", d.removed}};
}

}  // namespace

const DimensionContinuity* ItemContinuity::Find(const std::string& dimension) const {
  for (const auto& entry : dimensions) {
    if (entry.dimension == dimension) return &entry;
  }
  return nullptr;
}

nlohmann::json ItemContinuity::ToJson() const {
  nlohmann::json pair_list = nlohmann::json::array();
  for (const auto& pair : pairs) {
    pair_list.push_back({{"earlier", pair.earlier},
                         {"later", pair.later},
                         {"reworded", pair.reworded},
                         {"notes", pair.notes}});
  }
  nlohmann::json dimension_list = nlohmann::json::array();
  for (const auto& dimension : dimensions) dimension_list.push_back(DimensionJson(dimension));
  return {{"earlier", earlier},
          {"later", later},
          {"pairs", std::move(pair_list)},
          {"retired", retired},
          {"added", added},
          {"warnings", warnings},
          {"dimensions", std::move(dimension_list)}};
}

Result<ItemContinuity> MatchItems(const ins::Instrument& earlier, const ins::Instrument& later,
                                  const ins::VersionLookup& between) {
  if (earlier.id != later.id) {
    return Status::InvalidArgument("can only match versions of one instrument, not " + earlier.id +
                                   " and " + later.id);
  }
  if (later.version < earlier.version) {
    return Status::InvalidArgument(earlier.ref().ToString() + " is not before " +
                                   later.ref().ToString());
  }
  const bool same_version = earlier.version == later.version;
  ItemContinuity result;
  result.earlier = earlier.ref().ToString();
  result.later = later.ref().ToString();

  // Item pairs, in the later version's page order.
  std::map<std::string, std::string> later_of;    // earlier id -> later id
  std::map<std::string, std::string> earlier_of;  // later id -> earlier id
  for (const ins::Item* item : later.Items()) {
    std::string ancestor;
    if (same_version) {
      ancestor = earlier.FindItem(item->id) != nullptr ? item->id : "";
    } else {
      ancestor = AncestorOf(earlier, later, *item, between, &result.warnings);
    }
    const ins::Item* old_item = ancestor.empty() ? nullptr : earlier.FindItem(ancestor);
    if (old_item != nullptr && later_of.count(old_item->id) != 0) {
      result.warnings.push_back("item \"" + item->id + "\" carries on \"" + old_item->id +
                                "\", which \"" + later_of[old_item->id] +
                                "\" already carries on; it is treated as a new question");
      old_item = nullptr;
    }
    if (old_item == nullptr) {
      result.added.push_back(item->id);
      if (!same_version && earlier.FindItem(item->id) != nullptr) {
        result.warnings.push_back("item \"" + item->id +
                                  "\" has an id of the earlier version but does not declare that "
                                  "it continues it; it is treated as a new question");
      }
      continue;
    }
    later_of[old_item->id] = item->id;
    earlier_of[item->id] = old_item->id;
    result.pairs.push_back(
        {old_item->id, item->id, old_item->text != item->text, ScoringNotes(*old_item, *item)});
  }
  for (const ins::Item* item : earlier.Items()) {
    if (later_of.count(item->id) == 0) result.retired.push_back(item->id);
  }

  // Dimensions: the later version's, then those only the earlier one has.
  const bool same_range = earlier.scoring.range_min == later.scoring.range_min &&
                          earlier.scoring.range_max == later.scoring.range_max;
  std::vector<std::string> ids;
  for (const auto& dimension : later.dimensions) ids.push_back(dimension.id);
  for (const auto& dimension : earlier.dimensions) {
    if (later.FindDimension(dimension.id) == nullptr) ids.push_back(dimension.id);
  }
  for (const std::string& id : ids) {
    DimensionContinuity entry;
    entry.dimension = id;
    entry.in_earlier = earlier.FindDimension(id) != nullptr;
    entry.in_later = later.FindDimension(id) != nullptr;
    std::set<std::string> kept;  // earlier ids still feeding this dimension
    for (const ins::Item* item : later.ItemsOf(id)) {
      auto it = earlier_of.find(item->id);
      const ins::Item* old_item = it == earlier_of.end() ? nullptr : earlier.FindItem(it->second);
      if (old_item == nullptr || old_item->dimension != id || !old_item->scored()) {
        entry.added.push_back(item->id);
        continue;
      }
      kept.insert(old_item->id);
      if (old_item->scale != item->scale || old_item->reverse != item->reverse) {
        entry.rescored.push_back(item->id);
      } else if (old_item->text != item->text) {
        entry.reworded.push_back(item->id);
      } else {
        entry.continued.push_back(item->id);
      }
    }
    for (const ins::Item* item : earlier.ItemsOf(id)) {
      if (kept.count(item->id) == 0) entry.removed.push_back(item->id);
    }
    const size_t carried = entry.continued.size() + entry.reworded.size() + entry.rescored.size();
    if (!entry.in_earlier) {
      entry.reason = "new in " + result.later;
    } else if (!entry.in_later) {
      entry.reason = "retired in " + result.later;
    } else if (!same_range) {
      entry.reason = "the scoring range changed from " + Range(earlier.scoring) + " to " +
                     Range(later.scoring);
    } else if (carried == 0) {
      entry.reason = "no item feeds it in both versions";
    }
    entry.comparable = entry.reason.empty();
    entry.unchanged = entry.comparable && entry.reworded.empty() && entry.rescored.empty() &&
                      entry.added.empty() && entry.removed.empty();
    result.dimensions.push_back(std::move(entry));
  }
  return result;
}

}  // namespace tessera::scoring
