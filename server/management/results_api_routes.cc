#include "server/management/results_api_routes.h"

#include "server/management/access_control.h"
#include "server/management/campaign_admin.h"
#include "server/management/campaign_directory.h"
#include "server/management/campaign_views.h"
#include "server/management/openapi_document.h"
#include "server/management/responses.h"

namespace tessera::server {
namespace {

using nlohmann::json;

constexpr std::initializer_list<Role> kAnyRole = {Role::kAdmin, Role::kManager, Role::kEvaluator};
constexpr std::initializer_list<Role> kManagers = {Role::kManager};
constexpr std::initializer_list<Role> kReaders = {Role::kManager, Role::kEvaluator};

Response Ok(const json& body, const Request& request) {
  return JsonResponse(http::status::ok, body, request.version(), request.keep_alive());
}

// The "by" query parameter: a grouping question's item id (or its kind, such as "team").
Response ResultOrError(const Result<json>& result, const Request& request,
                       std::string_view pointer = {}) {
  if (result.ok()) return Ok(*result, request);
  return JsonErrorFor(result.status(), request,
                      result.status().code() == StatusCode::kInvalidArgument ? pointer : "");
}

void ListCampaigns(ManagementServices& services, Request& request, RequestContext& context,
                   Reply reply) {
  auto decision = RequireSignedIn(services, request, context, Surface::kApi);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const Principal& principal = *decision.access;
  const std::string org = QueryValue(context.query, "org");
  json campaigns = json::array();
  for (const Membership& membership : principal.memberships) {
    if (!org.empty() && ParseId(org) != membership.organisation_id) continue;
    auto listings = ListOrganisationCampaigns(services, membership.organisation_id);
    if (!listings.ok()) return reply(JsonErrorFor(listings.status(), request));
    for (const CampaignListing& listing : *listings) {
      json item = CampaignListingJson(listing);
      item["organisation"] = membership.organisation_name;
      campaigns.push_back(std::move(item));
    }
  }
  if (!org.empty() && principal.In(ParseId(org)) == nullptr) {
    return reply(JsonError(http::status::not_found, "not_found", "no such organisation", "",
                           request.version(), request.keep_alive()));
  }
  reply(Ok({{"campaigns", std::move(campaigns)}}, request));
}

void GetCampaign(ManagementServices& services, Request& request, RequestContext& context,
                 Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kApi, kAnyRole);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const CampaignAccess& access = *decision.access;
  auto listing = ListingOf(services, access.campaign);
  if (!listing.ok()) return reply(JsonErrorFor(listing.status(), request));
  auto instrument = services.instruments.Get(access.campaign);
  if (!instrument.ok()) return reply(JsonErrorFor(instrument.status(), request));
  const CampaignViews views = ViewsFor(**instrument);
  json body = CampaignListingJson(*listing);
  body["groupings"] = views.groupings;
  body["role"] = std::string(RoleName(access.role));
  reply(Ok(body, request));
}

void Scores(ManagementServices& services, Request& request, RequestContext& context, Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kApi, kManagers);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const std::string by = QueryValue(context.query, "by");
  auto scores = services.results.SharedScores(decision.access->campaign.id, by);
  if (!scores.ok()) return reply(ResultOrError(Result<json>(scores.status()), request, "/by"));
  reply(Ok(**scores, request));
}

void Compare(ManagementServices& services, Request& request, RequestContext& context, Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kApi, kManagers);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const CampaignAccess& access = *decision.access;
  const int64_t earlier_id = ParseId(QueryValue(context.query, "with"));
  if (earlier_id == 0) {
    return reply(JsonError(http::status::bad_request, "invalid_argument",
                           "name the earlier wave: ?with=CAMPAIGN_ID", "/with", request.version(),
                           request.keep_alive()));
  }
  // The earlier wave must be visible to the same person: same organisation.
  auto earlier = services.store.GetCampaign(earlier_id);
  if (!earlier.ok() || access.principal.In(earlier->organisation_id) == nullptr ||
      earlier->organisation_id != access.campaign.organisation_id) {
    return reply(JsonError(http::status::not_found, "not_found", "no such campaign", "/with",
                           request.version(), request.keep_alive()));
  }
  reply(ResultOrError(services.results.Compare(earlier_id, access.campaign.id), request, "/with"));
}

