#include "server/survey_routes.h"

#include <algorithm>
#include <charconv>

#include "instruments/diagnostic.h"
#include "server/http/message.h"
#include "server/pages/assets.h"
#include "server/pages/form_answers.h"
#include "server/pages/form_parsing.h"
#include "server/pages/message_pages.h"
#include "server/pages/review_page.h"
#include "server/pages/survey_page.h"
#include "survey/request_json.h"

namespace tessera::server {
namespace {

using engine::IntakeOutcome;

// Maps an intake failure to its HTTP status and stable code.
std::pair<http::status, std::string_view> HttpFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return {http::status::not_found, "not_found"};
    case StatusCode::kGone:
      return {http::status::gone, "gone"};
    case StatusCode::kInvalidArgument:
      return {http::status::bad_request, "invalid_answers"};
    case StatusCode::kConflict:
      return {http::status::conflict, "conflict"};
    case StatusCode::kFailedPrecondition:
      return {http::status::conflict, "failed_precondition"};
    default:
      return {http::status::internal_server_error, "internal"};
  }
}

nlohmann::json ProblemsJson(const std::vector<survey::AnswerProblem>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& problem : problems) {
    list.push_back(
        {{"pointer", problem.pointer}, {"code", problem.code}, {"message", problem.message}});
  }
  return list;
}

Response ApiError(const Request& request, const IntakeOutcome& outcome) {
  auto [status, code] = HttpFor(outcome.status);
  if (status == http::status::internal_server_error) {
    return JsonError(status, code, "something went wrong on our side; please try again", {},
                     request.version(), request.keep_alive());
  }
  if (outcome.problems.empty()) {
    return JsonError(status, code, outcome.status.message(), {}, request.version(),
                     request.keep_alive());
  }
  nlohmann::json body = {{"code", code},
                         {"message", outcome.status.message()},
                         {"pointer", outcome.problems.front().pointer},
                         {"problems", ProblemsJson(outcome.problems)}};
  return JsonResponse(status, body, request.version(), request.keep_alive());
}

