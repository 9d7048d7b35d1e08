// Shared helpers for the demo tests: the shipped catalogue, the shipped demo spec and a
// checker of answers against an instrument written independently of the generator.
#ifndef TESSERA_TESTS_ENGINE_DEMO_TEST_SUPPORT_H_
#define TESSERA_TESTS_ENGINE_DEMO_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/catalogue.h"
#include "instruments/instrument.h"

namespace tessera::engine::testing {

inline const instruments::Catalogue& ShippedCatalogue() {
  static const instruments::Catalogue* catalogue = [] {
    const std::filesystem::path root =
        std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments" / "catalogue";
    instruments::Diagnostics diagnostics;
    return new instruments::Catalogue(
        instruments::Catalogue::Load(root, instruments::LockFileFor(root), &diagnostics));
  }();
  return *catalogue;
}

inline const instruments::Instrument& ShippedInstrument(const std::string& ref) {
  const auto parsed = instruments::InstrumentRef::Parse(ref);
  const auto* loaded = ShippedCatalogue().Find(*parsed);
  if (loaded == nullptr) {
    ADD_FAILURE() << "catalogue lacks " << ref;
    std::abort();
  }
  return loaded->instrument;
}

inline std::filesystem::path DemoSpecPath() {
  return std::filesystem::path(TESSERA_SOURCE_DIR) / "data" / "demo" / "organisation.json";
}

// An empty string when every answer is a value of its item's scale or a code the item offers,
// else a description of the first bad answer.
inline std::string FirstBadAnswer(const instruments::Instrument& instrument,
                                  const std::vector<std::string>& teams,
                                  const nlohmann::json& answers) {
  for (const auto& [id, value] : answers.items()) {
    const instruments::Item* item = instrument.FindItem(id);
    if (item == nullptr) return "unknown item " + id;
    if (item->type == instruments::ItemType::kText) {
      if (!value.is_string() || value.get<std::string>().empty()) return id + ": not text";
      continue;
    }
    const instruments::ResponseScale* scale = instrument.FindScale(item->scale);
    if (scale == nullptr) return id + ": no scale";
    if (value.is_string()) {
      const std::string text = value.get<std::string>();
      const bool code_offered =
          scale->FindCode(text) != nullptr &&
          (!item->codes || std::count(item->codes->begin(), item->codes->end(), text) > 0);
      if (code_offered) continue;
      if (!scale->ordered()) {
        if (scale->values_from == "organisation.teams" &&
            std::count(teams.begin(), teams.end(), text) > 0) {
          continue;
        }
        bool listed = false;
        for (const auto& v : scale->values) listed = listed || v.code == text;
        if (listed) continue;
      }
      return id + ": \"" + text + "\" is neither a value nor an offered code";
    }
    if (!value.is_number_integer() || !scale->ordered()) return id + ": wrong type";
    const int number = value.get<int>();
    bool listed = false;
    for (const auto& v : scale->values) listed = listed || v.number == number;
    if (!listed) return id + ": " + std::to_string(number) + " is not on the scale";
  }
  return {};
}

}  // namespace tessera::engine::testing

#endif  // TESSERA_TESTS_ENGINE_DEMO_TEST_SUPPORT_H_
