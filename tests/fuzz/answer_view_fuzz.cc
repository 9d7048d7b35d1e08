// Fuzz target: scoring::AnswerView against nlohmann::json, differentially. The bytes are a
// stored answers text. Rules (scoring/answer_view.h):
//  - Parse accepts exactly the JSON objects whose values are flat (null, booleans, numbers,
//    strings, arrays of those): whenever one side accepts such a text, the other must too, and
//    every answer must be the same value (an id that repeats: the later entry wins, as in
//    nlohmann).
//  - Anything deeper (an object value, an array inside an array) is a deliberate difference:
//    Parse refuses a text holding one, even where a later repeat of its id replaces it, and Read
//    falls back to nlohmann and FromJson, which marks the unusual values kOther. Read fails exactly
//    when nlohmann refuses the text; for a text that is JSON but not an object, Read succeeds with
//    an empty view.
//  - Two quirks of nlohmann's parser are deliberate differences too: it skips a UTF-8 byte-order
//    mark before the value, and it takes a NUL byte between tokens for the end of the input
//    ("{}\0junk" is "{}" to it). Parse refuses both (neither is JSON; stored answers never hold
//    either), and Read then gives nlohmann's reading.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>

#include "scoring/answer_view.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

using nlohmann::json;
using scoring::AnswerValue;
using scoring::AnswerView;

bool IsFlatValue(const json& value, bool in_array) {
  if (value.is_object()) return false;
  if (value.is_array()) {
    if (in_array) return false;
    for (const json& element : value) {
      if (!IsFlatValue(element, true)) return false;
    }
  }
  return true;
}

// Whether the text itself holds only flat values: nlohmann keeps the last of repeated ids, so
// {"a": {"b": 1}, "a": 2} reads as a flat object although Parse (rightly) refuses its text.
bool TextIsFlat(std::string_view text) {
  bool nested = false;
  const json::parser_callback_t note = [&nested](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start && depth >= 1) ||
        (event == json::parse_event_t::array_start && depth >= 2)) {
      nested = true;
    }
    return true;
  };
  const json unused = json::parse(text, note, /*allow_exceptions=*/false);
  (void)unused;
  return !nested;
}

bool IsFlatObject(const json& document) {
  if (!document.is_object()) return false;
  for (const auto& [key, value] : document.items()) {
    if (!IsFlatValue(value, false)) return false;
  }
  return true;
}

// Whether `value` (read by AnswerView) is `expected` (read by nlohmann). `flat`: the view came
// from Parse, where deeper values cannot occur; from FromJson they are kOther.
bool SameValue(const AnswerView& view, const AnswerValue& value, const json& expected,
               bool in_array) {
  switch (value.kind) {
    case AnswerValue::Kind::kNull:
      return expected.is_null();
    case AnswerValue::Kind::kBool:
      return expected.is_boolean() && expected.get<bool>() == value.boolean;
    case AnswerValue::Kind::kInteger:
      if (expected.is_number_integer() && !expected.is_number_unsigned()) {
        return expected.get<int64_t>() == value.integer &&
               static_cast<double>(value.integer) == value.number;
      }
      if (expected.is_number_unsigned()) {
        return expected.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) &&
               static_cast<int64_t>(expected.get<uint64_t>()) == value.integer;
      }
      return false;
    case AnswerValue::Kind::kNumber:
      if (expected.is_number_float()) return expected.get<double>() == value.number;
      if (expected.is_number_unsigned()) {
        return expected.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX) &&
               static_cast<double>(expected.get<uint64_t>()) == value.number;
      }
      return false;
    case AnswerValue::Kind::kString:
      return expected.is_string() && expected.get_ref<const std::string&>() == value.text;
    case AnswerValue::Kind::kArray: {
      if (in_array || !expected.is_array() || expected.size() != value.count) return false;
      const auto elements = view.Elements(value);
      for (size_t i = 0; i < elements.size(); ++i) {
        if (!SameValue(view, elements[i], expected[i], true)) return false;
      }
      return true;
    }
    case AnswerValue::Kind::kOther:
      // Only FromJson makes these: an object, or an array inside an array.
      return expected.is_object() || (in_array && expected.is_array());
  }
  return false;
}

// The view holds exactly the object's answers: same ids, each the object's value.
void CheckSameAnswers(const AnswerView& view, const json& document, std::string_view text) {
  std::map<std::string, const AnswerValue*> last;  // an id that repeats: the later entry wins
  for (const AnswerView::Entry& entry : view.entries()) {
    FUZZ_CHECK(entry.hash == scoring::HashItemId(entry.item_id), std::string(entry.item_id));
    last[std::string(entry.item_id)] = &entry.value;
  }
  FUZZ_CHECK(last.size() == document.size(), std::to_string(last.size()) + " ids, nlohmann " +
                                                 std::to_string(document.size()) + ": " +
                                                 Printable(text));
  for (const auto& [id, value] : last) {
    FUZZ_CHECK(document.contains(id), "id only in AnswerView: " + id);
    FUZZ_CHECK(SameValue(view, *value, document[id], false),
               "answer " + id + " differs from nlohmann's " + document[id].dump() + " in " +
                   Printable(text));
    FUZZ_CHECK(view.Find(id) == value, "Find(" + id + ") is not the last entry");
  }
}

}  // namespace
}  // namespace tessera::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tessera;
  using nlohmann::json;
  const std::string_view text = fuzz::AsText(data, size);
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool json_ok = !document.is_discarded();

  scoring::AnswerView parsed;
  const bool parse_ok = parsed.Parse(text);
  if (parse_ok) {
    FUZZ_CHECK(json_ok,
               "AnswerView::Parse accepts what nlohmann refuses: " + fuzz::Printable(text));
    FUZZ_CHECK(fuzz::IsFlatObject(document), "Parse accepts more than a flat object");
    fuzz::CheckSameAnswers(parsed, document, text);
  } else {
    FUZZ_CHECK(parsed.entries().empty(), "a refused text leaves entries");
    const bool quirk =
        text.starts_with("\xEF\xBB\xBF") || text.find('\0') != std::string_view::npos;
    FUZZ_CHECK(!json_ok || !fuzz::IsFlatObject(document) || !fuzz::TextIsFlat(text) || quirk,
               "AnswerView::Parse refuses a flat object nlohmann reads: " + fuzz::Printable(text));
  }

  // Read: Parse, or nlohmann's tree read by FromJson.
  json holder;
  scoring::AnswerView read;
  const bool read_ok = read.Read(text, holder);
  FUZZ_CHECK(read_ok == json_ok, "Read and nlohmann disagree on " + fuzz::Printable(text));
  if (read_ok) {
    if (document.is_object()) {
      fuzz::CheckSameAnswers(read, document, text);
    } else {
      FUZZ_CHECK(read.entries().empty(), "a JSON text that is no object gives answers");
    }
  }

  // FromJson on the parsed tree reads the same answers as Read.
  if (json_ok) {
    scoring::AnswerView from_tree;
    from_tree.FromJson(document);
    if (document.is_object()) {
      fuzz::CheckSameAnswers(from_tree, document, text);
    } else {
      FUZZ_CHECK(from_tree.entries().empty(), "FromJson of a non-object gives answers");
    }
  }
  return 0;
}
