// The respondent's routes: the JSON API under /api/v1/surveys/{token} and the survey pages
// under /s/{token}, both served from the engine's SurveyIntake.
#ifndef TESSERA_SERVER_SURVEY_ROUTES_H_
#define TESSERA_SERVER_SURVEY_ROUTES_H_

#include <memory>

#include "engine/survey_intake.h"
#include "server/http/rate_limiter.h"
#include "server/http/router.h"

namespace tessera::server {

struct SurveyRouteLimits {
  // Opening the shared (open) link mints a personal link; limited per address, in memory only.
  std::shared_ptr<RateLimiter> open_link;
  // Every respondent request, per address.
  std::shared_ptr<RateLimiter> respondent;
};

void AddSurveyRoutes(Router& router, engine::SurveyIntake& intake, SurveyRouteLimits limits);

// GET /healthz and the static assets under /assets/{name}.
void AddSystemRoutes(Router& router);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_SURVEY_ROUTES_H_
