#include "survey/answer_validation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string_view>
#include <utility>

#include "instruments/diagnostic.h"
#include "survey/token.h"
#include "survey/utf8.h"

namespace tessera::survey {
namespace {

using instruments::Item;
using instruments::ItemType;
using instruments::PointerAppend;
using instruments::ResponseScale;
using nlohmann::json;

constexpr std::string_view kAnswersPointer = "/answers";
constexpr std::string_view kTeamsSource = "organisation.teams";

// A pointer to a key the client made up: a key shaped like a survey token is not echoed.
std::string SafePointer(std::string_view parent, std::string_view key) {
  return PointerAppend(parent, LooksLikeToken(key) ? "[token]" : key);
}

// Validation of one request body; collects every problem rather than stopping at the first.
class AnswerChecker {
 public:
  AnswerChecker(const instruments::Instrument& instrument, const std::vector<std::string>& teams)
      : instrument_(instrument), teams_(teams) {}

  AnswerCheck Check(const json& body, ValidationMode mode) {
    result_.answers = json::object();
    if (!body.is_object()) {
      Add("", "malformed", "The request must be a JSON object holding your answers.");
      return std::move(result_);
    }
    for (const auto& [key, value] : body.items()) {
      if (key != "answers") {
        Add(SafePointer("", key), "malformed",
            "Only \"answers\" may be sent; remove anything else from the request.");
      }
    }
    const auto answers = body.find("answers");
    if (answers == body.end()) {
      Add(std::string(kAnswersPointer), "malformed", "The request has no answers.");
      return std::move(result_);
    }
    if (!answers->is_object()) {
      Add(std::string(kAnswersPointer), "malformed",
          "Answers must be an object mapping each question to its answer.");
      return std::move(result_);
    }
    std::set<std::string> answered;
    for (const auto& [item_id, value] : answers->items()) {
      const std::string pointer = PointerAppend(kAnswersPointer, item_id);
      const Item* item = instrument_.FindItem(item_id);
      if (item == nullptr) {
        Add(SafePointer(kAnswersPointer, item_id), "unknown_item",
            "This question is not part of this survey.");
        continue;
      }
      if (value.is_null()) continue;
      const size_t problems_before = result_.problems.size();
      json normalised;  // set when the accepted answer differs from what was sent
      const bool accepted = CheckItem(*item, value, pointer, &normalised);
      // An answer with a problem still counts as given: "required" would only repeat it.
      if (accepted || result_.problems.size() > problems_before) answered.insert(item_id);
      if (accepted) result_.answers[item_id] = normalised.is_null() ? value : std::move(normalised);
    }
    if (mode == ValidationMode::kSubmit) {
      for (const Item* item : instrument_.Items()) {
        if (item->required && answered.count(item->id) == 0) {
          Add(PointerAppend(kAnswersPointer, item->id), "required",
              "Please answer this question before you submit.");
        }
      }
    }
    return std::move(result_);
  }

 private:
  void Add(std::string pointer, std::string code, std::string message) {
    result_.problems.push_back({std::move(pointer), std::move(code), std::move(message)});
  }

  // True when the answer is accepted; false when it is blank ("" or []) or has a problem.
  // `normalised` receives the answer to store when it is not `value` as sent (text whose line
  // breaks were normalised).
  bool CheckItem(const Item& item, const json& value, const std::string& pointer,
                 json* normalised) {
    switch (item.type) {
      case ItemType::kScale:
      case ItemType::kSingleChoice:
        return CheckChoice(item, value, pointer);
      case ItemType::kMultipleChoice:
        return CheckMultipleChoice(item, value, pointer);
      case ItemType::kText:
        return CheckText(item, value, pointer, normalised);
      case ItemType::kNumber:
        return CheckNumber(item, value, pointer);
    }
    return false;
  }

  enum class Match { kValue, kOfferedCode, kCodeNotOffered, kOutOfRange, kWrongType };

