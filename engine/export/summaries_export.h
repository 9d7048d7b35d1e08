// The summaries export: one row per scored item and group, from the score reports
// (report_groups.h): the distribution (a count per scale value and per code such as "dk"), the
// item's n, mean and SD, and for attitude scales the favourable / neutral / unfavourable counts
// and shares. Withheld rows carry no figures, only suppressed = true and the reason.
#ifndef TESSERA_ENGINE_EXPORT_SUMMARIES_EXPORT_H_
#define TESSERA_ENGINE_EXPORT_SUMMARIES_EXPORT_H_

#include "engine/campaign_results.h"
#include "engine/export/csv_writer.h"

namespace tessera::engine {

// Header then rows. Progress counts groups: rows_total is the number of groups.
Status WriteSummariesCsv(CampaignResults& results, const DisclosedCampaign& disclosed,
                         CsvWriter& writer, const ExportProgress& progress);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_SUMMARIES_EXPORT_H_
