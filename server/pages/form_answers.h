// Turns the submitted fields of one survey page into answers in the shape of
// survey/answer_validation.h, ready for validation and saving.
#ifndef TESSERA_SERVER_PAGES_FORM_ANSWERS_H_
#define TESSERA_SERVER_PAGES_FORM_ANSWERS_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "server/pages/form_parsing.h"
#include "survey/answer_validation.h"

namespace tessera::server::pages {

// Answers for every item of section `page` (0-based) of the survey document:
//   scale            "3" -> 3, "dk" -> "dk"
//   single_choice    the option's value (a string code, or the integer of an ordinal scale)
//   multiple_choice  array of the checked values (checkboxes share the item's name)
//   text             the text, CR LF normalised to LF; blank -> null
//   number           a JSON number when the whole field parses, else the raw string (so
//                    validation reports wrong_type)
// Items left blank become null so that saving clears an earlier answer. Fields that are not
// items of the page are ignored. An out-of-range page gives {}.
nlohmann::json FormToAnswers(const nlohmann::json& survey_document, size_t page,
                             const FormFields& form);

// Items of section `page` that take one value (scale, single choice, text, number) but were
// sent more than once in the form ("ATT-01=2&ATT-01=5"), each as a duplicate_key problem at
// /answers/ITEM_ID. The page's own controls send such an item at most once, so rather than
// guess which value was meant the post is refused, with the problem beside the question.
// Multiple choice items share one name across their checkboxes and are never repeated fields.
std::vector<survey::AnswerProblem> RepeatedFields(const nlohmann::json& survey_document,
                                                  size_t page, const FormFields& form);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_FORM_ANSWERS_H_
