#include "engine/export/codebook_export.h"

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;

constexpr const char* kColumns[] = {"item_id",          "type",       "text",    "section",
                                    "dimension",        "scale",      "reverse", "values",
                                    "source",           "instrument", "version", "content_hash",
                                    "responses_export", "note"};

bool Offered(const ins::Item& item, const std::string& code) {
  if (!item.codes) return true;
  for (const auto& offered : *item.codes) {
    if (offered == code) return true;
  }
  return false;
}

}  // namespace

std::string ValuesText(const ins::Instrument& instrument, const ins::Item& item,
                       const std::vector<Team>& teams) {
  const ins::ResponseScale* scale = instrument.FindScale(item.scale);
  if (scale == nullptr) return "";
  std::string text;
  auto add = [&text](const std::string& code, const std::string& label) {
    text += (text.empty() ? "" : "; ") + code + "=" + label;
  };
  if (!scale->values_from.empty()) {
    for (const Team& team : teams) add(team.slug, team.name);
  }
  for (const auto& value : scale->values) {
    add(scale->ordered() ? std::to_string(value.number) : value.code, value.label);
  }
  for (const auto& code : scale->codes) {
    if (Offered(item, code.code)) add(code.code, code.label);
  }
  return text;
}

void WriteCodebookCsv(const DisclosedCampaign& disclosed, const ResponseColumns& columns,
                      CsvWriter& writer) {
  const CampaignSnapshot& snapshot = *disclosed.snapshot;
  const ins::Instrument& instrument = *snapshot.instrument;
  const std::string version = instrument.version.ToString();
  const std::string& hash = snapshot.campaign.instrument_hash;
  const int64_t k = snapshot.campaign.anonymity_threshold;
  for (const char* column : kColumns) writer.Text(column);
  writer.EndRow();

  auto metadata = [&](const char* id, const char* text, const char* in_export, std::string note) {
    writer.Text(id);
    writer.Text("metadata");
    writer.Text(text);
    for (int i = 0; i < 3; ++i) writer.Empty();
    writer.Empty();  // reverse
    writer.Empty();  // values
    writer.Empty();  // source
    writer.Text(instrument.id);
    writer.Text(version);
    writer.Text(hash);
    writer.Text(in_export);
    writer.Text(note);
    writer.EndRow();
  };
  metadata("response_id", "The response's random id (not in order of submission)", "included", "");
  metadata("campaign", "The campaign's number", "included", "");
  metadata("instrument", "The instrument version answered (id@version)", "included", "");
  metadata("submitted_on", "The day the response was submitted", "omitted",
           "never exported: a day of submission next to group answers helps re-identify people");

  for (const ins::Section& section : instrument.sections) {
    for (const ins::Item& item : section.items) {
      writer.Text(item.id);
      writer.Text(ins::ToString(item.type));
      writer.Text(item.text);
      writer.Text(section.id);
      writer.Text(item.dimension);
      writer.Text(item.scale);
      writer.Bool(item.reverse);
      writer.Text(ValuesText(instrument, item, snapshot.teams));
      writer.Text(item.source);
      writer.Text(instrument.id);
      writer.Text(version);
      writer.Text(hash);
      std::string in_export = "included";
      std::string note;
      if (const GroupingColumnExport* grouping = columns.FindGrouping(item.id)) {
        in_export = grouping->included ? "merged" : "omitted";
        note = grouping->note + " (k = " + std::to_string(k) + ")";
      } else if (columns.IsText(item.id)) {
        in_export = "omitted";
        note =
            "free text never shares a row with answers or groups: see the comments export "
            "(question, group where shown, text), which shows the lists the dashboard shows "
            "(k = " +
            std::to_string(k) + ")";
      } else if (item.type == ins::ItemType::kMultipleChoice) {
        note = "codes separated by \";\"";
      }
      writer.Text(in_export);
      writer.Text(note);
      writer.EndRow();
    }
  }
}

}  // namespace tessera::engine
