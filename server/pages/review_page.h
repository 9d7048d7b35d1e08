// "Check your answers": every question with its answer in words, before submitting.
#ifndef TESSERA_SERVER_PAGES_REVIEW_PAGE_H_
#define TESSERA_SERVER_PAGES_REVIEW_PAGE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "server/pages/survey_view.h"

namespace tessera::server::pages {

// Lists each section's questions with the saved answers (labels, not codes), a "Change" link to
// /s/{token}?page=N for each, flags required questions still unanswered, and posts to
// /s/{token} with `page` = the number of sections and `action` = "submit" or "prev".
std::string RenderReviewPage(const nlohmann::json& doc, std::string_view token,
                             const std::vector<AnswerProblem>& problems = {});

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_REVIEW_PAGE_H_
