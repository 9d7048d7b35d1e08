// A survey document for the page tests, written by hand in the shape of
// survey/survey_document.h: two sections; a grouping single_choice and a multiple_choice, then a
// required scale item offering "Don't know", a text and a number item. Titles and item text
// carry markup and quotes to prove escaping.
#ifndef TESSERA_TESTS_SERVER_PAGE_TEST_SURVEY_H_
#define TESSERA_TESTS_SERVER_PAGE_TEST_SURVEY_H_

#include <nlohmann/json.hpp>

namespace tessera::server::pages::testing {

inline constexpr const char* kToken = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";

inline nlohmann::json TestSurvey() {
  return nlohmann::json::parse(R"json({
  "campaign": {"id": 7, "title": "Staff <script>alert(1)</script> \"survey\"",
               "closes_on": "2026-12-31"},
  "instrument": {"id": "staff-attitudes", "version": "1.1.0", "title": "Staff attitudes",
                 "language": "en-GB"},
  "anonymity": {"threshold": 5,
                "statement": "Results are shown only for groups of 5 or more people."},
  "scales": [
    {"id": "agree5", "kind": "ordinal", "values": [
      {"value": 1, "label": "Strongly disagree", "scored": true},
      {"value": 2, "label": "Disagree", "scored": true},
      {"value": 3, "label": "Neither agree nor disagree", "scored": true},
      {"value": 4, "label": "Agree", "scored": true},
      {"value": 5, "label": "Strongly agree", "scored": true},
      {"value": "dk", "label": "Don't know", "scored": false}]},
    {"id": "teams", "kind": "nominal", "values": [
      {"value": "north", "label": "North team", "scored": false},
      {"value": "south", "label": "South & East", "scored": false},
      {"value": "pnts", "label": "Prefer not to say", "scored": false}]},
    {"id": "services", "kind": "nominal", "values": [
      {"value": "housing", "label": "Housing support", "scored": false},
      {"value": "health", "label": "Health services", "scored": false},
      {"value": "youth", "label": "Youth work", "scored": false}]}
  ],
  "sections": [
    {"id": "about", "title": "About you", "intro": "These questions are optional.",
     "items": [
       {"id": "team", "type": "single_choice", "scale": "teams", "text": "Which team are you in?",
        "help": "The team you spend most of your time with.", "required": false,
        "grouping": "team", "codes": ["pnts"]},
       {"id": "services", "type": "multiple_choice", "scale": "services",
        "text": "Which services do you work in?", "help": "", "required": false, "codes": []}
     ]},
    {"id": "views", "title": "Your views", "intro": "Say how far you agree.",
     "items": [
       {"id": "ATT-01", "type": "scale", "scale": "agree5",
        "text": "I feel <script>alert('x')</script> \"valued\"", "help": "Think of the last year.",
        "required": true, "codes": ["dk"]},
       {"id": "FREE-01", "type": "text", "text": "Anything else?", "help": "", "required": false,
        "codes": [], "max_length": 500},
       {"id": "HOURS", "type": "number", "text": "Hours worked in a usual week", "help": "",
        "required": false, "codes": [], "min": 0, "max": 80}
     ]}
  ],
  "progress": {"answered": 5, "total": 5, "required": 1, "required_answered": 1},
  "answers": {"team": "south", "services": ["housing", "youth"], "ATT-01": "dk",
              "FREE-01": "Line <b>bold</b>", "HOURS": 37.5}
})json");
}

}  // namespace tessera::server::pages::testing

#endif  // TESSERA_TESTS_SERVER_PAGE_TEST_SURVEY_H_
