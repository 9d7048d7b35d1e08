// Loads one instrument document from disk: parse, check every rule, fingerprint.
// A document with any problem is never returned half-loaded.
#ifndef TESSERA_INSTRUMENTS_INSTRUMENT_LOADER_H_
#define TESSERA_INSTRUMENTS_INSTRUMENT_LOADER_H_

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "instruments/diagnostic.h"
#include "instruments/instrument.h"

namespace tessera::instruments {

// A validated instrument version with its source document and content hash.
struct LoadedInstrument {
  Instrument instrument;
  nlohmann::json document;
  std::string hash;  // "sha256:<hex>" of the canonical JSON
  std::string file;
};

// Parses JSON text and checks the document on its own (not continuity, which needs the
// catalogue). Returns nullptr and appends diagnostics on any problem.
std::unique_ptr<LoadedInstrument> LoadInstrumentText(const std::string& text,
                                                     const std::string& file,
                                                     Diagnostics* diagnostics);

// Reads the file, then as LoadInstrumentText.
std::unique_ptr<LoadedInstrument> LoadInstrumentFile(const std::filesystem::path& path,
                                                     Diagnostics* diagnostics);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_INSTRUMENT_LOADER_H_
