// The codebook export: one row per column of the responses export and per item of the pinned
// instrument (item_id first), with its type, text, section, dimension, scale, reverse keying,
// value codes and labels, source citation, instrument, version and content hash, and whether
// and how it appears in the responses export (grouping values merged into "withheld", columns
// left out for anonymity, and submitted_on, which is never exported).
#ifndef TESSERA_ENGINE_EXPORT_CODEBOOK_EXPORT_H_
#define TESSERA_ENGINE_EXPORT_CODEBOOK_EXPORT_H_

#include "engine/campaign_results.h"
#include "engine/export/csv_writer.h"
#include "engine/export/response_columns.h"

namespace tessera::engine {

void WriteCodebookCsv(const DisclosedCampaign& disclosed, const ResponseColumns& columns,
                      CsvWriter& writer);

// "1=Strongly disagree; 2=Disagree; dk=Don't know" for an item (teams from the campaign).
std::string ValuesText(const instruments::Instrument& instrument, const instruments::Item& item,
                       const std::vector<Team>& teams);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_CODEBOOK_EXPORT_H_
