// What the fuzz targets share: a check that aborts with a message (so libFuzzer and the replay
// driver report it as a crash), the source tree's paths, and the catalogue's instruments.
#ifndef TESSERA_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define TESSERA_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "instruments/catalogue.h"
#include "instruments/instrument_loader.h"

namespace tessera::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* condition,
                              const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n  %s\n", file, line, condition,
               detail.c_str());
  std::fflush(stderr);
  std::abort();
}

// FUZZ_CHECK(condition, detail): `detail` is a std::string expression, built only on failure.
#define FUZZ_CHECK(condition, detail)                                                  \
  do {                                                                                 \
    if (!(condition)) ::tessera::fuzz::Fail(__FILE__, __LINE__, #condition, (detail)); \
  } while (false)

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// `text` for a failure message: bytes outside printable ASCII as \xNN, at most `max` bytes.
inline std::string Printable(std::string_view text, size_t max = 400) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

// The source tree (for the catalogue): $TESSERA_SOURCE_DIR when set, else where it was built.
inline std::filesystem::path SourceDir() {
  if (const char* dir = std::getenv("TESSERA_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return TESSERA_SOURCE_DIR;
}

// The shipped catalogue, loaded once; aborts when it does not load (a broken checkout).
inline const instruments::Catalogue& ShippedCatalogue() {
  static const instruments::Catalogue* catalogue = [] {
    const std::filesystem::path dir = SourceDir() / "instruments/catalogue";
    instruments::Diagnostics diagnostics;
    auto* loaded = new instruments::Catalogue(
        instruments::Catalogue::Load(dir, instruments::LockFileFor(dir), &diagnostics));
    if (!diagnostics.empty()) {
      Fail(__FILE__, __LINE__, "catalogue loads", diagnostics.front().ToString());
    }
    return loaded;
  }();
  return *catalogue;
}

// One published version, e.g. "staff-attitudes@1.1.0".
inline const instruments::LoadedInstrument& CatalogueInstrument(const std::string& reference) {
  const auto ref = instruments::InstrumentRef::Parse(reference);
  const instruments::LoadedInstrument* loaded = ref ? ShippedCatalogue().Find(*ref) : nullptr;
  if (loaded == nullptr) Fail(__FILE__, __LINE__, "instrument in catalogue", reference);
  return *loaded;
}

// tests/fuzz/all_item_types.json: the fixture survey plus the item types the catalogue does not
// use (multiple choice, single choice on an ordinal scale, numbers with and without bounds).
inline const instruments::LoadedInstrument& AllItemTypes() {
  static const instruments::LoadedInstrument* loaded = [] {
    instruments::Diagnostics diagnostics;
    auto instrument = instruments::LoadInstrumentFile(
        SourceDir() / "tests/fuzz/all_item_types.json", &diagnostics);
    if (instrument == nullptr) {
      Fail(__FILE__, __LINE__, "all_item_types.json loads",
           diagnostics.empty() ? "" : diagnostics.front().ToString());
    }
    return instrument.release();
  }();
  return *loaded;
}

}  // namespace tessera::fuzz

#endif  // TESSERA_TESTS_FUZZ_FUZZ_SUPPORT_H_
