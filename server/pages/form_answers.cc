#include "server/pages/form_answers.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "instruments/diagnostic.h"
#include "server/pages/survey_view.h"
#include "survey/utf8.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;

std::string_view Trim(std::string_view text) {
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<json> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (const std::optional<int64_t> integer = ParseInteger(text)) return json(*integer);
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);  // "+3" is a number to people
  if (digits.empty() || digits.front() == '+') return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value,
                                            std::chars_format::general);
  if (error != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return json(value);
}

// The stored form of a submitted option: the matching option's own value (so an ordinal
// single_choice gets its integer), else an integer for scale items, else the string.
json OptionValue(const std::vector<ChoiceOption>& options, const std::string& submitted,
                 bool integer_if_possible) {
  for (const ChoiceOption& option : options) {
    if (ValueKey(option.value) == submitted) return option.value;
  }
  if (integer_if_possible) {
    if (const std::optional<int64_t> integer = ParseInteger(submitted)) return json(*integer);
  }
  return json(submitted);
}

json ItemAnswer(const json& doc, const json& item, const std::vector<std::string>& submitted) {
  const std::string type = StringField(item, "type");
  // The first non-blank value: a radio group or single control sends one.
  std::string first;
  for (const std::string& value : submitted) {
    if (!Trim(value).empty()) {
      first = value;
      break;
    }
  }
  if (type == "multiple_choice") {
    const std::vector<ChoiceOption> options = ItemOptions(doc, item);
    json chosen = json::array();
    for (const std::string& value : submitted) {
      if (Trim(value).empty()) continue;
      json option = OptionValue(options, std::string(Trim(value)), false);
      if (std::find(chosen.begin(), chosen.end(), option) == chosen.end()) {
        chosen.push_back(std::move(option));
      }
    }
    return chosen.empty() ? json() : chosen;
  }
  if (first.empty()) return json();
  if (type == "text") return survey::NormaliseLineBreaks(first);
  const std::string trimmed(Trim(first));
  if (type == "number") {
    std::optional<json> number = ParseNumber(trimmed);
    return number ? *number : json(first);
  }
  if (type == "scale" || type == "single_choice") {
    return OptionValue(ItemOptions(doc, item), trimmed, type == "scale");
  }
  return json(first);
}

}  // namespace

json FormToAnswers(const json& survey_document, size_t page, const FormFields& form) {
  json answers = json::object();
  const json& sections = Sections(survey_document);
  if (page >= sections.size() || !sections[page].is_object()) return answers;
  const json& items = sections[page].value("items", json::array());
  if (!items.is_array()) return answers;
  static const std::vector<std::string> kNothing;
  for (const json& item : items) {
    const std::string id = StringField(item, "id");
    if (id.empty()) continue;
    const auto field = form.find(id);
    answers[id] = ItemAnswer(survey_document, item, field == form.end() ? kNothing : field->second);
  }
  return answers;
}

std::vector<survey::AnswerProblem> RepeatedFields(const json& survey_document, size_t page,
                                                  const FormFields& form) {
  std::vector<survey::AnswerProblem> problems;
  const json& sections = Sections(survey_document);
  if (page >= sections.size() || !sections[page].is_object()) return problems;
  const json& items = sections[page].value("items", json::array());
  if (!items.is_array()) return problems;
  for (const json& item : items) {
    const std::string id = StringField(item, "id");
    if (id.empty() || StringField(item, "type") == "multiple_choice") continue;
    const auto field = form.find(id);
    if (field == form.end() || field->second.size() < 2) continue;
    problems.push_back({instruments::PointerAppend("/answers", id), "duplicate_key",
                        "This question was sent more than once. Please give one answer and "
                        "save again."});
  }
  return problems;
}

}  // namespace tessera::server::pages
