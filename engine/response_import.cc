#include "engine/response_import.h"

#include <charconv>
#include <map>
#include <regex>

#include "engine/csv_reader.h"
#include "engine/survey_intake.h"
#include "survey/answer_validation.h"
#include "survey/utf8.h"

namespace tessera::engine {
namespace {

namespace ins = tessera::instruments;

constexpr size_t kMaxProblemsReported = 200;

bool IsMissing(const std::string& cell) { return cell.empty() || cell == "NA"; }

std::vector<std::string> SplitList(const std::string& cell) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = cell.find(';', start);
    std::string part = cell.substr(start, end == std::string::npos ? end : end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) parts.push_back(part);
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// Turns one cell into the JSON answer its item expects; anything unparseable stays a string
// so that validation reports it with the item's own message.
nlohmann::json CellToAnswer(const ins::Item& item, const std::string& cell) {
  switch (item.type) {
    case ins::ItemType::kScale: {
      int value = 0;
      auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
      if (error == std::errc() && end == cell.data() + cell.size()) return value;
      return cell;
    }
    case ins::ItemType::kNumber: {
      char* end = nullptr;
      const double value = std::strtod(cell.c_str(), &end);
      if (end != nullptr && *end == '\0' && end != cell.c_str()) return value;
      return cell;
    }
    case ins::ItemType::kMultipleChoice:
      return SplitList(cell);
    case ins::ItemType::kSingleChoice:
    case ins::ItemType::kText:
      return cell;
  }
  return cell;
}

std::string ControlCharacterMessage(char32_t control) {
  return "contains a control character (" + survey::CodePointName(control) +
         "), which cannot be stored";
}

}  // namespace

std::string ImportProblem::ToString() const {
  std::string out = row == 0 ? std::string("header") : "row " + std::to_string(row);
  if (!column.empty()) out += ", column " + column;
  return out + ": " + message;
}

Result<ParsedResponses> ReadResponsesCsv(const ins::Instrument& instrument,
                                         const std::vector<std::string>& team_slugs,
                                         std::istream& csv, const std::string& today,
                                         const Campaign* campaign) {
  ParsedResponses report;
  auto add_problem = [&report](size_t row, std::string column, std::string message) {
    if (report.problems.size() < kMaxProblemsReported) {
      report.problems.push_back({row, std::move(column), std::move(message)});
    }
  };

  CsvReader reader(csv);
  std::vector<std::string> header;
  if (!reader.Next(&header)) {
    if (!reader.status().ok()) return reader.status();
    add_problem(0, "", "the file is empty; the first row must name the columns");
    return report;
  }
  // Column index -> item (nullptr for metadata columns).
  std::vector<const ins::Item*> items(header.size(), nullptr);
  std::map<std::string, size_t> seen;
  int submitted_column = -1;
  int campaign_column = -1;
  int instrument_column = -1;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string& name = header[c];
    if (const auto control = survey::FindControlCharacter(name, survey::TextKind::kSingleLine)) {
      // Named by its position: the name itself would carry the character into the message.
      add_problem(0, std::to_string(c + 1), ControlCharacterMessage(*control));
      continue;
    }
    if (!seen.emplace(name, c).second) {
      add_problem(0, name, "the column appears twice");
      continue;
    }
    if (name == "response_id") continue;
    if (name == "submitted_on") {
      submitted_column = static_cast<int>(c);
    } else if (name == "campaign") {
      campaign_column = static_cast<int>(c);
    } else if (name == "instrument") {
      instrument_column = static_cast<int>(c);
    } else if (const ins::Item* item = instrument.FindItem(name)) {
      items[c] = item;
    } else {
      add_problem(0, name, "no item of " + instrument.ref().ToString() + " has this id");
    }
  }
  if (!report.problems.empty()) return report;

