// The responses export's row writer: one row per stored response with the metadata columns
// (response_id, campaign, instrument), the grouping columns the anonymity rules keep
// (response_columns.h), then one column per item in page order except free text (never on a
// row with answers: the comments export holds it), each cell as
// `tessera import responses` reads it (codes by default, labels as an option). Built once per
// export with a lookup table per column (code or value -> encoded cell), so writing a row is a
// walk over the response's answers, read from their stored text without a JSON tree, and
// appends into the writer's buffer: no allocation per cell.
#ifndef TESSERA_ENGINE_EXPORT_RESPONSES_EXPORT_H_
#define TESSERA_ENGINE_EXPORT_RESPONSES_EXPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/campaign_results.h"
#include "engine/export/csv_writer.h"
#include "engine/export/export_kind.h"
#include "engine/export/response_columns.h"
#include "scoring/answer_view.h"
#include "scoring/item_index.h"

namespace tessera::engine {

class ResponsesExport {
 public:
  ResponsesExport(const DisclosedCampaign& disclosed, const ResponseColumns& columns,
                  const ExportOptions& options);

  // The column names, in order.
  const std::vector<std::string>& header() const { return header_; }
  void WriteHeader(CsvWriter& writer) const;
  // One response's row; `answers` read from its stored text (scoring::AnswerView).
  void WriteRow(int64_t response_id, const scoring::AnswerView& answers, CsvWriter& writer);

 private:
  enum class Kind { kValue, kMultiple, kNumber, kGrouping };
  struct Column {
    Kind kind = Kind::kValue;
    int min = 0;                                             // of `numbers`
    std::vector<std::string> numbers;                        // encoded cell per value - min
    std::vector<std::pair<std::string, std::string>> codes;  // answer code -> encoded cell
    std::vector<std::pair<std::string, std::string>> plain;  // answer code -> unencoded text
    std::string fallback;  // grouping: the encoded cell for anything not in `codes`
  };
  void WriteCell(const Column& column, const scoring::AnswerValue* answer,
                 const scoring::AnswerView& answers, CsvWriter& writer);

  std::vector<std::string> header_;
  std::vector<Column> columns_;       // the item columns after the metadata columns
  scoring::ItemIndex columns_by_id_;  // item id -> index into columns_
  std::string campaign_cell_;
  std::string instrument_cell_;
  std::vector<const scoring::AnswerValue*> slots_;  // per column, this row's answer
  std::string scratch_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_RESPONSES_EXPORT_H_
