// The CSV exports of a released campaign (responses, scores, summaries, codebook), streamed to
// a sink in chunks of about 64 KiB with flat memory whatever the number of responses. Nothing is
// exported unless the campaign's results are released (closed, at least k responses), and the
// responses export applies the column rules of response_columns.h. docs/exports.md describes
// every export's columns.
#ifndef TESSERA_ENGINE_EXPORT_CAMPAIGN_EXPORTER_H_
#define TESSERA_ENGINE_EXPORT_CAMPAIGN_EXPORTER_H_

#include <string>

#include "engine/campaign_results.h"
#include "engine/export/export_kind.h"
#include "engine/store.h"

namespace tessera::engine {

// Thread-safe as the store and CampaignResults are. The sink of the responses export is called
// while the store streams responses (Store::ForEachResponse), which for SQLite holds that
// connection's lock: a server should give exports a connection of their own.
class CampaignExporter {
 public:
  CampaignExporter(Store& store, CampaignResults& results);

  // Cheap pre-check before any byte is sent: kNotFound for an unknown campaign;
  // kFailedPrecondition when its results are not released, with CampaignResults' reason.
  Status Check(int64_t campaign_id, ExportKind kind);
  // Writes the whole CSV to `sink`. Returns the first failure; an early stop because the sink
  // returned false is kIoError("stopped").
  Status Write(int64_t campaign_id, ExportKind kind, const ExportOptions& options,
               const ChunkSink& sink, const ExportProgress& progress = {});
  // "tessera-campaign-3-responses.csv".
  static std::string FileName(const Campaign& campaign, ExportKind kind);

 private:
  Store& store_;
  CampaignResults& results_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_CAMPAIGN_EXPORTER_H_