  static const std::regex kDay("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  const std::string campaign_id = campaign != nullptr ? std::to_string(campaign->id) : "";
  const std::string instrument_ref = instrument.ref().ToString();
  std::vector<ImportedResponse> responses;
  std::vector<std::string> fields;
  size_t row = 0;
  while (reader.Next(&fields)) {
    ++row;
    bool blank = true;
    for (const auto& field : fields) blank = blank && field.empty();
    if (blank) continue;
    if (fields.size() != header.size()) {
      add_problem(row, "",
                  "has " + std::to_string(fields.size()) + " cells but the header has " +
                      std::to_string(header.size()));
      continue;
    }
    nlohmann::json answers = nlohmann::json::object();
    for (size_t c = 0; c < fields.size(); ++c) {
      if (items[c] != nullptr && !IsMissing(fields[c])) {
        answers[items[c]->id] = CellToAnswer(*items[c], fields[c]);
      }
    }
    // Answers are checked by validation below (free text may hold tab and line breaks); the
    // metadata cells are one-line values, and messages below quote them.
    auto clean = [&](int column) {
      if (column < 0) return false;
      const std::string& cell = fields[static_cast<size_t>(column)];
      const auto control = survey::FindControlCharacter(cell, survey::TextKind::kSingleLine);
      if (!control) return true;
      add_problem(row, header[static_cast<size_t>(column)], ControlCharacterMessage(*control));
      return false;
    };
    const bool campaign_clean = clean(campaign_column);
    const bool instrument_clean = clean(instrument_column);
    const bool submitted_clean = clean(submitted_column);
    if (campaign != nullptr && campaign_clean &&
        fields[static_cast<size_t>(campaign_column)] != campaign_id) {
      add_problem(row, "campaign",
                  "belongs to campaign " + fields[static_cast<size_t>(campaign_column)] + ", not " +
                      campaign_id);
    }
    if (instrument_clean && fields[static_cast<size_t>(instrument_column)] != instrument_ref) {
      add_problem(row, "instrument",
                  "was answered on " + fields[static_cast<size_t>(instrument_column)] + ", not " +
                      instrument_ref);
    }
    std::string day = today;
    if (submitted_column >= 0) {
      day = fields[static_cast<size_t>(submitted_column)];
      if (submitted_clean && !std::regex_match(day, kDay)) {
        add_problem(row, "submitted_on", "must be a date written YYYY-MM-DD");
      }
    }
    // Paper forms may skip required questions, so rows are checked as drafts: every value
    // must be valid, but nothing is required.
    survey::AnswerCheck check = survey::ValidateAnswers(
        instrument, team_slugs, {{"answers", answers}}, survey::ValidationMode::kDraft);
    for (const auto& problem : check.problems) {
      std::string column = problem.pointer;
      const std::string prefix = "/answers/";
      if (column.rfind(prefix, 0) == 0) column = column.substr(prefix.size());
      if (auto slash = column.find('/'); slash != std::string::npos) column.resize(slash);
      add_problem(row, column, problem.message);
    }
    if (!check.ok()) continue;
    if (check.answers.empty()) {
      add_problem(row, "", "has no answers");
      continue;
    }
    ImportedResponse response;
    response.groups = GroupingAnswers(instrument, check.answers);
    response.answers = std::move(check.answers);
    response.submitted_on = day;
    responses.push_back(std::move(response));
  }
  if (!reader.status().ok()) add_problem(reader.line(), "", reader.status().message());
  if (!report.problems.empty()) return report;
  if (responses.empty()) {
    add_problem(0, "", "the file has a header but no responses");
    return report;
  }
  report.responses = std::move(responses);
  return report;
}

Result<ImportReport> ImportResponsesCsv(Store& store, const Campaign& campaign,
                                        const ins::Instrument& instrument, std::istream& csv,
                                        const std::string& today) {
  auto teams = store.ListTeams(campaign.organisation_id);
  if (!teams.ok()) return teams.status();
  std::vector<std::string> team_slugs;
  for (const Team& team : *teams) team_slugs.push_back(team.slug);
  Result<ParsedResponses> parsed = ReadResponsesCsv(instrument, team_slugs, csv, today, &campaign);
  if (!parsed.ok()) return parsed.status();
  ImportReport report;
  report.problems = std::move(parsed->problems);
  if (!report.problems.empty()) return report;
  if (Status status = store.ImportResponses(campaign.id, parsed->responses); !status.ok()) {
    return status;
  }
  report.imported = parsed->responses.size();
  return report;
}

}  // namespace tessera::engine
