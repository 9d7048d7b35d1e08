// The respondent's survey pages: one section per page, a plain HTML form that works with
// JavaScript off.
#ifndef TESSERA_SERVER_PAGES_SURVEY_PAGE_H_
#define TESSERA_SERVER_PAGES_SURVEY_PAGE_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "server/pages/survey_view.h"

namespace tessera::server::pages {

// Section `page_index` (0-based; clamped to the last section) of the survey document as a
// complete HTML page. The first page also carries the anonymity statement. The form posts to
// /s/{token} with a hidden `page` field (the 0-based index) and a button named `action`:
// "next", "prev", "save" (save and finish later) or, on the last section, "review".
// `problems` (from validation) appear in an error summary and beside their fields.
std::string RenderSurveyPage(const nlohmann::json& doc, size_t page_index, std::string_view token,
                             const std::vector<AnswerProblem>& problems = {});

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_SURVEY_PAGE_H_
