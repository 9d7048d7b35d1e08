#include "server/management/export_routes.h"

#include "server/http/streamed_body.h"
#include "server/management/access_control.h"
#include "server/management/responses.h"

namespace tessera::server {
namespace {

constexpr std::initializer_list<Role> kReaders = {Role::kManager, Role::kEvaluator};

bool Flag(std::string_view query, std::string_view name) {
  const std::string value = QueryValue(query, name);
  return value == "1" || value == "true" || value == "yes";
}

void Export(ManagementServices& services, Request& request, RequestContext& context, Reply reply,
            Surface surface) {
  auto decision = RequireCampaign(services, request, context, surface, kReaders);
  if (decision.refusal) return reply(std::move(*decision.refusal));
  const CampaignAccess& access = *decision.access;
  std::string name = context.params["kind"];
  if (surface == Surface::kPage) {
    constexpr std::string_view kSuffix = ".csv";
    if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix))
      name.clear();
    else
      name.resize(name.size() - kSuffix.size());
  }
  const std::optional<engine::ExportKind> kind = engine::ParseExportKind(name);
  if (!kind) {
    if (surface == Surface::kPage) {
      return reply(PageError(http::status::not_found, "No such download",
                             "The downloads are responses.csv, scores.csv, summaries.csv, "
                             "codebook.csv and comments.csv.",
                             request));
    }
    return reply(JsonError(http::status::not_found, "not_found",
                           "the exports are responses, scores, summaries, codebook and comments",
                           "", request.version(), request.keep_alive()));
  }
  const Status allowed = services.exporter.Check(access.campaign.id, *kind);
  if (!allowed.ok()) {
    if (surface == Surface::kPage) {
      const auto [status, code] = HttpStatusFor(allowed);
      (void)code;
      return reply(PageError(status, "This download is not available", allowed.message(), request));
    }
    return reply(JsonErrorFor(allowed, request));
  }
  engine::ExportOptions options;
  options.labels = Flag(context.query, "labels");
  options.bom = Flag(context.query, "bom");
  Response head{http::status::ok, request.version()};
  head.set(http::field::content_type, "text/csv; charset=utf-8");
  head.set(http::field::content_disposition,
           "attachment; filename=\"" + engine::CampaignExporter::FileName(access.campaign, *kind) +
               "\"");
  head.keep_alive(request.keep_alive());
  engine::CampaignExporter* exporter = &services.exporter;
  const int64_t campaign_id = access.campaign.id;
  const engine::ExportKind export_kind = *kind;
  reply.Stream(StreamedResponse{
      std::move(head), [exporter, campaign_id, export_kind, options](const ChunkWriter& write) {
        return exporter->Write(campaign_id, export_kind, options,
                               [&write](std::string_view chunk) { return write(chunk); });
      }});
}

}  // namespace

void AddExportRoutes(Router& router, ManagementServices& services) {
  router.Add(http::verb::get, "/campaigns/{id}/exports/{kind}",
             [&services](Request& request, RequestContext& context, Reply reply) {
               Export(services, request, context, std::move(reply), Surface::kPage);
             });
  router.Add(http::verb::get, "/api/v1/campaigns/{id}/exports/{kind}",
             [&services](Request& request, RequestContext& context, Reply reply) {
               Export(services, request, context, std::move(reply), Surface::kApi);
             });
}

}  // namespace tessera::server
