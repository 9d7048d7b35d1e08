#include "server/survey_routes.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "instruments/diagnostic.h"
#include "server/auth/cookies.h"
#include "server/http/message.h"
#include "server/pages/assets.h"
#include "server/pages/form_answers.h"
#include "server/pages/form_parsing.h"
#include "server/pages/message_pages.h"
#include "server/pages/review_page.h"
#include "server/pages/survey_page.h"
#include "survey/request_json.h"
#include "survey/token.h"

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
    case StatusCode::kResourceExhausted:
      // The ceilings: the team's headcount names the team question, the audience size nothing.
      return {http::status::conflict, status.pointer().empty() ? "audience_full" : "team_full"};
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
    return JsonError(status, code, outcome.status.message(), outcome.status.pointer(),
                     request.version(), request.keep_alive());
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
  } else if (status.code() == StatusCode::kResourceExhausted) {
    title = "This survey is full";
    message =
        "It has already received as many responses as the number of people it was sent to, so "
        "it cannot take more. If you were given a personal link, your saved answers are still "
        "on it; contact whoever sent you the link.";
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

// Seconds from now to the end of `closes_on` (UTC); nullopt when it is empty or unreadable.
std::optional<std::chrono::seconds> UntilClosed(const std::string& closes_on) {
  std::tm day{};
  if (closes_on.size() != 10 ||
      std::sscanf(closes_on.c_str(), "%4d-%2d-%2d", &day.tm_year, &day.tm_mon, &day.tm_mday) != 3) {
    return std::nullopt;
  }
  day.tm_year -= 1900;
  day.tm_mon -= 1;
  day.tm_mday += 1;  // the campaign takes answers until the end of its closing day
  const std::time_t end = timegm(&day);
  const std::time_t now = std::time(nullptr);
  return std::chrono::seconds(std::max<std::time_t>(0, end - now));
}

// Whether a respondent may mint a personal link from the shared link now: per device (the
// device cookie), then per address.
struct MintGate {
  bool allowed = true;
  bool by_device = false;  // refused by the device limit (otherwise by the address limit)
  std::chrono::seconds retry_after{0};
  std::string device;  // the device id, from the cookie or new
  bool fresh = false;  // no usable device cookie came: send `device` in a new cookie
};

MintGate TakeMintToken(const SurveyRouteLimits& limits, const Request& request,
                       const RequestContext& context) {
  MintGate gate;
  std::optional<std::string> cookie = CookieValue(request, kDeviceCookieName);
  if (cookie && survey::LooksLikeToken(*cookie)) {
    gate.device = std::move(*cookie);
  } else {
    // A client that keeps no cookies looks like a new device every time: the address limit is
    // then what holds it.
    gate.device = survey::NewToken();
    gate.fresh = true;
  }
  const auto now = RateLimiter::Clock::now();
  if (limits.open_link_device) {
    auto decision = limits.open_link_device->Take(gate.device, now);
    if (!decision.allowed) {
      gate.allowed = false;
      gate.by_device = true;
      gate.retry_after = decision.retry_after;
      return gate;
    }
  }
  if (limits.open_link) {
    auto decision = limits.open_link->Take(context.remote_address, now);
    if (!decision.allowed) {
      gate.allowed = false;
      gate.retry_after = decision.retry_after;
    }
  }
  return gate;
}

// Sets the device cookie when the request came without one: HttpOnly, SameSite=Strict, sent
// back only to `path` (the shared link's own), and gone when the campaign closes (or, for a
// campaign with no closing date, when the browser closes).
void SetDeviceCookie(Response& response, const MintGate& gate, const std::string& path,
                     const std::string& closes_on, bool secure) {
  if (!gate.fresh) return;
  CookieAttributes attributes;
  attributes.path = path;
  attributes.secure = secure;
  attributes.max_age = UntilClosed(closes_on);
  if (attributes.max_age && attributes.max_age->count() == 0) return;
  response.insert(http::field::set_cookie,
                  SetCookieValue(kDeviceCookieName, gate.device, attributes));
}

Response DeviceLimitedPage(const MintGate& gate, const Request& request) {
  if (gate.by_device) {
    return HtmlResponse(
        http::status::too_many_requests,
        pages::RenderMessagePage(429, "Please wait a few minutes",
                                 "Several surveys were started on this device just now. If you "
                                 "have started one, carry on with its link. Otherwise please try "
                                 "again in a few minutes."),
        request);
  }
  return HtmlResponse(http::status::too_many_requests,
                      pages::RenderMessagePage(429, "Please wait a moment",
                                               "Many surveys were started from this network just "
                                               "now. Please try again in a minute."),
                      request);
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

  // The shared (open) link hands out single-use personal links, limited per device and address.
  router.Add(
      http::verb::post, "/api/v1/surveys/{token}/links",
      [&intake, limits](Request& request, RequestContext& context, Reply reply) {
        const std::string token = context.params["token"];
        const MintGate gate = TakeMintToken(limits, request, context);
        if (!gate.allowed) {
          return reply(RateLimitedError(gate.retry_after, request.version(), request.keep_alive()));
        }
        auto personal = intake.IssuePersonalLink(token);
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
        Response response =
            JsonResponse(http::status::created,
                         {{"token", personal->token}, {"survey", "/s/" + personal->token}},
                         request.version(), request.keep_alive());
        SetDeviceCookie(response, gate, "/api/v1/surveys/" + token + "/links", personal->closes_on,
                        limits.secure_cookies);
        reply(std::move(response));
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
  router.Add(
      http::verb::get, "/s/{token}",
      limited([&intake, limits](Request& request, RequestContext& context, Reply reply) {
        const std::string token = context.params["token"];
        IntakeOutcome outcome = intake.Document(token);
        if (!outcome.status.ok()) return reply(MessagePage(outcome.status, request));
        if (outcome.link_kind == engine::LinkKind::kOpen) {
          // The shared link hands each respondent a personal link of their own, so answers can
          // be saved and the survey is answered once per person.
          const MintGate gate = TakeMintToken(limits, request, context);
          if (!gate.allowed) return reply(DeviceLimitedPage(gate, request));
          auto personal = intake.IssuePersonalLink(token);
          if (!personal.ok()) return reply(MessagePage(personal.status(), request));
          Response response = SeeOther("/s/" + personal->token, request);
          SetDeviceCookie(response, gate, "/s/" + token, personal->closes_on,
                          limits.secure_cookies);
          return reply(std::move(response));
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
                if (outcome.status.code() == StatusCode::kResourceExhausted &&
                    !outcome.status.pointer().empty()) {
                  // The team chosen is full: say so beside that question; the draft is kept.
                  return reply(HtmlResponse(
                      http::status::conflict,
                      pages::RenderReviewPage(
                          document, token,
                          {{outcome.status.pointer(), "team_full",
                            "The team you chose has already given as many responses as it has "
                            "members, so no more can be accepted for it. Check that this is "
                            "your team; your answers are saved."}}),
                      fake));
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
            // A pointer, not the binding itself, in the lambda: clang 14 (the fuzz build)
            // cannot capture structured bindings.
            const std::string pointer = instruments::PointerAppend("/answers", id);
            const bool is_repeated = std::any_of(repeated.begin(), repeated.end(),
                                                 [&pointer](const survey::AnswerProblem& problem) {
                                                   return problem.pointer == pointer;
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

SurveyRouteLimits ServeSurveyRouteLimits(int respondent_per_second, bool secure_cookies) {
  SurveyRouteLimits limits;
  limits.open_link =
      std::make_shared<RateLimiter>(kOpenLinkAddressBurst, kOpenLinkAddressPerSecond, 100000);
  limits.open_link_device =
      std::make_shared<RateLimiter>(kOpenLinkDeviceBurst, 1.0 / kOpenLinkDeviceSeconds, 100000);
  if (respondent_per_second > 0) {
    limits.respondent =
        std::make_shared<RateLimiter>(respondent_per_second * 5.0, respondent_per_second, 100000);
  }
  limits.secure_cookies = secure_cookies;
  return limits;
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
