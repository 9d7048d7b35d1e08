// The rules a JSON Schema cannot express: unique ids, references that resolve, bands that cover
// the score range, reverse keying only on ordered scales, continuity with earlier versions.
#ifndef TESSERA_INSTRUMENTS_INSTRUMENT_RULES_H_
#define TESSERA_INSTRUMENTS_INSTRUMENT_RULES_H_

#include <functional>
#include <string>

#include "instruments/diagnostic.h"
#include "instruments/instrument.h"

namespace tessera::instruments {

// Rules that need only the document itself.
void CheckInstrumentRules(const Instrument& instrument, const std::string& file,
                          Diagnostics* diagnostics);

// Finds another version of an instrument; nullptr when the catalogue has no such version.
using VersionLookup = std::function<const Instrument*(const std::string& id, const Version&)>;

// Rules that need earlier versions: every `continues` names a lower version that exists and an
// item that exists in it.
void CheckContinuity(const Instrument& instrument, const std::string& file,
                     const VersionLookup& lookup, Diagnostics* diagnostics);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_INSTRUMENT_RULES_H_
