// The comments export: the free-text answers on their own, one row per comment of every list
// the dashboard shows — each free-text question's whole list, then the list of each grouping
// cell the campaign's plan releases (scoring/comment_plan.h) — in the lists' display order
// (keyed by the texts alone, never by submission). No response id, no day, no other answer:
// free text never shares a row with answers or groupings elsewhere.
#ifndef TESSERA_ENGINE_EXPORT_COMMENTS_EXPORT_H_
#define TESSERA_ENGINE_EXPORT_COMMENTS_EXPORT_H_

#include "engine/campaign_results.h"
#include "engine/export/csv_writer.h"
#include "engine/export/export_kind.h"

namespace tessera::engine {

// Columns: campaign, instrument, question, question_text, grouping, group, group_label,
// comment. The whole list's rows have grouping "" and group "all". Progress counts lists.
void WriteCommentsCsv(const DisclosedCampaign& disclosed, CsvWriter& writer,
                      const ExportProgress& progress);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_COMMENTS_EXPORT_H_
