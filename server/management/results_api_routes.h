// The management JSON API under /api/v1 (docs/api.md, OpenAPI at /api/v1/openapi.json):
// campaigns, scores with breakdowns, wave comparison, reliability, comments, campaign state
// changes and CSV exports. Same session cookie and the same access rules as the pages.
#ifndef TESSERA_SERVER_MANAGEMENT_RESULTS_API_ROUTES_H_
#define TESSERA_SERVER_MANAGEMENT_RESULTS_API_ROUTES_H_

#include "server/http/router.h"
#include "server/management/management_services.h"

namespace tessera::server {

void AddResultsApiRoutes(Router& router, ManagementServices& services);

// GET /api/v1/openapi.json: the OpenAPI 3.1 document (public).
void AddOpenApiRoute(Router& router);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_RESULTS_API_ROUTES_H_
