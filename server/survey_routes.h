// The respondent's routes: the JSON API under /api/v1/surveys/{token} and the survey pages
// under /s/{token}, both served from the engine's SurveyIntake.
#ifndef TESSERA_SERVER_SURVEY_ROUTES_H_
#define TESSERA_SERVER_SURVEY_ROUTES_H_

#include <memory>
#include <string_view>

#include "engine/survey_intake.h"
#include "server/http/rate_limiter.h"
#include "server/http/router.h"

namespace tessera::server {

struct SurveyRouteLimits {
  // Opening the shared (open) link mints a personal link; limited per address, in memory only.
  // With the device limit below, this one can be sized for an office behind one address.
  std::shared_ptr<RateLimiter> open_link;
  // Minting is also limited per device: the shared link sets a random device id in a cookie
  // (HttpOnly, SameSite=Strict, its path only the shared link's, expiring when the campaign
  // closes), held in memory only, never logged or stored. A client that sends no device cookie
  // gets a fresh one each time and is held by the address limit alone.
  std::shared_ptr<RateLimiter> open_link_device;
  // Every respondent request, per address.
  std::shared_ptr<RateLimiter> respondent;
  bool secure_cookies = false;  // mark the device cookie Secure (behind TLS)
};

// The limits `tessera serve` uses (docs/api.md, "Rate limits"): minting from the shared link at
// most kOpenLinkDeviceBurst at once per device, then one every kOpenLinkDeviceSeconds; per
// address kOpenLinkAddressBurst at once, then kOpenLinkAddressPerSecond a second. Every
// respondent request at most `respondent_per_second` per address (0: no such limit).
inline constexpr double kOpenLinkDeviceBurst = 3;
inline constexpr double kOpenLinkDeviceSeconds = 300;
inline constexpr double kOpenLinkAddressBurst = 100;
inline constexpr double kOpenLinkAddressPerSecond = 1;
SurveyRouteLimits ServeSurveyRouteLimits(int respondent_per_second, bool secure_cookies);

// The name of the shared link's device cookie.
inline constexpr std::string_view kDeviceCookieName = "tessera_device";

void AddSurveyRoutes(Router& router, engine::SurveyIntake& intake, SurveyRouteLimits limits);

// GET /healthz and the static assets under /assets/{name}.
void AddSystemRoutes(Router& router);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_SURVEY_ROUTES_H_
