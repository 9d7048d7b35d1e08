#include "server/instrument_text.h"

#include <iomanip>
#include <sstream>

namespace tessera::server {
namespace ins = tessera::instruments;

InstrumentCounts CountInstrument(const ins::Instrument& instrument) {
  InstrumentCounts counts;
  counts.sections = instrument.sections.size();
  for (const ins::Item* item : instrument.Items()) {
    ++counts.items;
    counts.scored_items += item->scored() ? 1 : 0;
    counts.reverse_keyed += item->reverse ? 1 : 0;
    counts.grouping_questions += item->grouping != ins::Grouping::kNone ? 1 : 0;
    counts.free_text += item->type == ins::ItemType::kText ? 1 : 0;
  }
  for (const auto& dimension : instrument.dimensions) {
    (dimension.kind == ins::DimensionKind::kDomain ? counts.domains : counts.scales) += 1;
  }
  return counts;
}

namespace {

std::string Number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void WriteScale(const ins::ResponseScale& scale, std::ostream& out) {
  out << "  " << scale.id << " (" << ins::ToString(scale.kind) << "): ";
  if (!scale.values_from.empty()) out << "values from " << scale.values_from;
  for (size_t i = 0; i < scale.values.size(); ++i) {
    const auto& value = scale.values[i];
    out << (i ? ", " : "") << (scale.ordered() ? std::to_string(value.number) : value.code) << " "
        << value.label;
  }
  for (const auto& code : scale.codes) {
    out << "; " << code.code << " " << code.label << " (not scored)";
  }
  out << "\n";
}

}  // namespace

void WriteInstrumentText(const ins::LoadedInstrument& loaded, bool published, std::ostream& out) {
  const ins::Instrument& in = loaded.instrument;
  const InstrumentCounts counts = CountInstrument(in);
  out << in.title << "\n"
      << in.ref().ToString() << "  " << (published ? "published" : "draft (not in catalogue.lock)")
      << "\n"
      << loaded.hash << "\n\n"
      << in.purpose << "\n\n";
  out << "Audience: ";
  for (size_t i = 0; i < in.audience.size(); ++i) out << (i ? ", " : "") << in.audience[i];
  out << "\nLanguage: " << in.language << "\n";
  if (!in.changes.empty()) out << "Changes: " << in.changes << "\n";
  out << "Sources:\n";
  for (const auto& source : in.sources) {
    out << "  " << source.seed << " " << source.title << " (" << source.file << ")\n";
  }
  out << "\n"
      << counts.items << " items (" << counts.scored_items << " scored, " << counts.reverse_keyed
      << " reverse-keyed, " << counts.grouping_questions << " grouping questions, "
      << counts.free_text << " free text) on " << counts.sections << " pages\n\nResponse scales:\n";
  for (const auto& scale : in.scales) WriteScale(scale, out);
  out << "\nDimensions:\n";
  for (const auto& dimension : in.dimensions) {
    out << "  " << std::left << std::setw(24) << dimension.id << " "
        << ins::ToString(dimension.kind) << ", " << in.ItemsOf(dimension.id).size() << " items  "
        << dimension.title << "\n";
  }
  for (size_t s = 0; s < in.sections.size(); ++s) {
    const auto& section = in.sections[s];
    out << "\nPage " << s + 1 << ": " << section.title << "\n";
    for (const auto& item : section.items) {
      out << "  " << std::left << std::setw(12) << item.id << " " << std::setw(15)
          << ins::ToString(item.type);
      std::string tags;
      if (item.reverse) tags += " reverse";
      if (!item.dimension.empty()) tags += " -> " + item.dimension;
      if (item.grouping != ins::Grouping::kNone) {
        tags += " grouping:" + std::string(ins::ToString(item.grouping));
      }
      if (!item.required) tags += " optional";
      out << item.text << "\n" << std::string(30, ' ') << "[" << item.source << tags << "]\n";
    }
  }
  out << "\nScoring: " << in.scoring.method << ", at least "
      << Number(in.scoring.min_answered_share * 100) << "% of a dimension's items answered, range "
      << Number(in.scoring.range_min) << "-" << Number(in.scoring.range_max) << "\n";
  for (const auto& band : in.scoring.bands) {
    out << "  " << Number(band.from) << "-" << Number(band.to) << "  " << band.name << ": "
        << band.description << "\n";
  }
}

void WriteDiffText(const ins::InstrumentDiff& diff, std::ostream& out) {
  out << diff.from.ToString() << " -> " << diff.to.ToString() << ": "
      << diff.Count(ins::ItemChange::kUnchanged) << " continued, "
      << diff.Count(ins::ItemChange::kReworded) << " reworded, "
      << diff.Count(ins::ItemChange::kAdded) << " added, " << diff.Count(ins::ItemChange::kRetired)
      << " retired\n";
  for (const auto& item : diff.items) {
    switch (item.change) {
      case ins::ItemChange::kUnchanged:
        if (item.old_id != item.new_id || !item.notes.empty()) {
          out << "  continued " << item.old_id << " -> " << item.new_id << "\n";
        }
        break;
      case ins::ItemChange::kReworded:
        out << "  reworded  " << item.old_id
            << (item.old_id != item.new_id ? " -> " + item.new_id : std::string()) << "\n"
            << "            - " << item.old_text << "\n"
            << "            + " << item.new_text << "\n";
        break;
      case ins::ItemChange::kAdded:
        out << "  added     " << item.new_id << ": " << item.new_text << "\n";
        break;
      case ins::ItemChange::kRetired:
        out << "  retired   " << item.old_id << ": " << item.old_text << "\n";
        break;
    }
    for (const auto& note : item.notes) out << "            note: " << note << "\n";
  }
}

nlohmann::json InstrumentSummaryJson(const ins::LoadedInstrument& loaded, bool published) {
  const ins::Instrument& in = loaded.instrument;
  const InstrumentCounts counts = CountInstrument(in);
  return {{"id", in.id},
          {"version", in.version.ToString()},
          {"ref", in.ref().ToString()},
          {"title", in.title},
          {"audience", in.audience},
          {"language", in.language},
          {"hash", loaded.hash},
          {"published", published},
          {"counts",
           {{"sections", counts.sections},
            {"items", counts.items},
            {"scored_items", counts.scored_items},
            {"reverse_keyed", counts.reverse_keyed},
            {"grouping_questions", counts.grouping_questions},
            {"free_text", counts.free_text},
            {"domains", counts.domains},
            {"scales", counts.scales}}}};
}

nlohmann::json DiffJson(const ins::InstrumentDiff& diff) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : diff.items) {
    nlohmann::json entry = {{"change", ins::ToString(item.change)}};
    if (!item.old_id.empty()) entry["from"] = {{"id", item.old_id}, {"text", item.old_text}};
    if (!item.new_id.empty()) entry["to"] = {{"id", item.new_id}, {"text", item.new_text}};
    if (!item.notes.empty()) entry["notes"] = item.notes;
    items.push_back(std::move(entry));
  }
  return {{"from", diff.from.ToString()},
          {"to", diff.to.ToString()},
          {"counts",
           {{"continued", diff.Count(ins::ItemChange::kUnchanged)},
            {"reworded", diff.Count(ins::ItemChange::kReworded)},
            {"added", diff.Count(ins::ItemChange::kAdded)},
            {"retired", diff.Count(ins::ItemChange::kRetired)}}},
          {"items", std::move(items)}};
}

}  // namespace tessera::server