void Reliability(ManagementServices& services, Request& request, RequestContext& context,
                 Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kApi, kReaders);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  reply(ResultOrError(services.results.Reliability(decision.access->campaign.id), request));
}

void Comments(ManagementServices& services, Request& request, RequestContext& context,
              Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kApi, kManagers);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const std::string by = QueryValue(context.query, "by");
  const Result<engine::CommentPage> page = CommentPageFromQuery(context.query);
  if (!page.ok()) return reply(JsonErrorFor(page.status(), request, page.status().pointer()));
  auto comments = services.results.Comments(decision.access->campaign.id, by, *page);
  reply(ResultOrError(comments, request, "/by"));
}

void SetState(ManagementServices& services, Request& request, RequestContext& context,
              Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kApi, {Role::kAdmin});
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const CampaignAccess& access = *decision.access;
  if (auto refused = CheckCsrf(access.principal, request, "", Surface::kApi)) {
    return reply(std::move(*refused));
  }
  const auto type = request[http::field::content_type];
  if (type.substr(0, 16) != "application/json") {
    return reply(JsonError(http::status::unsupported_media_type, "unsupported_media_type",
                           "send {\"state\": \"open\"|\"closed\"} as application/json", {},
                           request.version(), request.keep_alive()));
  }
  const json body = json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("state") || !body["state"].is_string()) {
    return reply(JsonError(http::status::bad_request, "invalid_argument",
                           "send {\"state\": \"open\"|\"closed\"}", "/state", request.version(),
                           request.keep_alive()));
  }
  const Status changed =
      ChangeCampaignState(services, access, body["state"].get_ref<const std::string&>());
  if (changed.code() == StatusCode::kFailedPrecondition) {
    // A move the campaign's life cycle does not allow (reopening a closed campaign).
    return reply(JsonError(http::status::conflict, "invalid_state", changed.message(), "/state",
                           request.version(), request.keep_alive()));
  }
  if (!changed.ok()) return reply(JsonErrorFor(changed, request, changed.pointer()));
  auto release = services.results.Release(access.campaign.id);
  if (!release.ok()) return reply(JsonErrorFor(release.status(), request));
  reply(Ok(*release, request));
}

}  // namespace

void AddResultsApiRoutes(Router& router, ManagementServices& services) {
  auto bind = [&services](ManagementHandler handler) { return WithServices(services, handler); };
  router.Add(http::verb::get, "/api/v1/campaigns", bind(ListCampaigns));
  router.Add(http::verb::get, "/api/v1/campaigns/{id}", bind(GetCampaign));
  router.Add(http::verb::get, "/api/v1/campaigns/{id}/scores", bind(Scores));
  router.Add(http::verb::get, "/api/v1/campaigns/{id}/compare", bind(Compare));
  router.Add(http::verb::get, "/api/v1/campaigns/{id}/reliability", bind(Reliability));
  router.Add(http::verb::get, "/api/v1/campaigns/{id}/comments", bind(Comments));
  router.Add(http::verb::post, "/api/v1/campaigns/{id}/state", bind(SetState));
}

void AddOpenApiRoute(Router& router) {
  router.Add(http::verb::get, "/api/v1/openapi.json",
             [](Request& request, RequestContext&, Reply reply) {
               Response response{http::status::ok, request.version()};
               response.set(http::field::content_type, "application/json");
               response.keep_alive(request.keep_alive());
               response.body() = std::string(OpenApiDocument());
               response.prepare_payload();
               reply(std::move(response));
             });
}

}  // namespace tessera::server
