#include "server/pages/survey_view.h"

#include <algorithm>

namespace tessera::server::pages {
namespace {

using nlohmann::json;

const json& EmptyArray() {
  static const json kEmpty = json::array();
  return kEmpty;
}

const json& NullJson() {
  static const json kNull;
  return kNull;
}

const json* FindScale(const json& doc, std::string_view scale_id) {
  const auto it = doc.find("scales");
  if (it == doc.end() || !it->is_array()) return nullptr;
  for (const json& scale : *it) {
    if (scale.is_object() && StringField(scale, "id") == scale_id) return &scale;
  }
  return nullptr;
}

bool Contains(const json& array, const json& value) {
  return array.is_array() && std::find(array.begin(), array.end(), value) != array.end();
}

// A value of the merged scale list is a code ("dk", "pnts") rather than a point or category.
bool IsCode(const json& scale, const json& item, const json& entry, const json& value) {
  if (entry.contains("meaning")) return true;
  if (Contains(item.value("codes", json::array()), value)) return true;
  const auto codes = scale.find("codes");
  if (codes != scale.end() && codes->is_array()) {
    for (const json& code : *codes) {
      if (code.is_object() && code.value("code", json()) == value) return true;
    }
  }
  // On an ordinal scale every value is a number, so a string is a code.
  return StringField(scale, "kind") == "ordinal" && value.is_string();
}

}  // namespace

std::string StringField(const json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

const json& Sections(const json& doc) {
  if (!doc.is_object()) return EmptyArray();
  const auto it = doc.find("sections");
  if (it == doc.end() || !it->is_array()) return EmptyArray();
  return *it;
}

std::string SurveyTitle(const json& doc) {
  if (doc.is_object()) {
    std::string title = StringField(doc.value("campaign", json::object()), "title");
    if (title.empty()) title = StringField(doc.value("instrument", json::object()), "title");
    if (!title.empty()) return title;
  }
  return "Survey";
}

std::string SurveyLanguage(const json& doc) {
  std::string language;
  if (doc.is_object()) language = StringField(doc.value("instrument", json::object()), "language");
  return language.empty() ? "en" : language;
}

std::vector<ChoiceOption> ItemOptions(const json& doc, const json& item) {
  std::vector<ChoiceOption> values;
  std::vector<ChoiceOption> codes;
  const json* scale = FindScale(doc, StringField(item, "scale"));
  if (scale == nullptr) return values;
  const bool item_lists_codes = item.contains("codes") && item["codes"].is_array();
  const json& entries = scale->contains("values") && (*scale)["values"].is_array()
                            ? (*scale)["values"]
                            : EmptyArray();
  auto add = [&](const json& value, std::string label, bool is_code) {
    if (!value.is_string() && !value.is_number_integer()) return;
    if (is_code && item_lists_codes && !Contains(item["codes"], value)) return;  // not offered
    const auto same = [&value](const ChoiceOption& o) { return o.value == value; };
    if (std::any_of(values.begin(), values.end(), same) ||
        std::any_of(codes.begin(), codes.end(), same)) {
      return;
    }
    if (label.empty()) label = ValueKey(value);
    (is_code ? codes : values).push_back({value, std::move(label), is_code});
  };
  for (const json& entry : entries) {
    if (!entry.is_object() || !entry.contains("value")) continue;
    const json& value = entry["value"];
    add(value, StringField(entry, "label"), IsCode(*scale, item, entry, value));
  }
  // Instrument-style scales keep codes apart: {"codes": [{"code", "label"}]}.
  if (scale->contains("codes") && (*scale)["codes"].is_array()) {
    for (const json& code : (*scale)["codes"]) {
      if (code.is_object() && code.contains("code")) {
        add(code["code"], StringField(code, "label"), true);
      }
    }
  }
  values.insert(values.end(), codes.begin(), codes.end());
  return values;
}

std::string ValueKey(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

const json& SavedAnswer(const json& doc, const std::string& item_id) {
  if (!doc.is_object()) return NullJson();
  const auto answers = doc.find("answers");
  if (answers == doc.end() || !answers->is_object()) return NullJson();
  const auto it = answers->find(item_id);
  return it == answers->end() ? NullJson() : *it;
}

bool HasAnswer(const json& value) {
  if (value.is_null()) return false;
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  if (value.is_array()) return !value.empty();
  return true;
}

std::string AnswerInWords(const json& doc, const json& item, const json& answer) {
  if (!HasAnswer(answer)) return "";
  const std::string type = StringField(item, "type");
  if (type == "text") return answer.is_string() ? answer.get<std::string>() : answer.dump();
  if (type == "number") return ValueKey(answer);
  const std::vector<ChoiceOption> options = ItemOptions(doc, item);
  auto label_of = [&options](const json& value) {
    for (const ChoiceOption& option : options) {
      if (option.value == value) return option.label;
    }
    return ValueKey(value);
  };
  if (!answer.is_array()) return label_of(answer);
  std::string words;
  for (const json& value : answer) {
    if (!words.empty()) words += ", ";
    words += label_of(value);
  }
  return words;
}

SurveyProgress ProgressOf(const json& doc) {
  SurveyProgress progress;
  if (!doc.is_object()) return progress;
  const auto given = doc.find("progress");
  if (given != doc.end() && given->is_object() && given->value("answered", json()).is_number() &&
      given->value("total", json()).is_number()) {
    progress.answered = (*given)["answered"].get<int>();
    progress.total = (*given)["total"].get<int>();
    return progress;
  }
  for (const json& section : Sections(doc)) {
    if (!section.is_object() || !section.contains("items") || !section["items"].is_array()) {
      continue;
    }
    for (const json& item : section["items"]) {
      ++progress.total;
      if (HasAnswer(SavedAnswer(doc, StringField(item, "id")))) ++progress.answered;
    }
  }
  return progress;
}

std::optional<std::string> ProblemItemId(std::string_view pointer) {
  constexpr std::string_view kPrefix = "/answers/";
  if (pointer.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view token = pointer.substr(kPrefix.size());
  token = token.substr(0, token.find('/'));
  if (token.empty()) return std::nullopt;
  std::string id;  // JSON pointer unescaping: ~1 -> '/', ~0 -> '~'
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      id += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      id += token[i];
    }
  }
  return id;
}

std::optional<size_t> SectionOfItem(const json& doc, std::string_view item_id) {
  const json& sections = Sections(doc);
  for (size_t s = 0; s < sections.size(); ++s) {
    if (!sections[s].is_object() || !sections[s].contains("items")) continue;
    for (const json& item : sections[s]["items"]) {
      if (StringField(item, "id") == item_id) return s;
    }
  }
  return std::nullopt;
}

std::string ItemDomId(std::string_view item_id) { return "item-" + std::string(item_id); }

}  // namespace tessera::server::pages
