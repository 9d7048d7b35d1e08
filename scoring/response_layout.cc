#include "scoring/response_layout.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

namespace tessera::scoring {

namespace ins = tessera::instruments;

namespace {

constexpr std::string_view kTeamsSource = "organisation.teams";

std::string Quote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  quoted += text;
  quoted += '"';
  return quoted;
}

// The scale's code strings, checked to fit in the cells 200..255.
Result<std::vector<std::string>> CodesOf(const ins::Item& item, const ins::ResponseScale& scale) {
  if (scale.codes.size() > kMaxCellCodes) {
    return Status::InvalidArgument("item " + Quote(item.id) + ": scale " + Quote(scale.id) +
                                   " has " + std::to_string(scale.codes.size()) +
                                   " codes; a compact cell holds at most " +
                                   std::to_string(kMaxCellCodes));
  }
  std::vector<std::string> codes;
  codes.reserve(scale.codes.size());
  for (const auto& code : scale.codes) codes.push_back(code.code);
  return codes;
}

// The smallest answered count that ScoreRespondent scores, with its exact comparison.
size_t MinAnswered(double min_share, size_t items) {
  const double needed = min_share * static_cast<double>(items);
  for (size_t answered = 1; answered <= items; ++answered) {
    if (static_cast<double>(answered) + 1e-9 >= needed) return answered;
  }
  return items + 1;
}

}  // namespace

Result<ResponseLayout> ResponseLayout::Build(const ins::Instrument& instrument,
                                             const std::vector<std::string>& team_slugs) {
  ResponseLayout layout;
  {
    std::set<std::string> seen;
    for (const auto& slug : team_slugs) {
      if (!seen.insert(slug).second) {
        return Status::InvalidArgument("team " + Quote(slug) + " is listed twice");
      }
    }
  }
  for (const auto& dimension : instrument.dimensions) {
    DimensionColumns columns;
    columns.id = dimension.id;
    columns.min_share = instrument.scoring.min_answered_share;
    layout.dimensions_.push_back(std::move(columns));
  }
  auto dimension_index = [&layout](const std::string& id) -> size_t {
    for (size_t d = 0; d < layout.dimensions_.size(); ++d) {
      if (layout.dimensions_[d].id == id) return d;
    }
    return layout.dimensions_.size();
  };

  std::vector<CellLookup> scored_lookups;
  std::vector<CellLookup> grouping_lookups;
  for (const ins::Item* item : instrument.Items()) {
    const bool scored = item->scored();
    const bool grouping = item->grouping != ins::Grouping::kNone;
    if (!scored && !grouping) continue;
    const ins::ResponseScale* scale = instrument.FindScale(item->scale);
    if (scale == nullptr) {
      return Status::InvalidArgument("item " + Quote(item->id) + " refers to scale " +
                                     Quote(item->scale) + ", which is not defined");
    }
    auto codes = CodesOf(*item, *scale);
    if (!codes.ok()) return codes.status();
    for (size_t i = 1; scale->ordered() && i < scale->values.size(); ++i) {
      if (scale->values[i].number <= scale->values[i - 1].number) {
        return Status::InvalidArgument("scale " + Quote(scale->id) +
                                       ": ordinal values must be strictly ascending");
      }
    }
    CellLookup lookup;
    lookup.codes = std::move(*codes);
    lookup.ordinal = scale->ordered();

    if (scored) {
      const size_t d = dimension_index(item->dimension);
      if (d == layout.dimensions_.size()) {
        return Status::InvalidArgument("item " + Quote(item->id) + " refers to dimension " +
                                       Quote(item->dimension) + ", which is not defined");
      }
      if (!scale->ordered() || scale->values.empty()) {
        return Status::InvalidArgument("scored item " + Quote(item->id) +
                                       " needs an ordinal scale with values");
      }
      if (scale->min() < -kMaxScoredMagnitude || scale->max() > kMaxScoredMagnitude) {
        return Status::InvalidArgument("scored item " + Quote(item->id) + ": scale " +
                                       Quote(scale->id) + " has values beyond " +
                                       std::to_string(kMaxScoredMagnitude) + " in magnitude");
      }
      const int64_t span = static_cast<int64_t>(scale->max()) - scale->min() + 1;
      if (span < 1 || span > static_cast<int64_t>(kMaxCellValues)) {
        return Status::InvalidArgument("item " + Quote(item->id) + ": scale " + Quote(scale->id) +
                                       " spans " + std::to_string(span) +
                                       " values; a compact cell holds at most " +
                                       std::to_string(kMaxCellValues));
      }
      for (const auto& value : scale->values) {
        lookup.numbers.push_back(value.number);
        lookup.number_cells.push_back(static_cast<uint8_t>(1 + (value.number - scale->min())));
      }
      ScoredColumn column;
      column.item_id = item->id;
      column.dimension = d;
      column.min = scale->min();
      column.max = scale->max();
      column.reverse = item->reverse;
      column.codes = lookup.codes.size();
      layout.dimensions_[d].columns.push_back(layout.scored_.size());
      layout.scored_.push_back(std::move(column));
      scored_lookups.push_back(std::move(lookup));
      continue;
    }

    GroupingColumn column;
    column.item_id = item->id;
    column.grouping = item->grouping;
    column.codes = lookup.codes.size();
    if (!scale->values_from.empty()) {
      if (scale->values_from != kTeamsSource) {
        return Status::InvalidArgument("item " + Quote(item->id) + ": scale " + Quote(scale->id) +
                                       " takes its values from " + Quote(scale->values_from) +
                                       ", which is not known");
      }
      column.categories = team_slugs;
    } else {
      for (const auto& value : scale->values) {
        column.categories.push_back(scale->ordered() ? std::to_string(value.number) : value.code);
      }
    }
    if (column.categories.size() > kMaxCellValues) {
      return Status::InvalidArgument(
          "grouping item " + Quote(item->id) + " has " + std::to_string(column.categories.size()) +
          " categories; a compact cell holds at most " + std::to_string(kMaxCellValues));
    }
    if (lookup.ordinal) {
      for (size_t i = 0; i < scale->values.size(); ++i) {
        lookup.numbers.push_back(scale->values[i].number);
        lookup.number_cells.push_back(static_cast<uint8_t>(1 + i));
      }
    } else {
      lookup.categories = column.categories;
    }
    layout.groupings_.push_back(std::move(column));
    grouping_lookups.push_back(std::move(lookup));
  }

  for (auto& dimension : layout.dimensions_) {
    dimension.min_answered = MinAnswered(dimension.min_share, dimension.columns.size());
  }
  for (const auto& column : layout.scored_) layout.item_ids_.push_back(column.item_id);
  for (const auto& column : layout.groupings_) layout.item_ids_.push_back(column.item_id);
  layout.lookups_ = std::move(scored_lookups);
  for (auto& lookup : grouping_lookups) layout.lookups_.push_back(std::move(lookup));
  for (auto& lookup : layout.lookups_) {
    // A direct table from value to cell where the scale's values span a small range.
    if (lookup.numbers.empty() ||
        lookup.numbers.back() - lookup.numbers.front() >= static_cast<int64_t>(kMaxDirectSpan)) {
      continue;
    }
    lookup.table_min = lookup.numbers.front();
    lookup.table.assign(static_cast<size_t>(lookup.numbers.back() - lookup.table_min + 1),
                        kCellMissing);
    for (size_t i = 0; i < lookup.numbers.size(); ++i) {
      lookup.table[static_cast<size_t>(lookup.numbers[i] - lookup.table_min)] =
          lookup.number_cells[i];
    }
  }
  layout.cells_ = ItemIndex(layout.item_ids_);
  return layout;
}

