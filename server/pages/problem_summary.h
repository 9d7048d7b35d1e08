// Validation problems on survey pages: the error summary at the top of a page and the message
// beside each field.
#ifndef TESSERA_SERVER_PAGES_PROBLEM_SUMMARY_H_
#define TESSERA_SERVER_PAGES_PROBLEM_SUMMARY_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/pages/survey_view.h"

namespace tessera::server::pages {

// The problems about one item, joined into one message; "" when none.
std::string ItemProblemMessage(const std::vector<AnswerProblem>& problems,
                               std::string_view item_id);

// "There is a problem" box (role=alert) linking each problem to its field: on this page
// (`current_page`, or none on the review page) as "#item-ID", elsewhere as
// "/s/{token}?page=N#item-ID". Empty when there are no problems.
std::string RenderErrorSummary(const nlohmann::json& doc, std::string_view token,
                               const std::vector<AnswerProblem>& problems,
                               std::optional<size_t> current_page);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_PROBLEM_SUMMARY_H_
