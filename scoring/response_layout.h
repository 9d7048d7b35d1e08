// The compact response matrix: how one respondent's answers to an instrument are stored as one
// row of uint8_t cells (one per scored item, then one per grouping question), so that a
// campaign's responses take a few tens of bytes each and can be scanned without parsing JSON.
//
// Cell encoding (every column):
//   0                 unanswered (kCellMissing), or an answer that is not on the scale
//   1 + (v - min)     scale value v of a scored item (min: the scale's lowest value)
//   1 + i             category i of a grouping question (its scale's values in order, or the
//                     campaign's teams for a scale with values_from "organisation.teams")
//   200 + i           the scale's code i ("dk", "na", "pnts", ...), in the scale's order
#ifndef TESSERA_SCORING_RESPONSE_LAYOUT_H_
#define TESSERA_SCORING_RESPONSE_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"
#include "scoring/answer_view.h"
#include "scoring/item_index.h"

namespace tessera::scoring {

inline constexpr uint8_t kCellMissing = 0;     // unanswered
inline constexpr uint8_t kCellCodeBase = 200;  // 200 + index into the scale's codes ("dk"...)
// The most values (or categories) and codes one column can hold.
inline constexpr size_t kMaxCellValues = kCellCodeBase - 1;
inline constexpr size_t kMaxCellCodes = 256 - kCellCodeBase;
// Scored scales' values lie within -kMaxScoredMagnitude..kMaxScoredMagnitude, so that score sums
// and sums of squares stay exact in 64-bit integers for any realistic campaign.
inline constexpr int kMaxScoredMagnitude = 1000;

// A scored item: an ordinal scale item with a dimension.
struct ScoredColumn {
  std::string item_id;
  size_t dimension = 0;  // index into ResponseLayout::dimensions()
  int min = 0;           // the scale's lowest and highest values
  int max = 0;
  bool reverse = false;
  size_t codes = 0;  // number of the scale's codes

  // Cells 1..values() hold scale values (some unused when the values are not consecutive).
  size_t values() const { return static_cast<size_t>(max - min + 1); }
};

// A grouping question (team, role, tenure, ...).
struct GroupingColumn {
  std::string item_id;
  instruments::Grouping grouping = instruments::Grouping::kNone;
  std::vector<std::string> categories;  // value codes, in scale order (numbers as text on an
                                        // ordinal scale; team slugs for organisation.teams)
  size_t codes = 0;                     // number of the scale's codes ("pnts", ...)
};

// One dimension of the instrument and the scored columns feeding it.
struct DimensionColumns {
  std::string id;
  std::vector<size_t> columns;  // into scored(), in page order
  double min_share = 1.0;       // the instrument's min_answered_share
  // The fewest answered items that give a score: at least 1, and the same decision as
  // ScoreRespondent's share rule for every count. columns.size() + 1 when no count does.
  size_t min_answered = 1;
};

class ResponseLayout {
 public:
  // team_slugs: the campaign organisation's teams, for a grouping scale with values_from
  // "organisation.teams" (its values are supplied by the campaign, not the instrument).
  // InvalidArgument when a column does not fit in a cell (more than kMaxCellValues values or
  // categories, more than kMaxCellCodes codes), a scored item has no ordinal scale or values
  // beyond kMaxScoredMagnitude, a team slug repeats, or a scale takes its values from an
  // unknown source.
  static Result<ResponseLayout> Build(const instruments::Instrument& instrument,
                                      const std::vector<std::string>& team_slugs);

  const std::vector<ScoredColumn>& scored() const { return scored_; }
  const std::vector<GroupingColumn>& groupings() const { return groupings_; }
  const std::vector<DimensionColumns>& dimensions() const { return dimensions_; }
  // cells per respondent: scored columns, then grouping columns
  size_t width() const { return scored_.size() + groupings_.size(); }
  // The cell index of grouping column g in a row.
  size_t grouping_cell(size_t g) const { return scored_.size() + g; }
  // The grouping column `by` names: a grouping question's item id, or its kind ("team") when
  // exactly one question has that kind. kInvalidArgument (pointer "/by") naming the choices
  // otherwise; `instrument` (id@version) is named in the message.
  Result<size_t> FindGrouping(const std::string& by, const std::string& instrument) const;

  // Encodes one respondent's validated answers {"ITEM": value} into width() cells; answers not
  // in the layout are ignored; a value not on the scale is stored as missing.
  void Encode(const AnswerView& answers, uint8_t* row) const;
  void Encode(const nlohmann::json& answers, uint8_t* row) const;

 private:
  // What Encode needs to classify an answer, per cell of a row.
  struct CellLookup {
    bool ordinal = false;               // answers are numbers (else strings)
    std::vector<int64_t> numbers;       // ordinal: the scale's values, ascending
    std::vector<uint8_t> number_cells;  // ordinal: the cell of each of them
    int64_t table_min = 0;              // ordinal, small span: cell of value v at v - table_min
    std::vector<uint8_t> table;
    std::vector<std::string> categories;  // nominal: cell = 1 + index
    std::vector<std::string> codes;       // cell = kCellCodeBase + index
  };
  static constexpr size_t kMaxDirectSpan = 1024;
  static uint8_t EncodeOne(const CellLookup& lookup, const AnswerValue& answer);

  std::vector<ScoredColumn> scored_;
  std::vector<GroupingColumn> groupings_;
  std::vector<DimensionColumns> dimensions_;
  std::vector<std::string> item_ids_;  // per cell
  std::vector<CellLookup> lookups_;    // per cell
  ItemIndex cells_;                    // item id -> cell
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_RESPONSE_LAYOUT_H_
