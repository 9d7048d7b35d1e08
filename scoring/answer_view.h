// A flat, read-only view of one respondent's answers object {"ITEM_ID": value, ...}, read
// straight from its stored JSON text without building a JSON tree: the path that scans a
// campaign's responses (statistics, exports) runs this once per response, so it allocates
// nothing after the first few rows and touches each byte once.
//
// Values are what answers hold: null, booleans, numbers, strings and arrays of those (multiple
// choice). Anything deeper (an object, an array inside an array) makes Parse return false; Read
// then parses the text as JSON and uses FromJson, which reads any value and marks the unusual
// ones kOther. Entries keep the order of the text, each with its id's HashItemId (for
// ItemIndex).
//
// Repeated ids: should an id repeat, the later entry is the answer, as nlohmann::json reads it
// (its parser overwrites): Parse keeps every entry in the text's order, Find returns the last,
// and consumers walk the entries in order and let a later one overwrite an earlier one. On the
// Read fallback nlohmann has already kept only the last. So the view and nlohmann agree on every
// id's answer, which is what the differential fuzz target checks. Stored answers never repeat an
// id: request bodies that do are refused with duplicate_key (survey/request_json.h), and
// validation and the CSV import write each answer once; this rule only keeps the two readers
// in agreement on text written some other way.
// Like nlohmann::json, Parse and Read refuse strings that are not well-formed UTF-8 and numbers
// too large for a double.
#ifndef TESSERA_SCORING_ANSWER_VIEW_H_
#define TESSERA_SCORING_ANSWER_VIEW_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/item_index.h"

namespace tessera::scoring {

struct AnswerValue {
  enum class Kind : uint8_t { kNull, kBool, kInteger, kNumber, kString, kArray, kOther };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;    // kInteger: a JSON number without fraction or exponent, in range
  double number = 0;      // kInteger and kNumber
  std::string_view text;  // kString: the decoded text
  uint32_t first = 0;     // kArray: its elements are AnswerView::elements()[first, first+count)
  uint32_t count = 0;

  bool is_string() const { return kind == Kind::kString; }
  bool is_integer() const { return kind == Kind::kInteger; }
};

class AnswerView {
 public:
  struct Entry {
    std::string_view item_id;
    uint64_t hash = 0;  // HashItemId(item_id)
    AnswerValue value;
  };

  // Reads `json`, which must stay alive while the view is used. False when it is not a JSON
  // object of flat values (see above); the view is then empty.
  bool Parse(std::string_view json);
  // Parse, and when the text holds more than flat values, parses it as JSON into `holder` (which
  // must then outlive the view's use) and reads that. False only when the text is not JSON.
  bool Read(std::string_view json, nlohmann::json& holder);
  // Reads an already parsed answers object (anything else gives an empty view); `answers` must
  // stay alive while the view is used.
  void FromJson(const nlohmann::json& answers);

  const std::vector<Entry>& entries() const { return entries_; }
  std::span<const AnswerValue> Elements(const AnswerValue& array) const {
    return std::span<const AnswerValue>(elements_).subspan(array.first, array.count);
  }
  // The answer to `item_id` (the last entry for it), or nullptr.
  const AnswerValue* Find(std::string_view item_id) const;

 private:
  bool ParseValue(AnswerValue& value, bool in_array);
  bool ParseString(std::string_view& text);
  bool ParseNumber(AnswerValue& value);
  void SkipSpace() {
    while (at_ < end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  std::vector<Entry> entries_;
  std::vector<AnswerValue> elements_;
  // Decoded strings that held escapes. Reserved to the text's size before parsing (decoding
  // never grows a string), so views into it stay valid.
  std::string decoded_;
  const char* at_ = nullptr;
  const char* end_ = nullptr;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_ANSWER_VIEW_H_
