// CSV downloads, streamed with chunked transfer so memory stays flat whatever the size:
// GET /campaigns/{id}/exports/{kind}.csv (pages) and GET /api/v1/campaigns/{id}/exports/{kind}
// (API), for managers and evaluators, only once results are released (docs/exports.md).
// ?labels=1 writes value labels instead of codes; ?bom=1 starts with a UTF-8 byte order mark.
#ifndef TESSERA_SERVER_MANAGEMENT_EXPORT_ROUTES_H_
#define TESSERA_SERVER_MANAGEMENT_EXPORT_ROUTES_H_

#include "server/http/router.h"
#include "server/management/management_services.h"

namespace tessera::server {

void AddExportRoutes(Router& router, ManagementServices& services);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_EXPORT_ROUTES_H_
