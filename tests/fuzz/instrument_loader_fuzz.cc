// Fuzz target: instrument documents. Bytes -> LoadInstrumentText (JSON parse with duplicate-key
// detection, document parser, cross-reference rules, content hash). It must never crash or
// throw; a document is either loaded with no diagnostic or refused with at least one. What is
// loaded must keep the promises the loader makes to the rest of Tessera: its canonical form
// loads again to the same hash, its bands cover the scoring range, and a survey document can be
// built from it (and the statistics' row layout, or a reason why not).
#include <cmath>
#include <cstdint>
#include <string>

#include "instruments/content_hash.h"
#include "instruments/instrument_loader.h"
#include "instruments/instrument_rules.h"
#include "scoring/response_layout.h"
#include "survey/survey_document.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

void CheckLoaded(const instruments::LoadedInstrument& loaded) {
  const instruments::Instrument& instrument = loaded.instrument;
  FUZZ_CHECK(loaded.hash.size() == 7 + 64 && loaded.hash.rfind("sha256:", 0) == 0, loaded.hash);
  FUZZ_CHECK(loaded.hash == instruments::ContentHash(loaded.document), loaded.hash);

  // The canonical text is a document of its own: it loads, to the same instrument hash.
  instruments::Diagnostics again;
  const std::string canonical = instruments::CanonicalJson(loaded.document);
  auto reloaded = instruments::LoadInstrumentText(canonical, "canonical.json", &again);
  FUZZ_CHECK(reloaded != nullptr && again.empty(),
             again.empty() ? canonical : again.front().ToString());
  FUZZ_CHECK(reloaded->hash == loaded.hash, reloaded->hash + " != " + loaded.hash);

  // Every score in the range has a band (the rules check that bands cover the range).
  const instruments::ScoringModel& scoring = instrument.scoring;
  FUZZ_CHECK(std::isfinite(scoring.range_min) && std::isfinite(scoring.range_max),
             "non-finite scoring range");
  for (int step = 0; step <= 16; ++step) {
    const double score = scoring.range_min + (scoring.range_max - scoring.range_min) * step / 16;
    if (score < scoring.range_min || score > scoring.range_max) continue;  // rounding
    FUZZ_CHECK(scoring.BandFor(score) != nullptr, "no band for " + std::to_string(score));
  }

  // Each item id resolves, and a scored item names a dimension and a scale that exist.
  for (const instruments::Item* item : instrument.Items()) {
    FUZZ_CHECK(instrument.FindItem(item->id) == item, item->id);
    if (item->scored()) {
      FUZZ_CHECK(instrument.FindDimension(item->dimension) != nullptr, item->dimension);
      FUZZ_CHECK(instrument.FindScale(item->scale) != nullptr, item->scale);
    }
  }

  // Continuity against a catalogue that has no other version: diagnostics only.
  instruments::Diagnostics continuity;
  instruments::CheckContinuity(
      instrument, "fuzz.json",
      [](const std::string&, const instruments::Version&) -> const instruments::Instrument* {
        return nullptr;
      },
      &continuity);

  // The statistics' row layout: built, or refused with a reason (a column too wide for a cell).
  auto layout = scoring::ResponseLayout::Build(instrument, {"north", "south"});
  FUZZ_CHECK(layout.ok() || layout.status().code() == StatusCode::kInvalidArgument,
             layout.status().ToString());

  // What a respondent's device receives.
  survey::SurveyContext context;
  context.campaign_id = 1;
  context.campaign_title = "Fuzz";
  context.teams = {{"north", "North"}, {"south", "South"}};
  const nlohmann::json document = survey::BuildSurveyDocument(instrument, context);
  FUZZ_CHECK(document.is_object(), document.dump());
  (void)document.dump();
}

}  // namespace
}  // namespace tessera::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tessera;
  const std::string text(fuzz::AsText(data, size));
  instruments::Diagnostics diagnostics;
  auto loaded = instruments::LoadInstrumentText(text, "fuzz.json", &diagnostics);
  FUZZ_CHECK((loaded != nullptr) == diagnostics.empty(),
             std::to_string(diagnostics.size()) + " diagnostics");
  for (const instruments::Diagnostic& diagnostic : diagnostics) {
    FUZZ_CHECK(!diagnostic.message.empty(), diagnostic.ToString());
  }
  if (loaded) fuzz::CheckLoaded(*loaded);
  return 0;
}
