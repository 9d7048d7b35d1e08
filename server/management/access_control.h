// Who may see what, decided on the server for every management request: the signed-in user,
// their role in the campaign's organisation, and the roles a route allows. A campaign of
// another organisation answers exactly like one that does not exist (404).
//
// Roles (docs/accounts.md): admin runs campaigns, links and users; manager sees dashboards and
// exports; evaluator sees exports and the reliability view.
#ifndef TESSERA_SERVER_MANAGEMENT_ACCESS_CONTROL_H_
#define TESSERA_SERVER_MANAGEMENT_ACCESS_CONTROL_H_

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/records.h"
#include "server/auth/principal.h"
#include "server/http/router.h"
#include "server/management/management_services.h"

namespace tessera::server {

// Pages send people to the sign-in page and answer in HTML; the API answers in JSON.
enum class Surface { kPage, kApi };

struct CampaignAccess {
  Principal principal;
  engine::Campaign campaign;
  Role role = Role::kManager;
};

struct OrganisationAccess {
  Principal principal;
  Membership membership;
};

// Exactly one of `access` and `refusal` is set.
template <typename T>
struct Decision {
  std::optional<T> access;
  std::optional<Response> refusal;
};

// Signed in at all (401 / redirect to sign-in otherwise).
Decision<Principal> RequireSignedIn(ManagementServices& services, const Request& request,
                                    const RequestContext& context, Surface surface);

// The campaign named by the {id} parameter, when the user holds one of `allowed` in its
// organisation. Not signed in: 401 / sign-in page; unknown id or another organisation: 404;
// a role that may not use this route: 403.
Decision<CampaignAccess> RequireCampaign(ManagementServices& services, const Request& request,
                                         const RequestContext& context, Surface surface,
                                         std::initializer_list<Role> allowed);

// The organisation chosen by "?org=ID" (or the user's first membership) and the user's role
// there; 404 for an organisation the user has no role in.
Decision<OrganisationAccess> RequireOrganisation(ManagementServices& services,
                                                 const Request& request,
                                                 const RequestContext& context, Surface surface);

// A state-changing request carries the session's CSRF token: the "csrf" form field for pages,
// the X-CSRF-Token header for the API. Otherwise 403 csrf.
std::optional<Response> CheckCsrf(const Principal& principal, const Request& request,
                                  std::string_view form_token, Surface surface);

// A page refusal in HTML (status, heading, message), for pages that refuse after access.
Response PageError(http::status status, std::string_view title, std::string_view message,
                   const Request& request);

bool RoleAllowed(Role role, std::initializer_list<Role> allowed);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_ACCESS_CONTROL_H_
