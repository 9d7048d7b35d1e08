// Reads an instrument document (JSON) into the model, checking everything the JSON Schema
// checks: required fields, types, patterns, enums, unknown fields. Problems are collected,
// never thrown; cross-reference rules live in instrument_rules.h.
#ifndef TESSERA_INSTRUMENTS_DOCUMENT_PARSER_H_
#define TESSERA_INSTRUMENTS_DOCUMENT_PARSER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "instruments/diagnostic.h"
#include "instruments/instrument.h"

namespace tessera::instruments {

// Fills as much of the model as the document allows and appends one diagnostic per problem,
// each tagged with `file`. The model is only usable when no diagnostic was added.
Instrument ParseInstrumentDocument(const nlohmann::json& document, const std::string& file,
                                   Diagnostics* diagnostics);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_DOCUMENT_PARSER_H_
