#include "server/management/access_control.h"

#include <algorithm>
#include <cctype>

#include "server/management/responses.h"
#include "server/pages/message_pages.h"

namespace tessera::server {
namespace {

// Where a signed-out visitor is sent: the sign-in page, then back here.
std::string SignInLocation(const RequestContext& context) {
  std::string next = context.path;
  if (!context.query.empty()) next += "?" + context.query;
  std::string encoded;
  for (unsigned char c : next) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "/login?next=" + encoded;
}

Response Unauthenticated(const Request& request, const RequestContext& context, Surface surface) {
  if (surface == Surface::kPage) return SeeOther(SignInLocation(context), request);
  return JsonError(http::status::unauthorized, "unauthenticated",
                   "sign in first: POST /api/v1/session with your email and password", {},
                   request.version(), request.keep_alive());
}

Response NotFound(const Request& request, Surface surface) {
  if (surface == Surface::kPage) {
    return PageError(http::status::not_found, "Not found",
                     "There is no campaign here, or it belongs to an organisation you do not "
                     "have a role in.",
                     request);
  }
  return JsonError(http::status::not_found, "not_found", "no such campaign", {}, request.version(),
                   request.keep_alive());
}

Response Forbidden(const Request& request, Surface surface, std::initializer_list<Role> allowed) {
  std::string roles;
  for (Role role : allowed) {
    if (!roles.empty()) roles += " or ";
    roles += RoleName(role);
  }
  const std::string message = "this needs the " + roles + " role in the campaign's organisation";
  if (surface == Surface::kPage) {
    return PageError(http::status::forbidden, "Not available with your role",
                     "This view " + message.substr(5) + ".", request);
  }
  return JsonError(http::status::forbidden, "forbidden", message, {}, request.version(),
                   request.keep_alive());
}

}  // namespace

bool RoleAllowed(Role role, std::initializer_list<Role> allowed) {
  return std::find(allowed.begin(), allowed.end(), role) != allowed.end();
}

Response PageError(http::status status, std::string_view title, std::string_view message,
                   const Request& request) {
  return HtmlResponse(status, pages::RenderMessagePage(static_cast<int>(status), title, message),
                      request);
}

Decision<Principal> RequireSignedIn(ManagementServices& services, const Request& request,
                                    const RequestContext& context, Surface surface) {
  Decision<Principal> decision;
  decision.access = services.auth.Authenticate(request);
  if (!decision.access) decision.refusal = Unauthenticated(request, context, surface);
  return decision;
}

Decision<CampaignAccess> RequireCampaign(ManagementServices& services, const Request& request,
                                         const RequestContext& context, Surface surface,
                                         std::initializer_list<Role> allowed) {
  Decision<CampaignAccess> decision;
  std::optional<Principal> principal = services.auth.Authenticate(request);
  if (!principal) {
    decision.refusal = Unauthenticated(request, context, surface);
    return decision;
  }
  auto param = context.params.find("id");
  const int64_t id = param == context.params.end() ? 0 : ParseId(param->second);
  if (id == 0) {
    decision.refusal = NotFound(request, surface);
    return decision;
  }
  auto campaign = services.store.GetCampaign(id);
  if (!campaign.ok()) {
    decision.refusal =
        campaign.status().code() == StatusCode::kNotFound
            ? NotFound(request, surface)
            : (surface == Surface::kApi
                   ? JsonErrorFor(campaign.status(), request)
                   : PageError(http::status::internal_server_error, "Something went wrong",
                               "Please try again in a moment.", request));
    return decision;
  }
  const Membership* membership = principal->In(campaign->organisation_id);
  if (membership == nullptr) {
    decision.refusal = NotFound(request, surface);
    return decision;
  }
  if (!RoleAllowed(membership->role, allowed)) {
    decision.refusal = Forbidden(request, surface, allowed);
    return decision;
  }
  const Role role = membership->role;
  decision.access = CampaignAccess{std::move(*principal), std::move(*campaign), role};
  return decision;
}

Decision<OrganisationAccess> RequireOrganisation(ManagementServices& services,
                                                 const Request& request,
                                                 const RequestContext& context, Surface surface) {
  Decision<OrganisationAccess> decision;
  std::optional<Principal> principal = services.auth.Authenticate(request);
  if (!principal) {
    decision.refusal = Unauthenticated(request, context, surface);
    return decision;
  }
  const std::string org = QueryValue(context.query, "org");
  const Membership* membership = nullptr;
  if (org.empty()) {
    if (!principal->memberships.empty()) membership = &principal->memberships.front();
  } else {
    membership = principal->In(ParseId(org));
  }
  if (membership == nullptr) {
    if (surface == Surface::kPage) {
      decision.refusal = PageError(http::status::not_found, "Not found",
                                   org.empty() ? "Your account has no role in any organisation "
                                                 "yet; ask an administrator to add one."
                                               : "You have no role in that organisation.",
                                   request);
    } else {
      decision.refusal = JsonError(http::status::not_found, "not_found", "no such organisation", "",
                                   request.version(), request.keep_alive());
    }
    return decision;
  }
  Membership chosen = *membership;
  decision.access = OrganisationAccess{std::move(*principal), std::move(chosen)};
  return decision;
}

std::optional<Response> CheckCsrf(const Principal& principal, const Request& request,
                                  std::string_view form_token, Surface surface) {
  std::string_view token = form_token;
  std::string header;
  if (surface == Surface::kApi) {
    const auto value = request["X-CSRF-Token"];
    header.assign(value.data(), value.size());
    token = header;
  }
  if (!token.empty() && AuthService::CsrfMatches(principal, token)) return std::nullopt;
  if (surface == Surface::kPage) {
    return PageError(http::status::forbidden, "This form has expired",
                     "Go back, reload the page and try again.", request);
  }
  return JsonError(http::status::forbidden, "csrf",
                   "send this session's CSRF token in the X-CSRF-Token header", {},
                   request.version(), request.keep_alive());
}

}  // namespace tessera::server
