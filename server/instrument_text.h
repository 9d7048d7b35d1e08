// Human-readable renderings of instruments and diffs for the terminal.
#ifndef TESSERA_SERVER_INSTRUMENT_TEXT_H_
#define TESSERA_SERVER_INSTRUMENT_TEXT_H_

#include <nlohmann/json.hpp>
#include <ostream>

#include "instruments/instrument.h"
#include "instruments/instrument_diff.h"
#include "instruments/instrument_loader.h"

namespace tessera::server {

struct InstrumentCounts {
  size_t sections = 0;
  size_t items = 0;
  size_t scored_items = 0;
  size_t reverse_keyed = 0;
  size_t grouping_questions = 0;
  size_t free_text = 0;
  size_t domains = 0;
  size_t scales = 0;  // attitude/feedback scales (dimensions of kind "scale")
};
InstrumentCounts CountInstrument(const instruments::Instrument& instrument);

void WriteInstrumentText(const instruments::LoadedInstrument& loaded, bool published,
                         std::ostream& out);
void WriteDiffText(const instruments::InstrumentDiff& diff, std::ostream& out);

nlohmann::json InstrumentSummaryJson(const instruments::LoadedInstrument& loaded, bool published);
nlohmann::json DiffJson(const instruments::InstrumentDiff& diff);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_INSTRUMENT_TEXT_H_
