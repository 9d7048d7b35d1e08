// The survey document a respondent's device receives for a campaign: the pinned instrument's
// pages, items, scales and labels, the anonymity promise and any saved draft — and nothing of
// the scoring model (no dimensions, reverse keying or bands).
//
// Shape:
// {
//   "campaign":   {"id": 7, "title": "...", "closes_on": "2026-12-31"},
//   "instrument": {"id": "staff-attitudes", "version": "1.1.0", "title": "...", "language":
//   "en-GB"}, "anonymity":  {"threshold": 5, "statement": "..."}, "scales":   [{"id": "agree5",
//   "kind": "ordinal",
//                 "values": [{"value": 1, "label": "Strongly disagree", "scored": true}, ...,
//                            {"value": "dk", "label": "Don't know", "scored": false}]}],
//   "sections": [{"id": "about", "title": "...", "intro": "...",
//                 "items": [{"id": "team", "type": "single_choice", "scale": "teams",
//                            "text": "...", "help": "...", "required": false,
//                            "grouping": "team", "codes": ["pnts"],
//                            "max_length": 2000 (text), "min"/"max" (number)}]}],
//   "progress": {"answered": 3, "total": 43, "required": 36, "required_answered": 2},
//   "answers":  {"ITEM_ID": value, ...}           // the saved draft, {} when none
// }
#ifndef TESSERA_SURVEY_SURVEY_DOCUMENT_H_
#define TESSERA_SURVEY_SURVEY_DOCUMENT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/instrument.h"

namespace tessera::survey {

struct Team {
  std::string slug;  // the value stored in answers
  std::string name;  // the label shown
};

struct SurveyContext {
  int64_t campaign_id = 0;
  std::string campaign_title;
  std::string closes_on;  // YYYY-MM-DD, empty when open-ended
  int anonymity_threshold = 5;
  std::vector<Team> teams;
  nlohmann::json draft_answers = nlohmann::json::object();
};

nlohmann::json BuildSurveyDocument(const instruments::Instrument& instrument,
                                   const SurveyContext& context);

// The promise shown to respondents, naming the threshold k.
std::string AnonymityStatement(int threshold);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_SURVEY_DOCUMENT_H_
