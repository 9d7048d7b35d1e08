#include "engine/export/comments_export.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;

constexpr const char* kColumns[] = {"campaign", "instrument", "question",    "question_text",
                                    "grouping", "group",      "group_label", "comment"};

std::string CategoryLabel(const CampaignSnapshot& snapshot, const scoring::GroupingColumn& column,
                          size_t category) {
  const std::string& value = column.categories[category];
  for (const Team& team : snapshot.teams) {
    if (column.grouping == ins::Grouping::kTeam && team.slug == value) return team.name;
  }
  if (const ins::Item* item = snapshot.instrument->FindItem(column.item_id); item != nullptr) {
    if (const ins::ResponseScale* scale = snapshot.instrument->FindScale(item->scale)) {
      for (const ins::ScaleValue& option : scale->values) {
        const std::string code = scale->ordered() ? std::to_string(option.number) : option.code;
        if (code == value) return option.label;
      }
    }
  }
  return value;
}

}  // namespace

void WriteCommentsCsv(const DisclosedCampaign& disclosed, CsvWriter& writer,
                      const ExportProgress& progress) {
  const CampaignSnapshot& snapshot = *disclosed.snapshot;
  const CampaignPlan& plan = *disclosed.plan;
  const auto& groupings = snapshot.layout->groupings();
  for (const char* column : kColumns) writer.Text(column);
  writer.EndRow();
  const std::string instrument = snapshot.campaign.instrument.ToString();
  std::vector<const ins::Item*> questions;
  for (const ins::Item* item : snapshot.instrument->Items()) {
    if (item->type == ins::ItemType::kText) questions.push_back(item);
  }
  int64_t lists_total = 0;
  for (const auto& column : groupings) {
    lists_total += static_cast<int64_t>(column.categories.size());
  }
  lists_total = (lists_total + 1) * static_cast<int64_t>(questions.size());
  int64_t lists_done = 0;
  auto write = [&](const ins::Item& item, const std::string& grouping, const std::string& group,
                   const std::string& label, const std::optional<std::vector<std::string>>& list) {
    ++lists_done;
    if (progress) progress(lists_done, lists_total);
    if (!list) return;
    for (const std::string& text : *list) {
      writer.Integer(snapshot.campaign.id);
      writer.Text(instrument);
      writer.Text(item.id);
      writer.Text(item.text);
      writer.Text(grouping);
      writer.Text(group);
      writer.Text(label);
      writer.Text(text);
      writer.EndRow();
      if (writer.stopped()) return;
    }
  };
  for (const ins::Item* item : questions) {
    write(*item, "", "all", "Whole campaign", ShownComments(snapshot, plan, item->id));
    for (size_t g = 0; g < groupings.size(); ++g) {
      for (size_t c = 0; c < groupings[g].categories.size(); ++c) {
        write(*item, groupings[g].item_id, groupings[g].categories[c],
              CategoryLabel(snapshot, groupings[g], c),
              ShownComments(snapshot, plan, item->id, std::pair{g, c}));
      }
    }
  }
}

}  // namespace tessera::engine