uint8_t ResponseLayout::EncodeOne(const CellLookup& lookup, const AnswerValue& answer) {
  if (answer.is_string()) {
    if (!lookup.ordinal) {
      for (size_t i = 0; i < lookup.categories.size(); ++i) {
        if (SameText(lookup.categories[i], answer.text)) return static_cast<uint8_t>(1 + i);
      }
    }
    for (size_t i = 0; i < lookup.codes.size(); ++i) {
      if (SameText(lookup.codes[i], answer.text)) return static_cast<uint8_t>(kCellCodeBase + i);
    }
    return kCellMissing;
  }
  // As RecodedValue: only an integer JSON number is a value of an ordinal scale (3.0 is not).
  if (!lookup.ordinal || !answer.is_integer()) return kCellMissing;
  if (!lookup.table.empty()) {
    // In unsigned arithmetic: any int64 answer, however far below the minimum, wraps to an
    // index past the table instead of overflowing.
    const uint64_t index =
        static_cast<uint64_t>(answer.integer) - static_cast<uint64_t>(lookup.table_min);
    return index < lookup.table.size() ? lookup.table[index] : kCellMissing;
  }
  const auto it = std::lower_bound(lookup.numbers.begin(), lookup.numbers.end(), answer.integer);
  if (it == lookup.numbers.end() || *it != answer.integer) return kCellMissing;
  return lookup.number_cells[static_cast<size_t>(it - lookup.numbers.begin())];
}

void ResponseLayout::Encode(const AnswerView& answers, uint8_t* row) const {
  std::fill(row, row + width(), kCellMissing);
  for (const AnswerView::Entry& entry : answers.entries()) {
    const size_t cell = cells_.Find(entry.item_id, entry.hash);
    if (cell != ItemIndex::kNotFound) row[cell] = EncodeOne(lookups_[cell], entry.value);
  }
}

void ResponseLayout::Encode(const nlohmann::json& answers, uint8_t* row) const {
  AnswerView view;
  view.FromJson(answers);
  Encode(view, row);
}

Result<size_t> ResponseLayout::FindGrouping(const std::string& by,
                                            const std::string& instrument) const {
  for (size_t g = 0; g < groupings_.size(); ++g) {
    if (groupings_[g].item_id == by) return g;
  }
  std::vector<size_t> of_kind;
  std::string known;
  for (size_t g = 0; g < groupings_.size(); ++g) {
    if (instruments::ToString(groupings_[g].grouping) == by) of_kind.push_back(g);
    known += (known.empty() ? "" : ", ") + groupings_[g].item_id;
  }
  if (of_kind.size() == 1) return of_kind.front();
  if (known.empty()) known = "none";
  return Status::InvalidArgument("\"" + by + "\" is not a grouping question of " + instrument +
                                     " (grouping questions: " + known + ")",
                                 "/by");
}

}  // namespace tessera::scoring