  static bool Offers(const Item& item, const ResponseScale& scale, std::string_view code) {
    if (scale.FindCode(code) == nullptr) return false;
    if (!item.codes) return true;
    return std::find(item.codes->begin(), item.codes->end(), code) != item.codes->end();
  }

  bool IsAnyCode(std::string_view code) const {
    return std::any_of(instrument_.scales.begin(), instrument_.scales.end(),
                       [code](const ResponseScale& s) { return s.FindCode(code) != nullptr; });
  }

  bool IsValue(const ResponseScale& scale, const json& value) const {
    if (scale.ordered()) {
      if (!value.is_number_integer()) return false;
      if (value.is_number_unsigned() &&
          value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return false;
      }
      const auto number = value.get<int64_t>();
      return std::any_of(scale.values.begin(), scale.values.end(),
                         [number](const auto& v) { return v.number == number; });
    }
    if (!value.is_string()) return false;
    const auto& code = value.get_ref<const std::string&>();
    if (scale.values_from == kTeamsSource) {
      return std::find(teams_.begin(), teams_.end(), code) != teams_.end();
    }
    return std::any_of(scale.values.begin(), scale.values.end(),
                       [&code](const auto& v) { return v.code == code; });
  }

  // Classifies one value against an item's scale: a value, a code, or a problem.
  Match Classify(const Item& item, const ResponseScale& scale, const json& value) const {
    if (IsValue(scale, value)) return Match::kValue;
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      if (Offers(item, scale, text)) return Match::kOfferedCode;
      // On an ordinal scale every string is meant as a code; on a nominal one a string is a
      // code when some scale of the instrument defines it ("dk"), else a value not on the list.
      if (scale.ordered() || IsAnyCode(text)) return Match::kCodeNotOffered;
      return Match::kOutOfRange;
    }
    if (scale.ordered() && value.is_number_integer()) return Match::kOutOfRange;
    return Match::kWrongType;
  }

  void ReportMatch(Match match, const ResponseScale& scale, const std::string& pointer) {
    switch (match) {
      case Match::kValue:
      case Match::kOfferedCode:
        return;
      case Match::kCodeNotOffered:
        Add(pointer, "code_not_offered",
            "That option is not offered for this question. Choose one of the options, or leave "
            "it blank.");
        return;
      case Match::kOutOfRange:
        Add(pointer, "out_of_range",
            scale.values_from == kTeamsSource
                ? "That team is not on the list. Choose one of the teams, or leave it blank."
                : "That answer is not one of the options. Choose one of the options, or leave "
                  "it blank.");
        return;
      case Match::kWrongType:
        Add(pointer, "wrong_type",
            scale.ordered() ? "Choose one of the points on the scale, or leave it blank."
                            : "Choose one of the options, or leave it blank.");
        return;
    }
  }

  const ResponseScale* ScaleOf(const Item& item, const std::string& pointer) {
    const ResponseScale* scale = instrument_.FindScale(item.scale);
    if (scale == nullptr) {
      // A loaded instrument never has this; report rather than crash on a hand-built one.
      Add(pointer, "unknown_item", "This question cannot be answered in this survey.");
    }
    return scale;
  }

  bool CheckChoice(const Item& item, const json& value, const std::string& pointer) {
    const ResponseScale* scale = ScaleOf(item, pointer);
    if (scale == nullptr) return false;
    const Match match = Classify(item, *scale, value);
    ReportMatch(match, *scale, pointer);
    return match == Match::kValue || match == Match::kOfferedCode;
  }

