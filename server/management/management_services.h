// What the management routes (dashboards, results API, exports, campaign administration) work
// with: one bundle of references, owned by whoever starts the server.
#ifndef TESSERA_SERVER_MANAGEMENT_MANAGEMENT_SERVICES_H_
#define TESSERA_SERVER_MANAGEMENT_MANAGEMENT_SERVICES_H_

#include "engine/campaign_instrument_cache.h"
#include "engine/campaign_results.h"
#include "engine/export/campaign_exporter.h"
#include "engine/store.h"
#include "server/auth/auth_service.h"
#include "server/http/router.h"

namespace tessera::server {

struct ManagementServices {
  engine::Store& store;
  AuthService& auth;
  engine::CampaignResults& results;
  engine::CampaignExporter& exporter;
  engine::CampaignInstrumentCache& instruments;
};

// A management route's handler, given the services as its first argument.
using ManagementHandler = void (*)(ManagementServices&, Request&, RequestContext&, Reply);

// The router handler that calls `handler` with `services`.
inline Handler WithServices(ManagementServices& services, ManagementHandler handler) {
  return [&services, handler](Request& request, RequestContext& context, Reply reply) {
    handler(services, request, context, std::move(reply));
  };
}

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_MANAGEMENT_SERVICES_H_
