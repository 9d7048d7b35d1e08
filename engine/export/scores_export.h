// The scores export: one row per dimension (domain or scale) and group, from the score reports
// (report_groups.h). Withheld rows carry no figures, only suppressed = true and the reason.
#ifndef TESSERA_ENGINE_EXPORT_SCORES_EXPORT_H_
#define TESSERA_ENGINE_EXPORT_SCORES_EXPORT_H_

#include "engine/campaign_results.h"
#include "engine/export/csv_writer.h"

namespace tessera::engine {

// Header then rows. Progress counts groups: rows_total is the number of groups.
Status WriteScoresCsv(CampaignResults& results, const DisclosedCampaign& disclosed,
                      CsvWriter& writer, const ExportProgress& progress);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_SCORES_EXPORT_H_
