#include "engine/export/responses_export.h"

#include <algorithm>
#include <functional>

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;

std::string Encode(std::string_view text) {
  std::string field;
  CsvWriter::AppendField(field, text);
  return field;
}

}  // namespace

ResponsesExport::ResponsesExport(const DisclosedCampaign& disclosed, const ResponseColumns& columns,
                                 const ExportOptions& options) {
  const CampaignSnapshot& snapshot = *disclosed.snapshot;
  const ins::Instrument& instrument = *snapshot.instrument;
  header_ = {"response_id", "campaign", "instrument"};
  campaign_cell_ = std::to_string(snapshot.campaign.id);
  instrument_cell_ = Encode(snapshot.campaign.instrument.ToString());
  const bool labels = options.labels;

  // Fills a column's tables from the item's scale: each answer -> its code or label.
  auto fill = [&](const ins::Item& item, Column& column,
                  const std::function<bool(const std::string&)>& shown) {
    const ins::ResponseScale* scale = instrument.FindScale(item.scale);
    if (scale == nullptr) return;
    auto add_code = [&](const std::string& code, const std::string& label) {
      const bool visible = shown(code);
      const std::string& text = labels ? label : code;
      column.codes.emplace_back(code, visible ? Encode(text) : column.fallback);
      column.plain.emplace_back(code, text);
    };
    if (!scale->values_from.empty()) {
      for (const Team& team : snapshot.teams) add_code(team.slug, team.name);
    }
    if (scale->ordered() && !scale->values.empty()) {
      column.min = scale->min();
      column.numbers.assign(static_cast<size_t>(scale->max() - scale->min() + 1), column.fallback);
      for (const auto& value : scale->values) {
        const std::string code = std::to_string(value.number);
        if (!shown(code)) continue;
        column.numbers[static_cast<size_t>(value.number - column.min)] =
            labels ? Encode(value.label) : code;
      }
    } else {
      for (const auto& value : scale->values) add_code(value.code, value.label);
    }
    if (column.kind != Kind::kGrouping) {
      for (const auto& code : scale->codes) add_code(code.code, code.label);
    }
  };
  auto always = [](const std::string&) { return true; };

  for (const GroupingColumnExport& grouping : columns.groupings) {
    if (!grouping.included) continue;
    const ins::Item* item = instrument.FindItem(grouping.item_id);
    if (item == nullptr) continue;
    const auto& categories = snapshot.layout->groupings()[grouping.column].categories;
    Column column;
    column.kind = Kind::kGrouping;
    column.fallback = Encode(kWithheldValue);
    fill(*item, column, [&](const std::string& code) {
      for (size_t c = 0; c < categories.size(); ++c) {
        if (categories[c] == code) return c < grouping.shown.size() && grouping.shown[c];
      }
      return false;
    });
    header_.push_back(item->id);
    columns_.push_back(std::move(column));
  }
  for (const ins::Item* item : instrument.Items()) {
    if (columns.FindGrouping(item->id) != nullptr) continue;
    Column column;
    switch (item->type) {
      case ins::ItemType::kScale:
      case ins::ItemType::kSingleChoice:
        column.kind = Kind::kValue;
        break;
      case ins::ItemType::kMultipleChoice:
        column.kind = Kind::kMultiple;
        break;
      case ins::ItemType::kText:
        continue;  // free text never shares a row with answers (the comments export has it)
      case ins::ItemType::kNumber:
        column.kind = Kind::kNumber;
        break;
    }
    if (column.kind == Kind::kValue || column.kind == Kind::kMultiple) fill(*item, column, always);
    header_.push_back(item->id);
    columns_.push_back(std::move(column));
  }
  columns_by_id_ = scoring::ItemIndex(std::vector<std::string>(header_.begin() + 3, header_.end()));
  slots_.assign(columns_.size(), nullptr);
  scratch_.reserve(256);
}

void ResponsesExport::WriteHeader(CsvWriter& writer) const {
  for (const std::string& name : header_) writer.Text(name);
  writer.EndRow();
}

void ResponsesExport::WriteRow(int64_t response_id, const scoring::AnswerView& answers,
                               CsvWriter& writer) {
  std::fill(slots_.begin(), slots_.end(), nullptr);
  for (const scoring::AnswerView::Entry& entry : answers.entries()) {
    const size_t column = columns_by_id_.Find(entry.item_id, entry.hash);
    if (column != scoring::ItemIndex::kNotFound) slots_[column] = &entry.value;
  }
  writer.Integer(response_id);
  writer.Encoded(campaign_cell_);
  writer.Encoded(instrument_cell_);
  for (size_t c = 0; c < columns_.size(); ++c) {
    WriteCell(columns_[c], slots_[c], answers, writer);
  }
  writer.EndRow();
}

void ResponsesExport::WriteCell(const Column& column, const scoring::AnswerValue* answer,
                                const scoring::AnswerView& answers, CsvWriter& writer) {
  using Kind_ = scoring::AnswerValue::Kind;
  const bool grouping = column.kind == Kind::kGrouping;
  if (answer == nullptr || answer->kind == Kind_::kNull) {
    if (grouping) {
      writer.Encoded(column.fallback);
    } else {
      writer.Empty();
    }
    return;
  }
  switch (column.kind) {
    case Kind::kGrouping:
    case Kind::kValue:
      if (answer->is_integer()) {
        // Unsigned: an answer far below the minimum wraps past the table, never overflows.
        const uint64_t index =
            static_cast<uint64_t>(answer->integer) - static_cast<uint64_t>(column.min);
        if (index < column.numbers.size() && !column.numbers[index].empty()) {
          writer.Encoded(column.numbers[index]);
        } else if (grouping) {
          writer.Encoded(column.fallback);
        } else {
          writer.Integer(answer->integer);
        }
        return;
      }
      if (answer->is_string()) {
        for (const auto& [code, cell] : column.codes) {
          if (code == answer->text) {
            writer.Encoded(cell);
            return;
          }
        }
        if (grouping) {
          writer.Encoded(column.fallback);
        } else {
          writer.Text(answer->text);
        }
        return;
      }
      break;
    case Kind::kMultiple:
      if (answer->kind == Kind_::kArray) {
        scratch_.clear();
        for (const scoring::AnswerValue& element : answers.Elements(*answer)) {
          if (!element.is_string()) continue;
          std::string_view text = element.text;
          for (const auto& [known, plain] : column.plain) {
            if (known == element.text) {
              text = plain;
              break;
            }
          }
          if (!scratch_.empty()) scratch_.append(";");
          scratch_.append(text);
        }
        writer.Text(scratch_);
        return;
      }
      if (answer->is_string()) {
        writer.Text(answer->text);
        return;
      }
      break;
    case Kind::kNumber:
      if (answer->is_integer()) {
        writer.Integer(answer->integer);
        return;
      }
      if (answer->kind == Kind_::kNumber) {
        writer.Number(answer->number);
        return;
      }
      break;
  }
  if (grouping) {
    writer.Encoded(column.fallback);
  } else {
    writer.Empty();
  }
}

}  // namespace tessera::engine
