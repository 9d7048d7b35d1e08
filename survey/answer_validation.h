// Checks a respondent's answers against the campaign's pinned instrument.
// Answers travel as {"answers": {"ITEM_ID": value, ...}} in drafts and submissions alike:
//   scale item       integer from the scale, or one of the item's offered codes ("dk")
//   single_choice    a value code of its scale (teams: the campaign's team slugs), or a code
//   multiple_choice  array of distinct value codes (or a single offered code alone)
//   text             string of at most max_length characters (Unicode code points), valid
//                    UTF-8 without control characters other than tab and line feed; CR LF and
//                    a lone CR are accepted and stored as LF (survey/utf8.h)
//   number           number within min..max when given
// null or absent means unanswered.
#ifndef TESSERA_SURVEY_ANSWER_VALIDATION_H_
#define TESSERA_SURVEY_ANSWER_VALIDATION_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/instrument.h"

namespace tessera::survey {

// One problem with a JSON pointer into the request body, e.g. "/answers/ATT-01".
struct AnswerProblem {
  std::string pointer;
  std::string code;  // stable: unknown_item, out_of_range, code_not_offered, required,
                     // too_long, control_character, wrong_type, malformed, duplicate_key
  std::string message;
};

enum class ValidationMode {
  kDraft,   // partial answers allowed; missing required answers are not problems
  kSubmit,  // every required item must be answered
};

struct AnswerCheck {
  std::vector<AnswerProblem> problems;  // empty when the answers are valid
  nlohmann::json answers;               // the accepted answers, nulls removed, text line
                                        // breaks normalised to LF (object)
  bool ok() const { return problems.empty(); }
};

// `teams`: value codes for scales with values_from "organisation.teams".
AnswerCheck ValidateAnswers(const instruments::Instrument& instrument,
                            const std::vector<std::string>& teams, const nlohmann::json& body,
                            ValidationMode mode);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_ANSWER_VALIDATION_H_
