#include "instruments/instrument_rules.h"

#include <algorithm>
#include <map>
#include <set>

namespace tessera::instruments {
namespace {

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

std::string FormatNumber(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// Reports every id that repeats an earlier one in the list.
template <typename T, typename GetId>
void CheckUnique(const std::vector<T>& list, const std::string& list_pointer, const char* what,
                 const char* field, GetId get_id, const std::string& file,
                 Diagnostics* diagnostics) {
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string& id = get_id(list[i]);
    if (id.empty()) continue;
    if (!seen.insert(id).second) {
      diagnostics->push_back(
          {file, PointerAppend(PointerAppend(list_pointer, i), field),
           std::string(what) + " " + field + " " + Quote(id) + " is used twice"});
    }
  }
}

class RuleChecker {
 public:
  RuleChecker(const Instrument& instrument, const std::string& file, Diagnostics* diagnostics)
      : in_(instrument), file_(file), diagnostics_(diagnostics) {}

  void Run() {
    CheckIds();
    CheckSources();
    CheckScales();
    CheckItems();
    CheckDimensions();
    CheckBands();
  }

 private:
  void Report(const std::string& pointer, std::string message) {
    diagnostics_->push_back({file_, pointer, std::move(message)});
  }

  void CheckIds() {
    auto id_of = [](const auto& entry) -> const std::string& { return entry.id; };
    CheckUnique(in_.scales, "/scales", "scale", "id", id_of, file_, diagnostics_);
    CheckUnique(in_.dimensions, "/dimensions", "dimension", "id", id_of, file_, diagnostics_);
    CheckUnique(in_.sections, "/sections", "section", "id", id_of, file_, diagnostics_);
    CheckUnique(in_.scoring.bands, "/scoring/bands", "band", "id", id_of, file_, diagnostics_);
    CheckUnique(
        in_.sources, "/sources", "source", "seed",
        [](const Source& s) -> const std::string& { return s.seed; }, file_, diagnostics_);
    std::set<std::string> item_ids;
    for (size_t s = 0; s < in_.sections.size(); ++s) {
      const auto& items = in_.sections[s].items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].id.empty()) continue;
        if (!item_ids.insert(items[i].id).second) {
          Report(ItemPointer(s, i) + "/id", "item id " + Quote(items[i].id) + " is used twice");
        }
      }
    }
  }

  void CheckSources() {
    std::set<std::string> seeds;
    for (const auto& source : in_.sources) seeds.insert(source.seed);
    auto check = [&](const std::string& citation, const std::string& pointer) {
      if (citation.size() < 3) return;
      const std::string seed = citation.substr(0, 3);
      if (!seeds.count(seed)) {
        Report(pointer, "cites seed " + seed + ", which is not listed in \"sources\"");
      }
    };
    for (size_t d = 0; d < in_.dimensions.size(); ++d) {
      check(in_.dimensions[d].source, "/dimensions/" + std::to_string(d) + "/source");
    }
    ForEachItem(
        [&](const Item& item, const std::string& at) { check(item.source, at + "/source"); });
  }

  void CheckScales() {
    for (size_t k = 0; k < in_.scales.size(); ++k) {
      const auto& scale = in_.scales[k];
      const std::string at = "/scales/" + std::to_string(k);
      std::set<std::string> names;  // values and codes share one namespace
      for (size_t v = 0; v < scale.values.size(); ++v) {
        const auto& value = scale.values[v];
        const std::string value_at = at + "/values/" + std::to_string(v) + "/value";
        if (scale.ordered()) {
          if (v > 0 && value.number <= scale.values[v - 1].number) {
            Report(value_at, "ordinal values must be strictly ascending (" +
                                 std::to_string(value.number) + " follows " +
                                 std::to_string(scale.values[v - 1].number) + ")");
          }
          names.insert(std::to_string(value.number));
        } else if (!value.code.empty() && !names.insert(value.code).second) {
          Report(value_at, "value " + Quote(value.code) + " is used twice");
        }
      }
      for (size_t c = 0; c < scale.codes.size(); ++c) {
        const auto& code = scale.codes[c].code;
        if (!code.empty() && !names.insert(code).second) {
          Report(at + "/codes/" + std::to_string(c) + "/code",
                 "code " + Quote(code) + " repeats a value or another code of the scale");
        }
      }
    }
  }

  void CheckItems() {
    std::map<std::string, std::string> continued;  // "version/item" -> pointer of first
    ForEachItem([&](const Item& item, const std::string& at) {
      if (!item.scale.empty()) CheckItemScale(item, at);
      if (!item.dimension.empty() && in_.FindDimension(item.dimension) == nullptr) {
        Report(at + "/dimension", "refers to dimension " + Quote(item.dimension) +
                                      ", which is not defined in \"dimensions\"");
      }
      if (item.continues) {
        if (!(item.continues->version < in_.version)) {
          Report(at + "/continues/version",
                 "an item can only continue an item of an earlier version (this is " +
                     in_.version.ToString() + ")");
        }
        const std::string key = item.continues->version.ToString() + "/" + item.continues->item;
        if (auto [it, inserted] = continued.emplace(key, at); !inserted) {
          Report(at + "/continues", "item " + Quote(item.continues->item) + " of " +
                                        item.continues->version.ToString() +
                                        " is already continued by " + it->second);
        }
      }
    });
  }

  void CheckItemScale(const Item& item, const std::string& at) {
    const ResponseScale* scale = in_.FindScale(item.scale);
    if (scale == nullptr) {
      Report(at + "/scale",
             "refers to scale " + Quote(item.scale) + ", which is not defined in \"scales\"");
      return;
    }
    if (item.reverse && !scale->ordered()) {
      Report(at + "/reverse", "reverse keying needs an ordered (ordinal) scale; " +
                                  Quote(scale->id) + " is nominal");
    } else if (item.type == ItemType::kScale && !scale->ordered()) {
      Report(at + "/scale", "a scale item needs an ordinal scale; " + Quote(scale->id) +
                                " is nominal (use single_choice)");
    }
    if (item.codes) {
      for (size_t c = 0; c < item.codes->size(); ++c) {
        if (scale->FindCode((*item.codes)[c]) == nullptr) {
          Report(at + "/codes/" + std::to_string(c),
                 "scale " + Quote(scale->id) + " has no code " + Quote((*item.codes)[c]));
        }
      }
    }
    if (item.grouping != Grouping::kNone) {
      bool offers_prefer_not = false;
      for (const auto& code : scale->codes) {
        const bool offered = !item.codes || std::find(item.codes->begin(), item.codes->end(),
                                                      code.code) != item.codes->end();
        offers_prefer_not =
            offers_prefer_not || (offered && code.meaning == CodeMeaning::kPreferNotToSay);
      }
      if (!offers_prefer_not) {
        Report(at + "/scale", "a grouping question must offer a \"prefer not to say\" code");
      }
    }
    if (item.scored() && scale->ordered() && !scale->values.empty() &&
        (scale->min() != in_.scoring.range_min || scale->max() != in_.scoring.range_max)) {
      Report(at + "/scale", "scored item uses scale " + Quote(scale->id) + " (" +
                                std::to_string(scale->min()) + ".." + std::to_string(scale->max()) +
                                "), which does not match the scoring range " +
                                FormatNumber(in_.scoring.range_min) + ".." +
                                FormatNumber(in_.scoring.range_max));
    }
  }

  void CheckDimensions() {
    std::set<std::string> band_ids;
    for (const auto& band : in_.scoring.bands) band_ids.insert(band.id);
    for (size_t d = 0; d < in_.dimensions.size(); ++d) {
      const auto& dimension = in_.dimensions[d];
      const std::string at = "/dimensions/" + std::to_string(d);
      if (!dimension.id.empty() && in_.ItemsOf(dimension.id).empty()) {
        Report(at, "dimension " + Quote(dimension.id) + " is not fed by any item");
      }
      for (const auto& [band, steps] : dimension.next_steps) {
        if (!band_ids.count(band)) {
          Report(PointerAppend(at + "/next_steps", band),
                 "names band " + Quote(band) + ", which is not defined in /scoring/bands");
        }
      }
    }
  }

  void CheckBands() {
    const auto& scoring = in_.scoring;
    const auto& bands = scoring.bands;
    if (bands.empty() || !(scoring.range_min < scoring.range_max)) return;
    for (size_t b = 0; b < bands.size(); ++b) {
      const std::string at = "/scoring/bands/" + std::to_string(b);
      if (!(bands[b].from < bands[b].to)) {
        Report(at + "/to", "must be greater than \"from\"");
      }
      if (b == 0) {
        if (bands[b].from != scoring.range_min) {
          Report(at + "/from", "the first band must start at the range minimum " +
                                   FormatNumber(scoring.range_min));
        }
        continue;
      }
      const double previous_to = bands[b - 1].to;
      if (bands[b].from > previous_to) {
        Report(at + "/from", "leaves a gap: the previous band ends at " +
                                 FormatNumber(previous_to) + ", this one starts at " +
                                 FormatNumber(bands[b].from));
      } else if (bands[b].from < previous_to) {
        Report(at + "/from",
               "overlaps the previous band, which ends at " + FormatNumber(previous_to));
      }
    }
    if (bands.back().to != scoring.range_max) {
      Report("/scoring/bands/" + std::to_string(bands.size() - 1) + "/to",
             "the last band must end at the range maximum " + FormatNumber(scoring.range_max));
    }
  }

  std::string ItemPointer(size_t section, size_t item) const {
    return "/sections/" + std::to_string(section) + "/items/" + std::to_string(item);
  }

  template <typename F>
  void ForEachItem(F f) const {
    for (size_t s = 0; s < in_.sections.size(); ++s) {
      for (size_t i = 0; i < in_.sections[s].items.size(); ++i) {
        f(in_.sections[s].items[i], ItemPointer(s, i));
      }
    }
  }

  const Instrument& in_;
  const std::string& file_;
  Diagnostics* diagnostics_;
};

}  // namespace

