#include "engine/export/campaign_exporter.h"

#include "engine/export/codebook_export.h"
#include "engine/export/comments_export.h"
#include "engine/export/csv_writer.h"
#include "engine/export/response_columns.h"
#include "engine/export/responses_export.h"
#include "engine/export/scores_export.h"
#include "engine/export/summaries_export.h"
#include "engine/read_ahead_scan.h"

namespace tessera::engine {

CampaignExporter::CampaignExporter(Store& store, CampaignResults& results)
    : store_(store), results_(results) {}

Status CampaignExporter::Check(int64_t campaign_id, ExportKind /*kind*/) {
  Result<nlohmann::json> release = results_.Release(campaign_id);
  if (!release.ok()) return release.status();
  if (!release->value("results_released", false)) {
    return Status::FailedPrecondition(release->value("reason", std::string("not released")));
  }
  return Status::Ok();
}

Status CampaignExporter::Write(int64_t campaign_id, ExportKind kind, const ExportOptions& options,
                               const ChunkSink& sink, const ExportProgress& progress) {
  if (Status checked = Check(campaign_id, kind); !checked.ok()) return checked;
  Result<DisclosedCampaign> disclosed = results_.DisclosurePlan(campaign_id);
  if (!disclosed.ok()) return disclosed.status();
  CsvWriter writer(sink);
  if (options.bom) writer.Bom();
  switch (kind) {
    case ExportKind::kResponses: {
      const ResponseColumns columns = PlanResponseColumns(*disclosed);
      ResponsesExport rows(*disclosed, columns, options);
      rows.WriteHeader(writer);
      const int64_t total = disclosed->snapshot->statistics.respondents();
      int64_t done = 0;
      Status streamed = ForEachResponseAnswers(
          store_, campaign_id, [&](int64_t id, const scoring::AnswerView& answers) {
            rows.WriteRow(id, answers, writer);
            ++done;
            if (progress && (done % 4096 == 0 || done == total)) progress(done, total);
            return !writer.stopped();
          });
      if (!streamed.ok()) return streamed;
      if (done != total && !writer.stopped()) {
        // Responses never change once a campaign is closed; a mismatch means the database was
        // changed underneath.
        return Status::Corruption("the campaign's responses changed while being exported");
      }
      break;
    }
    case ExportKind::kScores:
      if (Status written = WriteScoresCsv(results_, *disclosed, writer, progress);
          !written.ok() && !writer.stopped()) {
        return written;
      }
      break;
    case ExportKind::kSummaries:
      if (Status written = WriteSummariesCsv(results_, *disclosed, writer, progress);
          !written.ok() && !writer.stopped()) {
        return written;
      }
      break;
    case ExportKind::kComments:
      WriteCommentsCsv(*disclosed, writer, progress);
      break;
    case ExportKind::kCodebook: {
      const ResponseColumns columns = PlanResponseColumns(*disclosed);
      WriteCodebookCsv(*disclosed, columns, writer);
      if (progress) progress(1, 1);
      break;
    }
  }
  return writer.Finish();
}

std::string CampaignExporter::FileName(const Campaign& campaign, ExportKind kind) {
  return "tessera-campaign-" + std::to_string(campaign.id) + "-" +
         std::string(ExportKindName(kind)) + ".csv";
}

}  // namespace tessera::engine
