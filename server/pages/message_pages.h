// The pages around the survey: saved, thank you, and messages for links that do not work.
#ifndef TESSERA_SERVER_PAGES_MESSAGE_PAGES_H_
#define TESSERA_SERVER_PAGES_MESSAGE_PAGES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tessera::server::pages {

// "Your answers are saved": the link path /s/{token} to keep (shown only to its respondent).
std::string RenderSavedPage(const nlohmann::json& doc, std::string_view token);

// Thank you with the receipt code. `doc_or_title` is the survey document, or just the survey
// title as a JSON string (after submission the document may be gone).
std::string RenderThankYouPage(const nlohmann::json& doc_or_title, std::string_view receipt_code);

// A plain page for an HTTP status: `title` as the heading, `message` beneath.
std::string RenderMessagePage(int http_status, std::string_view title, std::string_view message);

// The standard friendly messages.
enum class SurveyMessage {
  kUnknownLink,      // 404
  kLinkUsed,         // 410
  kSurveyClosed,     // 410
  kTooManyRequests,  // 429
  kBadRequest,       // 400
};
int HttpStatusFor(SurveyMessage message);
std::string RenderSurveyMessagePage(SurveyMessage message);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_MESSAGE_PAGES_H_