void CheckInstrumentRules(const Instrument& instrument, const std::string& file,
                          Diagnostics* diagnostics) {
  RuleChecker(instrument, file, diagnostics).Run();
}

void CheckContinuity(const Instrument& instrument, const std::string& file,
                     const VersionLookup& lookup, Diagnostics* diagnostics) {
  for (size_t s = 0; s < instrument.sections.size(); ++s) {
    const auto& items = instrument.sections[s].items;
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& item = items[i];
      if (!item.continues || !(item.continues->version < instrument.version)) continue;
      const std::string at =
          "/sections/" + std::to_string(s) + "/items/" + std::to_string(i) + "/continues";
      const Instrument* earlier = lookup(instrument.id, item.continues->version);
      if (earlier == nullptr) {
        diagnostics->push_back({file, at + "/version",
                                "continues version " + item.continues->version.ToString() + " of " +
                                    instrument.id + ", which is not in the catalogue"});
        continue;
      }
      const Item* old_item = earlier->FindItem(item.continues->item);
      if (old_item == nullptr) {
        diagnostics->push_back({file, at + "/item",
                                "continues item \"" + item.continues->item +
                                    "\", which does not "
                                    "exist in " +
                                    instrument.id + "@" + item.continues->version.ToString()});
      } else if (old_item->type != item.type) {
        diagnostics->push_back({file, at + "/item",
                                "continues a " + std::string(ToString(old_item->type)) +
                                    " item with a " + std::string(ToString(item.type)) +
                                    " item; answers would not be comparable"});
      }
    }
  }
}

}  // namespace tessera::instruments