// The media type of the request body, without parameters such as charset.
std::string MediaType(const Request& request) {
  const auto header = request[http::field::content_type];
  std::string type(header.data(), header.size());
  type.resize(std::min(type.size(), type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

bool IsJson(const Request& request) { return MediaType(request) == "application/json"; }

// Parses a JSON request body; on failure returns the error response to send.
std::optional<Response> ParseJsonBody(const Request& request, nlohmann::json* body) {
  if (!IsJson(request)) {
    return JsonError(http::status::unsupported_media_type, "unsupported_media_type",
                     "send the answers as application/json", {}, request.version(),
                     request.keep_alive());
  }
  survey::RequestJson parsed = survey::ParseRequestJson(request.body());
  switch (parsed.error) {
    case survey::RequestJson::Error::kNone:
      break;
    case survey::RequestJson::Error::kNotJson:
      return JsonError(http::status::bad_request, "invalid_json",
                       "the request body is not valid JSON", {}, request.version(),
                       request.keep_alive());
    case survey::RequestJson::Error::kDuplicateKey:
      // nlohmann::json would keep the last value silently; refuse rather than guess.
      return JsonError(http::status::bad_request, "duplicate_key",
                       "a key appears more than once in the same object; send each key once",
                       parsed.pointer, request.version(), request.keep_alive());
  }
  *body = std::move(parsed.value);
  return std::nullopt;
}

Response MessagePage(const Status& status, const Request& request) {
  auto [http_status, code] = HttpFor(status);
  std::string title = "Something went wrong";
  std::string message = "Please try again in a moment.";
  if (status.code() == StatusCode::kNotFound) {
    title = "We could not find this survey";
    message = status.message();
  } else if (status.code() == StatusCode::kGone) {
    title = status.message() == "this survey link has already been used"
                ? "This survey link has already been used"
                : "This survey is not open";
    message = status.message() == "this survey link has already been used"
                  ? "Answers from this link have been received. Thank you. Each link can be used "
                    "once; if you think this is a mistake, ask whoever sent you the link for a "
                    "new one."
                  : "It is " + status.message().substr(std::string("this survey is ").size()) +
                        ". If you think this is a mistake, contact whoever sent you the link.";
  } else if (status.code() == StatusCode::kConflict ||
             status.code() == StatusCode::kFailedPrecondition) {
    title = "Please try again";
    message = status.message();
  }
  (void)code;
  return HtmlResponse(http_status,
                      pages::RenderMessagePage(static_cast<int>(http_status), title, message),
                      request);
}

// The page number from "?page=N" (0-based), or 0.
size_t PageFromQuery(std::string_view query) {
  const std::string fields(query);
  auto form = pages::ParseForm(fields);
  const std::string page = pages::FirstValue(form, "page");
  size_t value = 0;
  auto [end, error] = std::from_chars(page.data(), page.data() + page.size(), value);
  return error == std::errc() && end == page.data() + page.size() ? value : 0;
}

size_t SectionCount(const nlohmann::json& document) {
  return document.contains("sections") ? document["sections"].size() : 0;
}

}  // namespace

void AddSurveyRoutes(Router& router, engine::SurveyIntake& intake, SurveyRouteLimits limits) {
  auto limited = [&limits](Handler handler) {
    return limits.respondent ? WithRateLimit(limits.respondent, std::move(handler)) : handler;
  };

  // ---- JSON API ----
  router.Add(http::verb::get, "/api/v1/surveys/{token}",
             limited([&intake](Request& request, RequestContext& context, Reply reply) {
               IntakeOutcome outcome = intake.Document(context.params["token"]);
               if (!outcome.status.ok()) return reply(ApiError(request, outcome));
               reply(JsonResponse(http::status::ok, outcome.document, request.version(),
                                  request.keep_alive()));
             }));

  router.Add(http::verb::put, "/api/v1/surveys/{token}/draft",
             limited([&intake](Request& request, RequestContext& context, Reply reply) {
               nlohmann::json body;
               if (auto error = ParseJsonBody(request, &body)) return reply(std::move(*error));
               IntakeOutcome outcome = intake.SaveDraft(context.params["token"], body);
               if (!outcome.status.ok()) return reply(ApiError(request, outcome));
               reply(JsonResponse(http::status::ok,
                                  {{"saved", true}, {"progress", outcome.document["progress"]}},
                                  request.version(), request.keep_alive()));
             }));

  // The shared (open) link hands out single-use personal links, limited per address.
  router.Add(http::verb::post, "/api/v1/surveys/{token}/links",
             [&intake, open_limiter = limits.open_link](Request& request, RequestContext& context,
                                                        Reply reply) {
               if (open_limiter) {
                 auto decision =
                     open_limiter->Take(context.remote_address, RateLimiter::Clock::now());
                 if (!decision.allowed) {
                   return reply(RateLimitedError(decision.retry_after, request.version(),
                                                 request.keep_alive()));
                 }
               }
               auto personal = intake.IssuePersonalToken(context.params["token"]);
               if (personal.status().code() == StatusCode::kInvalidArgument) {
                 // A personal link cannot hand out links: its own code, not an answers error.
                 return reply(JsonError(http::status::bad_request, "not_open_link",
                                        personal.status().message(), {}, request.version(),
                                        request.keep_alive()));
               }
               if (!personal.ok()) {
                 IntakeOutcome outcome;
                 outcome.status = personal.status();
                 return reply(ApiError(request, outcome));
               }
               reply(JsonResponse(http::status::created,
                                  {{"token", *personal}, {"survey", "/s/" + *personal}},
                                  request.version(), request.keep_alive()));
             });

  // Merges answers into the saved draft (null clears one): what autosave sends for one page.
  router.Add(http::verb::patch, "/api/v1/surveys/{token}/draft",
             limited([&intake](Request& request, RequestContext& context, Reply reply) {
               nlohmann::json body;
               if (auto error = ParseJsonBody(request, &body)) return reply(std::move(*error));
               if (!body.is_object() || !body.contains("answers") || !body["answers"].is_object() ||
                   body.size() != 1) {
                 return reply(JsonError(http::status::bad_request, "invalid_answers",
                                        "send {\"answers\": {\"ITEM_ID\": value, ...}}", "/answers",
                                        request.version(), request.keep_alive()));
               }
               IntakeOutcome outcome = intake.MergeDraft(context.params["token"], body["answers"]);
               if (!outcome.status.ok()) return reply(ApiError(request, outcome));
               reply(JsonResponse(http::status::ok,
                                  {{"saved", true}, {"progress", outcome.document["progress"]}},
                                  request.version(), request.keep_alive()));
             }));

  router.Add(http::verb::post, "/api/v1/surveys/{token}/responses",
             limited([&intake](Request& request, RequestContext& context, Reply reply) {
               nlohmann::json body;
               if (auto error = ParseJsonBody(request, &body)) return reply(std::move(*error));
               const unsigned version = request.version();
               const bool keep_alive = request.keep_alive();
               intake.Submit(context.params["token"], body,
                             [reply, version, keep_alive, &request](IntakeOutcome outcome) {
                               if (!outcome.status.ok()) return reply(ApiError(request, outcome));
                               reply(JsonResponse(
                                   http::status::created,
                                   {{"receipt", outcome.receipt},
                                    {"message", "Thank you. Your answers have been received."}},
                                   version, keep_alive));
                             });
             }));

  // ---- Survey pages (work without JavaScript) ----
  auto open_limiter = limits.open_link;
  router.Add(
      http::verb::get, "/s/{token}",
      limited([&intake, open_limiter](Request& request, RequestContext& context, Reply reply) {
        const std::string token = context.params["token"];
        IntakeOutcome outcome = intake.Document(token);
        if (!outcome.status.ok()) return reply(MessagePage(outcome.status, request));
        if (outcome.link_kind == engine::LinkKind::kOpen) {
          // The shared link hands each respondent a personal link of their own, so answers can
          // be saved and the survey is answered once per person.
          if (open_limiter) {
            auto decision = open_limiter->Take(context.remote_address, RateLimiter::Clock::now());
            if (!decision.allowed) {
              return reply(HtmlResponse(
                  http::status::too_many_requests,
                  pages::RenderMessagePage(429, "Please wait a moment",
                                           "Many surveys were started from this network just now. "
                                           "Please try again in a minute."),
                  request));
            }
          }
          auto personal = intake.IssuePersonalToken(token);
          if (!personal.ok()) return reply(MessagePage(personal.status(), request));
          return reply(SeeOther("/s/" + *personal, request));
        }
        const auto& form = pages::ParseForm(context.query);
        if (pages::FirstValue(form, "review") == "1") {
          return reply(HtmlResponse(http::status::ok,
                                    pages::RenderReviewPage(outcome.document, token, {}), request));
        }
        const size_t page =
            std::min(PageFromQuery(context.query), SectionCount(outcome.document) - 1);
        reply(HtmlResponse(http::status::ok, pages::RenderSurveyPage(outcome.document, page, token),
                           request));
      }));

  router.Add(
      http::verb::post, "/s/{token}",
      limited([&intake](Request& request, RequestContext& context, Reply reply) {
        const std::string token = context.params["token"];
        if (MediaType(request) != "application/x-www-form-urlencoded") {
          return reply(
              HtmlResponse(http::status::unsupported_media_type,
                           pages::RenderMessagePage(415, "Unsupported form",
                                                    "Please use the survey page to answer."),
                           request));
        }
        const pages::FormFields form = pages::ParseForm(request.body());
        const std::string action = pages::FirstValue(form, "action");
        const std::string base = "/s/" + token;

        if (action == "submit") {
          IntakeOutcome current = intake.Document(token);
          if (!current.status.ok()) return reply(MessagePage(current.status, request));
          nlohmann::json document = current.document;
          const unsigned version = request.version();
          const bool keep_alive = request.keep_alive();
          intake.Submit(
              token, {{"answers", document["answers"]}},
              [reply, document, token, version, keep_alive](IntakeOutcome outcome) {
                Request fake{http::verb::post, "/", version};
                fake.keep_alive(keep_alive);
                if (outcome.status.code() == StatusCode::kInvalidArgument) {
                  return reply(HtmlResponse(
                      http::status::bad_request,
                      pages::RenderReviewPage(document, token, outcome.problems), fake));
                }
                if (!outcome.status.ok()) return reply(MessagePage(outcome.status, fake));
                reply(HtmlResponse(http::status::ok,
                                   pages::RenderThankYouPage(document, outcome.receipt), fake));
              });
          return;
        }

        IntakeOutcome current = intake.Document(token);
        if (!current.status.ok()) return reply(MessagePage(current.status, request));
        const size_t sections = SectionCount(current.document);
        const size_t page = PageFromQuery("page=" + pages::FirstValue(form, "page"));
        if (page >= sections) {
          // The review page has no answer fields: nothing to save, only where to go.
          if (action == "prev") {
            return reply(SeeOther(base + "?page=" + std::to_string(sections - 1), request));
          }
          return reply(SeeOther(base + "?review=1", request));
        }
        const nlohmann::json answers = pages::FormToAnswers(current.document, page, form);
        if (auto repeated = pages::RepeatedFields(current.document, page, form);
            !repeated.empty()) {
          // Nothing is saved. The page shows the other answers as sent and the saved answer
          // of each repeated question, with the problem beside it.
          nlohmann::json shown = current.document;
          if (!shown["answers"].is_object()) shown["answers"] = nlohmann::json::object();
          for (const auto& [id, value] : answers.items()) {
            const bool is_repeated = std::any_of(
                repeated.begin(), repeated.end(), [&id](const survey::AnswerProblem& problem) {
                  return problem.pointer == instruments::PointerAppend("/answers", id);
                });
            if (is_repeated) continue;
            if (value.is_null()) {
              shown["answers"].erase(id);
            } else {
              shown["answers"][id] = value;
            }
          }
          return reply(HtmlResponse(http::status::bad_request,
                                    pages::RenderSurveyPage(shown, page, token, repeated),
                                    request));
        }
        IntakeOutcome saved = intake.MergeDraft(token, answers);
        if (saved.status.code() == StatusCode::kInvalidArgument) {
          return reply(HtmlResponse(
              http::status::bad_request,
              pages::RenderSurveyPage(saved.document, page, token, saved.problems), request));
        }
        if (!saved.status.ok()) return reply(MessagePage(saved.status, request));
        if (action == "prev") {
          return reply(
              SeeOther(base + "?page=" + std::to_string(page == 0 ? 0 : page - 1), request));
        }
        if (action == "save") {
          return reply(HtmlResponse(http::status::ok, pages::RenderSavedPage(saved.document, token),
                                    request));
        }
        if (action == "review" || (action == "next" && page + 1 >= sections)) {
          return reply(SeeOther(base + "?review=1", request));
        }
        reply(SeeOther(base + "?page=" + std::to_string(page + 1), request));
      }));
}

void AddSystemRoutes(Router& router) {
  router.Add(http::verb::get, "/healthz", [](Request& request, RequestContext&, Reply reply) {
    reply(JsonResponse(http::status::ok, {{"status", "ok"}}, request.version(),
                       request.keep_alive()));
  });
  router.Add(
      http::verb::get, "/assets/{name}",
      [](Request& request, RequestContext& context, Reply reply) {
        const pages::Asset* asset = pages::FindAsset(context.path);
        if (asset == nullptr) {
          return reply(JsonError(http::status::not_found, error_code::kNotFound, "no such asset",
                                 {}, request.version(), request.keep_alive()));
        }
        reply(
            StaticAsset(asset->body, asset->content_type, request.version(), request.keep_alive()));
      });
}

}  // namespace tessera::server
