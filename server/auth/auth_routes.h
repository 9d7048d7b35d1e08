// The sign-in routes: the login page and form (GET/POST /login), sign-out (POST /logout) and
// the session API (POST, GET and DELETE /api/v1/session).
#ifndef TESSERA_SERVER_AUTH_AUTH_ROUTES_H_
#define TESSERA_SERVER_AUTH_AUTH_ROUTES_H_

#include "server/auth/auth_service.h"
#include "server/http/router.h"

namespace tessera::server {

// `auth` must outlive the router.
void AddAuthRoutes(Router& router, AuthService& auth);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_AUTH_ROUTES_H_
