// Fuzz target: CSV imports. The bytes are a file given to `tessera import responses`.
//  1. engine::CsvReader on its own: it must never crash, line numbers never go back, and the
//     records it reads survive a round trip (every field quoted, quotes doubled, records ended
//     by LF) unchanged.
//  2. engine::ReadResponsesCsv, the whole import short of the transaction that stores the rows,
//     against staff-attitudes 1.1.0 and tests/fuzz/all_item_types.json: a file is either
//     accepted with at least one response and no problem, or refused with problems. Every
//     accepted row is valid as a draft, unchanged by validating it again, and its answers are
//     stored as text (dump) that reads back as the same JSON (no NaN or infinity turned into
//     null on the way to the database).
#include <cstdint>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/csv_reader.h"
#include "engine/response_import.h"
#include "survey/answer_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

using nlohmann::json;

constexpr size_t kMaxRecords = 10000;

std::vector<std::vector<std::string>> ReadAll(const std::string& text, bool* ok) {
  std::istringstream in(text);
  engine::CsvReader reader(in);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  size_t last_line = 0;
  while (records.size() < kMaxRecords && reader.Next(&fields)) {
    FUZZ_CHECK(reader.line() >= last_line && reader.line() >= 1,
               "line " + std::to_string(reader.line()) + " after " + std::to_string(last_line));
    last_line = reader.line();
    FUZZ_CHECK(!fields.empty(), "a record without a field");
    records.push_back(fields);
  }
  *ok = reader.status().ok();
  if (!*ok) FUZZ_CHECK(!reader.status().message().empty(), "an error without a message");
  return records;
}

std::string Quote(const std::string& field) {
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CheckReaderRoundTrip(const std::string& text) {
  bool ok = false;
  const auto records = ReadAll(text, &ok);
  std::string written;
  for (const auto& record : records) {
    for (size_t i = 0; i < record.size(); ++i) {
      if (i > 0) written += ',';
      written += Quote(record[i]);
    }
    written += '\n';
  }
  bool again_ok = false;
  const auto again = ReadAll(written, &again_ok);
  FUZZ_CHECK(again_ok, "the reader refuses what it read, written back: " + written);
  FUZZ_CHECK(again == records, "records change in a round trip: " + written);
}

void CheckImport(const instruments::Instrument& instrument, const std::string& text) {
  static const std::vector<std::string> kTeams = {"family_support", "youth_services", "pnts_team"};
  static const std::regex kDay("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  engine::Campaign campaign;
  campaign.id = 7;
  campaign.organisation_id = 1;
  campaign.instrument = instrument.ref();
  std::istringstream in(text);
  Result<engine::ParsedResponses> parsed =
      engine::ReadResponsesCsv(instrument, kTeams, in, "2026-11-26", &campaign);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == StatusCode::kInvalidArgument, parsed.status().ToString());
    return;
  }
  if (!parsed->problems.empty()) {
    for (const engine::ImportProblem& problem : parsed->problems) {
      FUZZ_CHECK(!problem.message.empty(), problem.ToString());
    }
    return;
  }
  FUZZ_CHECK(!parsed->responses.empty(), "accepted a file without responses");
  for (const engine::ImportedResponse& response : parsed->responses) {
    FUZZ_CHECK(response.answers.is_object() && !response.answers.empty(), response.answers.dump());
    FUZZ_CHECK(std::regex_match(response.submitted_on, kDay), response.submitted_on);
    const survey::AnswerCheck check = survey::ValidateAnswers(
        instrument, kTeams, json{{"answers", response.answers}}, survey::ValidationMode::kDraft);
    FUZZ_CHECK(check.ok() && check.answers == response.answers,
               "an imported row does not validate unchanged: " + response.answers.dump());
    const std::string stored = response.answers.dump();
    const json read_back = json::parse(stored, nullptr, false);
    FUZZ_CHECK(read_back == response.answers, "stored answers read back differently: " + stored);
    FUZZ_CHECK(response.groups.is_object(), response.groups.dump());
  }
}

}  // namespace
}  // namespace tessera::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tessera;
  const std::string text(fuzz::AsText(data, size));
  fuzz::CheckReaderRoundTrip(text);
  fuzz::CheckImport(fuzz::CatalogueInstrument("staff-attitudes@1.1.0").instrument, text);
  fuzz::CheckImport(fuzz::AllItemTypes().instrument, text);
  return 0;
}
