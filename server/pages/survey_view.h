// Read-only helpers over the survey document (see survey/survey_document.h) shared by the
// page renderers and form handling. Every accessor tolerates missing or mistyped fields.
#ifndef TESSERA_SERVER_PAGES_SURVEY_VIEW_H_
#define TESSERA_SERVER_PAGES_SURVEY_VIEW_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "survey/answer_validation.h"

namespace tessera::server::pages {

using survey::AnswerProblem;

// One radio button or checkbox of a choice or scale item.
struct ChoiceOption {
  nlohmann::json value;  // integer scale point or string code, as stored in answers
  std::string label;
  bool is_code = false;  // "Don't know", "Prefer not to say": shown apart from the values
};

// obj[key] when it is a string, else "".
std::string StringField(const nlohmann::json& obj, std::string_view key);
// doc["sections"] when it is an array, else an empty array.
const nlohmann::json& Sections(const nlohmann::json& doc);
// The campaign title, else the instrument title, else "Survey".
std::string SurveyTitle(const nlohmann::json& doc);
// The instrument language, else "en".
std::string SurveyLanguage(const nlohmann::json& doc);

// The options an item offers, values first and then its offered codes.
std::vector<ChoiceOption> ItemOptions(const nlohmann::json& doc, const nlohmann::json& item);

// How a value is written in a form field: 3 -> "3", "dk" -> "dk".
std::string ValueKey(const nlohmann::json& value);

// The saved answer of an item (null when none).
const nlohmann::json& SavedAnswer(const nlohmann::json& doc, const std::string& item_id);
// An answer counts when it holds something: not null, "" or [].
bool HasAnswer(const nlohmann::json& value);

// The answer in words: option labels rather than codes; "" when unanswered.
std::string AnswerInWords(const nlohmann::json& doc, const nlohmann::json& item,
                          const nlohmann::json& answer);

struct SurveyProgress {
  int answered = 0;
  int total = 0;
};
// doc["progress"] when present, else counted from doc["answers"].
SurveyProgress ProgressOf(const nlohmann::json& doc);

// "/answers/ATT-01" or "/answers/ATT-01/2" -> "ATT-01"; nullopt for other pointers.
std::optional<std::string> ProblemItemId(std::string_view pointer);
// Index of the section holding the item, or nullopt.
std::optional<size_t> SectionOfItem(const nlohmann::json& doc, std::string_view item_id);

// Element ids: the first control of an item (target of error links) and its parts.
std::string ItemDomId(std::string_view item_id);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_SURVEY_VIEW_H_