  bool CheckMultipleChoice(const Item& item, const json& value, const std::string& pointer) {
    const ResponseScale* scale = ScaleOf(item, pointer);
    if (scale == nullptr) return false;
    if (!value.is_array()) {
      Add(pointer, "wrong_type", "Choose any of the options as a list, or leave it blank.");
      return false;
    }
    if (value.empty()) return false;  // nothing chosen: unanswered
    bool ok = true;
    bool has_code = false;
    std::vector<const json*> seen;
    for (size_t i = 0; i < value.size(); ++i) {
      const json& element = value[i];
      const std::string element_pointer = PointerAppend(pointer, i);
      const bool duplicate = std::any_of(
          seen.begin(), seen.end(), [&element](const json* other) { return *other == element; });
      seen.push_back(&element);
      if (duplicate) {
        Add(element_pointer, "wrong_type", "This option is chosen more than once.");
        ok = false;
        continue;
      }
      const Match match = Classify(item, *scale, element);
      ReportMatch(match, *scale, element_pointer);
      if (match == Match::kOfferedCode) has_code = true;
      if (match != Match::kValue && match != Match::kOfferedCode) ok = false;
    }
    if (has_code && value.size() > 1) {
      Add(pointer, "wrong_type",
          "An answer such as \"Prefer not to say\" cannot be combined with other options.");
      ok = false;
    }
    return ok;
  }

  bool CheckText(const Item& item, const json& value, const std::string& pointer,
                 json* normalised) {
    if (!value.is_string()) {
      Add(pointer, "wrong_type", "Type your answer as text, or leave it blank.");
      return false;
    }
    const auto& sent = value.get_ref<const std::string&>();
    // Browsers send a textarea's line breaks as CR LF: CR LF and a lone CR are stored as LF, and
    // the length is counted after that (a line break is one character).
    const bool has_cr = sent.find('\r') != std::string::npos;
    const std::string converted = has_cr ? NormaliseLineBreaks(sent) : std::string();
    const std::string& text = has_cr ? converted : sent;
    const std::optional<size_t> length = CountCodePoints(text);
    if (!length) {
      Add(pointer, "wrong_type", "Your answer contains characters that could not be read.");
      return false;
    }
    if (const std::optional<char32_t> control = FindControlCharacter(text, TextKind::kMultiLine)) {
      Add(pointer, "control_character",
          "Your answer contains a control character (" + CodePointName(*control) +
              "), which cannot be stored. Please remove it, or retype the answer.");
      return false;
    }
    if (*length > static_cast<size_t>(std::max(item.max_length, 0))) {
      Add(pointer, "too_long",
          "Your answer is too long. Please shorten it to at most " +
              std::to_string(item.max_length) + " characters.");
      return false;
    }
    if (text.empty()) return false;  // "" is unanswered
    if (has_cr) *normalised = text;
    return true;
  }

  bool CheckNumber(const Item& item, const json& value, const std::string& pointer) {
    if (!value.is_number()) {
      Add(pointer, "wrong_type", "Enter a number, or leave it blank.");
      return false;
    }
    const auto number = value.get<double>();
    if (!std::isfinite(number)) {
      Add(pointer, "wrong_type", "Enter a number, or leave it blank.");
      return false;
    }
    if ((item.min && number < *item.min) || (item.max && number > *item.max)) {
      std::string message = "Enter a number";
      if (item.min && item.max) {
        message += " from " + FormatBound(*item.min) + " to " + FormatBound(*item.max);
      } else if (item.min) {
        message += " of at least " + FormatBound(*item.min);
      } else {
        message += " of at most " + FormatBound(*item.max);
      }
      Add(pointer, "out_of_range", message + ", or leave it blank.");
      return false;
    }
    return true;
  }

  static std::string FormatBound(double bound) {
    if (std::abs(bound) < 1e15 && bound == std::floor(bound)) {
      return std::to_string(static_cast<int64_t>(bound));
    }
    return json(bound).dump();
  }

  const instruments::Instrument& instrument_;
  const std::vector<std::string>& teams_;
  AnswerCheck result_;
};

}  // namespace

AnswerCheck ValidateAnswers(const instruments::Instrument& instrument,
                            const std::vector<std::string>& teams, const json& body,
                            ValidationMode mode) {
  return AnswerChecker(instrument, teams).Check(body, mode);
}

}  // namespace tessera::survey
