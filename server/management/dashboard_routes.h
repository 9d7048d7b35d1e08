// The managers' and evaluators' pages: /dashboard (the organisation's campaigns), the views of
// one campaign under /campaigns/{id}/..., and the administrators' open/close form. Every page
// checks the session, the organisation and the role on the server (access_control.h), and
// renders with server/dashboard/.
#ifndef TESSERA_SERVER_MANAGEMENT_DASHBOARD_ROUTES_H_
#define TESSERA_SERVER_MANAGEMENT_DASHBOARD_ROUTES_H_

#include "server/http/router.h"
#include "server/management/management_services.h"

namespace tessera::server {

void AddDashboardRoutes(Router& router, ManagementServices& services);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_DASHBOARD_ROUTES_H_
