#include "server/management/dashboard_routes.h"

#include <spdlog/spdlog.h>

#include "server/dashboard/attitudes_page.h"
#include "server/dashboard/campaign_list_page.h"
#include "server/dashboard/capability_page.h"
#include "server/dashboard/dashboard_chrome.h"
#include "server/dashboard/evaluator_page.h"
#include "server/dashboard/not_released_page.h"
#include "server/dashboard/perspectives_page.h"
#include "server/dashboard/trends_page.h"
#include "server/management/access_control.h"
#include "server/management/campaign_admin.h"
#include "server/management/campaign_directory.h"
#include "server/management/campaign_views.h"
#include "server/management/responses.h"
#include "server/pages/form_parsing.h"

namespace tessera::server {
namespace {

using dashboard::DashboardChrome;
using nlohmann::json;

constexpr std::initializer_list<Role> kManagers = {Role::kManager};
constexpr std::initializer_list<Role> kReaders = {Role::kManager, Role::kEvaluator};

DashboardChrome ChromeFor(const Principal& principal, const Membership& membership,
                          const RequestContext& context) {
  DashboardChrome chrome;
  chrome.user_email = principal.email;
  chrome.role = std::string(RoleName(membership.role));
  chrome.organisation_id = membership.organisation_id;
  chrome.organisation_name = membership.organisation_name;
  chrome.csrf_token = principal.csrf_token;
  chrome.current_path = context.path;
  return chrome;
}

DashboardChrome ChromeFor(const CampaignAccess& access, const RequestContext& context) {
  const Membership* membership = access.principal.In(access.campaign.organisation_id);
  return ChromeFor(access.principal, *membership, context);
}

Response InternalPage(const Request& request, const Status& status) {
  spdlog::error("dashboard: {}", status.message());
  return PageError(http::status::internal_server_error, "Something went wrong",
                   "Please try again in a moment.", request);
}

// A results call that failed: not released is a page that says why; anything else an error.
Response ResultsFailure(ManagementServices& services, const CampaignAccess& access,
                        const RequestContext& context, const Request& request,
                        const Status& status) {
  if (status.code() == StatusCode::kFailedPrecondition) {
    auto release = services.results.Release(access.campaign.id);
    if (release.ok()) {
      return HtmlResponse(
          http::status::ok,
          dashboard::RenderNotReleasedPage(ChromeFor(access, context), access.campaign, *release),
          request);
    }
  }
  return InternalPage(request, status);
}

// The campaign's views; nullopt (with the response set) when its instrument cannot be read.
std::optional<CampaignViews> ViewsOf(ManagementServices& services, const engine::Campaign& campaign,
                                     const Request& request, std::optional<Response>* failure) {
  auto instrument = services.instruments.Get(campaign);
  if (!instrument.ok()) {
    *failure = InternalPage(request, instrument.status());
    return std::nullopt;
  }
  return ViewsFor(**instrument);
}

Response ViewNotAvailable(const Request& request) {
  return PageError(http::status::not_found, "Not available for this campaign",
                   "This view does not apply to this campaign's questionnaire.", request);
}

// What a campaign view starts with: the caller's access for `roles` and, where `applies` names
// one of CampaignViews' flags, the campaign's views with that flag set. nullopt with `*refusal`
// set to the page to send instead (sign-in, forbidden, not found, not available, error).
struct OpenedView {
  CampaignAccess access;
  CampaignViews views;
};
std::optional<OpenedView> OpenView(ManagementServices& services, const Request& request,
                                   RequestContext& context, std::initializer_list<Role> roles,
                                   bool CampaignViews::*applies, std::optional<Response>* refusal) {
  auto decision = RequireCampaign(services, request, context, Surface::kPage, roles);
  if (decision.refusal) {
    *refusal = std::move(*decision.refusal);
    return std::nullopt;
  }
  OpenedView opened{std::move(*decision.access), CampaignViews()};
  if (applies != nullptr) {
    auto views = ViewsOf(services, opened.access.campaign, request, refusal);
    if (!views) return std::nullopt;
    if (!((*views).*applies)) {
      *refusal = ViewNotAvailable(request);
      return std::nullopt;
    }
    opened.views = std::move(*views);
  }
  return opened;
}

// The page to send instead of a view while the campaign's results are not released (saying
// why), or an error page; nullopt once they are released.
std::optional<Response> UnlessReleased(ManagementServices& services, const CampaignAccess& access,
                                       const RequestContext& context, const Request& request) {
  auto release = services.results.Release(access.campaign.id);
  if (!release.ok()) return InternalPage(request, release.status());
  if (release->value("results_released", false)) return std::nullopt;
  return HtmlResponse(
      http::status::ok,
      dashboard::RenderNotReleasedPage(ChromeFor(access, context), access.campaign, *release),
      request);
}

void CampaignList(ManagementServices& services, Request& request, RequestContext& context,
                  Reply reply) {
  auto decision = RequireOrganisation(services, request, context, Surface::kPage);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const OrganisationAccess& access = *decision.access;
  auto listings = ListOrganisationCampaigns(services, access.membership.organisation_id);
  if (!listings.ok()) return reply(InternalPage(request, listings.status()));
  std::vector<dashboard::CampaignRow> rows;
  for (const CampaignListing& listing : *listings) {
    dashboard::CampaignRow row;
    row.campaign = listing.campaign;
    if (listing.release["responses"].is_number_integer()) {
      row.responses = listing.release["responses"].get<int64_t>();
    }
    if (listing.invited > 0) row.invited = listing.invited;
    row.released = listing.release.value("results_released", false);
    row.release_reason = listing.release.value("reason", "");
    row.shared_link_responses = listing.shared_link_responses;
    row.shared_link_used = listing.shared_link_used;
    row.flags = listing.flags;
    rows.push_back(std::move(row));
  }
  const DashboardChrome chrome = ChromeFor(access.principal, access.membership, context);
  std::string html = dashboard::RenderCampaignList(chrome, rows);
  reply(HtmlResponse(http::status::ok, std::move(html), request));
}

void CampaignLanding(ManagementServices& services, Request& request, RequestContext& context,
                     Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kPage,
                                  {Role::kAdmin, Role::kManager, Role::kEvaluator});
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const CampaignAccess& access = *decision.access;
  if (access.role == Role::kAdmin) {
    return reply(HtmlResponse(http::status::ok,
                              RenderCampaignAdminPage(services, access, ChromeFor(access, context)),
                              request));
  }
  std::optional<Response> failure;
  auto views = ViewsOf(services, access.campaign, request, &failure);
  if (!views) return reply(std::move(*failure));
  reply(SeeOther(
      "/campaigns/" + std::to_string(access.campaign.id) + "/" + LandingView(*views, access.role),
      request));
}

void CapabilityView(ManagementServices& services, Request& request, RequestContext& context,
                    Reply reply) {
  std::optional<Response> refusal;
  auto opened =
      OpenView(services, request, context, kManagers, &CampaignViews::capability, &refusal);
  if (!opened) return reply(std::move(*refusal));
  const CampaignAccess& access = opened->access;
  auto scores = services.results.Scores(access.campaign.id);
  if (!scores.ok())
    return reply(ResultsFailure(services, access, context, request, scores.status()));
  auto instrument = services.instruments.Get(access.campaign);
  if (!instrument.ok()) return reply(InternalPage(request, instrument.status()));
  reply(HtmlResponse(http::status::ok,
                     dashboard::RenderCapabilityPage(ChromeFor(access, context), access.campaign,
                                                     *scores, &(*instrument)->scoring),
                     request));
}

void PerspectivesView(ManagementServices& services, Request& request, RequestContext& context,
                      Reply reply) {
  std::optional<Response> failure;
  auto opened =
      OpenView(services, request, context, kManagers, &CampaignViews::perspectives, &failure);
  if (!opened) return reply(std::move(*failure));
  const CampaignAccess& access = opened->access;
  if (auto not_released = UnlessReleased(services, access, context, request)) {
    return reply(std::move(*not_released));
  }
  // This campaign, and the latest released campaign of each of the other two kinds.
  dashboard::PerspectiveInputs inputs;
  const int64_t organisation = access.campaign.organisation_id;
  struct Source {
    const char* instrument;
    std::optional<engine::Campaign>* campaign;
    json* scores;
    bool side;  // broken down by the side question; otherwise by the rater question
  };
  Source sources[] = {
      {"partnership-capability", &inputs.capability, &inputs.capability_by_role, false},
      {"partner-feedback", &inputs.partner_feedback, &inputs.partner_scores, false},
      {"partnership-charter", &inputs.charter, &inputs.charter_by_side, true}};
  for (Source& source : sources) {
    std::optional<engine::Campaign> campaign;
    if (access.campaign.instrument.id == source.instrument) {
      campaign = access.campaign;
    } else {
      auto latest = LatestReleased(services, organisation, source.instrument);
      if (!latest.ok()) return reply(InternalPage(request, latest.status()));
      campaign = std::move(*latest);
    }
    if (!campaign) continue;
    auto campaign_views = ViewsOf(services, *campaign, request, &failure);
    if (!campaign_views) return reply(std::move(*failure));
    const std::string by =
        source.side ? campaign_views->side_grouping : campaign_views->rater_grouping;
    auto scores = services.results.Scores(campaign->id, by);
    if (!scores.ok()) {
      return reply(ResultsFailure(services, access, context, request, scores.status()));
    }
    *source.scores = std::move(*scores);
    *source.campaign = std::move(campaign);
  }
  inputs.current = access.campaign;
  if (inputs.capability) {
    auto capability_instrument = services.instruments.Get(*inputs.capability);
    if (!capability_instrument.ok()) {
      return reply(InternalPage(request, capability_instrument.status()));
    }
    inputs.capability_bands = dashboard::IndexBandsOf((*capability_instrument)->scoring);
  }
  reply(HtmlResponse(http::status::ok,
                     dashboard::RenderPerspectivesPage(ChromeFor(access, context), inputs),
                     request));
}

void AttitudesView(ManagementServices& services, Request& request, RequestContext& context,
                   Reply reply) {
  std::optional<Response> refusal;
  auto opened =
      OpenView(services, request, context, kManagers, &CampaignViews::attitudes, &refusal);
  if (!opened) return reply(std::move(*refusal));
  const CampaignAccess& access = opened->access;
  dashboard::AttitudeInputs inputs;
  inputs.campaign = access.campaign;
  auto scores = services.results.SharedScores(access.campaign.id);
  if (!scores.ok())
    return reply(ResultsFailure(services, access, context, request, scores.status()));
  inputs.scores = std::move(*scores);
  for (const std::string& by : opened->views.groupings) {
    auto breakdown = services.results.SharedScores(access.campaign.id, by);
    if (!breakdown.ok()) {
      return reply(ResultsFailure(services, access, context, request, breakdown.status()));
    }
    inputs.breakdowns.push_back(std::move(*breakdown));
  }
  // The page shows the comments a page at a time; a malformed ?offset= shows the first page.
  const Result<engine::CommentPage> page = CommentPageFromQuery(context.query);
  auto comments =
      services.results.Comments(access.campaign.id, "", page.ok() ? *page : engine::CommentPage());
  if (!comments.ok()) {
    return reply(ResultsFailure(services, access, context, request, comments.status()));
  }
  inputs.comments = std::move(*comments);
  reply(HtmlResponse(http::status::ok,
                     dashboard::RenderAttitudesPage(ChromeFor(access, context), inputs), request));
}

void TrendsView(ManagementServices& services, Request& request, RequestContext& context,
                Reply reply) {
  std::optional<Response> refusal;
  auto opened = OpenView(services, request, context, kManagers, nullptr, &refusal);
  if (!opened) return reply(std::move(*refusal));
  const CampaignAccess& access = opened->access;
  if (auto not_released = UnlessReleased(services, access, context, request)) {
    return reply(std::move(*not_released));
  }
  dashboard::TrendInputs inputs;
  auto waves = WavesUpTo(services, access.campaign);
  if (!waves.ok()) return reply(InternalPage(request, waves.status()));
  inputs.waves = std::move(*waves);
  for (size_t i = 0; i + 1 < inputs.waves.size(); ++i) {
    auto comparison = services.results.Compare(inputs.waves[i].id, inputs.waves[i + 1].id);
    if (!comparison.ok()) {
      return reply(ResultsFailure(services, access, context, request, comparison.status()));
    }
    inputs.comparisons.push_back(std::move(*comparison));
  }
  auto current_scores = services.results.Scores(access.campaign.id);
  if (!current_scores.ok()) {
    return reply(ResultsFailure(services, access, context, request, current_scores.status()));
  }
  inputs.dimension_titles = dashboard::DimensionTitles(*current_scores);
  reply(HtmlResponse(
      http::status::ok,
      dashboard::RenderTrendsPage(ChromeFor(access, context), access.campaign, inputs), request));
}

void EvaluatorView(ManagementServices& services, Request& request, RequestContext& context,
                   Reply reply) {
  std::optional<Response> refusal;
  auto opened = OpenView(services, request, context, kReaders, nullptr, &refusal);
  if (!opened) return reply(std::move(*refusal));
  const CampaignAccess& access = opened->access;
  auto reliability = services.results.Reliability(access.campaign.id);
  if (!reliability.ok()) {
    return reply(ResultsFailure(services, access, context, request, reliability.status()));
  }
  auto scores = services.results.Scores(access.campaign.id);
  if (!scores.ok())
    return reply(ResultsFailure(services, access, context, request, scores.status()));
  reply(HtmlResponse(http::status::ok,
                     dashboard::RenderEvaluatorPage(ChromeFor(access, context), access.campaign,
                                                    *reliability, *scores),
                     request));
}

void ChangeState(ManagementServices& services, Request& request, RequestContext& context,
                 Reply reply) {
  auto decision = RequireCampaign(services, request, context, Surface::kPage, {Role::kAdmin});
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const CampaignAccess& access = *decision.access;
  const pages::FormFields form = pages::ParseForm(request.body());
  if (auto refused =
          CheckCsrf(access.principal, request, pages::FirstValue(form, "csrf"), Surface::kPage)) {
    return reply(std::move(*refused));
  }
  const Status changed = ChangeCampaignState(services, access, pages::FirstValue(form, "state"));
  if (!changed.ok()) {
    const auto [status, code] = HttpStatusFor(changed);
    (void)code;
    return reply(PageError(status, "The campaign was not changed", changed.message(), request));
  }
  reply(SeeOther("/campaigns/" + std::to_string(access.campaign.id), request));
}

}  // namespace

void AddDashboardRoutes(Router& router, ManagementServices& services) {
  auto bind = [&services](ManagementHandler handler) { return WithServices(services, handler); };
  router.Add(http::verb::get, "/", [](Request& request, RequestContext&, Reply reply) {
    reply(SeeOther("/dashboard", request));
  });
  router.Add(http::verb::get, "/dashboard", bind(CampaignList));
  router.Add(http::verb::get, "/campaigns/{id}", bind(CampaignLanding));
  router.Add(http::verb::get, "/campaigns/{id}/capability", bind(CapabilityView));
  router.Add(http::verb::get, "/campaigns/{id}/perspectives", bind(PerspectivesView));
  router.Add(http::verb::get, "/campaigns/{id}/attitudes", bind(AttitudesView));
  router.Add(http::verb::get, "/campaigns/{id}/trends", bind(TrendsView));
  router.Add(http::verb::get, "/campaigns/{id}/evaluator", bind(EvaluatorView));
  router.Add(http::verb::post, "/campaigns/{id}/state", bind(ChangeState));
}

}  // namespace tessera::server
