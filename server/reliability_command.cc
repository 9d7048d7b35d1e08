// tessera reliability FILE.csv --scale NAME=ITEM,ITEM,-ITEM,... [--scale ...] --min V --max V
// [--json]
#include "server/reliability_command.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/csv_reader.h"
#include "scoring/pairwise_moments.h"
#include "scoring/reliability.h"
#include "scoring/reliability_rows.h"
#include "server/command_line.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] =
    R"(Usage: tessera reliability FILE.csv --scale NAME=ITEM,ITEM,-ITEM,... [--scale ...]
                           --min V --max V [--json]

How consistently the items of each scale measure one thing: Cronbach's alpha (raw and
standardised) with its 95% Feldt confidence interval, the average correlation between items,
and for each item its mean, SD, correlation with the rest of the scale (r.drop) and the alpha
the scale would have without it, computed as R's psych::alpha does. Warns when alpha is below
0.60, when an item correlates negatively with the rest (a likely reverse-keying mistake) and
when an item has no variance.

FILE.csv has a header row naming the columns and one row per respondent; an empty cell or NA
is an unanswered item. Every answer must be a whole number from --min to --max. Columns not
named in a --scale are ignored. The file is read as given: no anonymity threshold is applied.

Options:
  --scale NAME=ITEMS  a scale and its columns, separated by commas; a leading - marks a
                      reverse-keyed item, recoded as min + max - answer (repeat for more scales)
  --min V, --max V    the lowest and highest answer on the items' scale (e.g. 1 and 5)
  --json              print {"scales": [...]} as JSON (undefined figures as null)
  --help              show this help
)";

constexpr size_t kMaxProblems = 20;  // cell problems listed before giving up

struct ScaleSpec {
  std::string name;
  std::vector<std::string> items;
  std::vector<bool> reverse;
  std::vector<size_t> columns;  // the items' columns in the file
};

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// NAME=ITEM,ITEM,-ITEM; the message of a failure is for the user.
Result<ScaleSpec> ParseScale(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos) {
    return Status::InvalidArgument("--scale \"" + text + "\" must look like NAME=ITEM,ITEM,...");
  }
  ScaleSpec spec;
  spec.name = Trim(text.substr(0, eq));
  if (spec.name.empty()) {
    return Status::InvalidArgument("--scale \"" + text + "\" has no name before the =");
  }
  const std::string list = text.substr(eq + 1);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string item = Trim(list.substr(start, comma - start));
    const bool reverse = !item.empty() && item[0] == '-';
    if (reverse) item = Trim(item.substr(1));
    if (item.empty()) {
      return Status::InvalidArgument("scale " + spec.name + " has an empty item name");
    }
    for (const auto& seen : spec.items) {
      if (seen == item) {
        return Status::InvalidArgument("scale " + spec.name + " lists item " + item + " twice");
      }
    }
    spec.items.push_back(item);
    spec.reverse.push_back(reverse);
    start = comma + 1;
  }
  if (spec.items.size() < 2) {
    return Status::InvalidArgument("scale " + spec.name + " has one item; reliability needs at " +
                                   "least two");
  }
  return spec;
}

Result<int> ParseBound(const CommandLine& line, const std::string& name) {
  auto text = line.Value(name);
  if (!text) return Status::InvalidArgument("--" + name + " is required");
  auto value = ParseWholeNumber(*text);
  if (!value || *value < -1000000 || *value > 1000000) {
    return Status::InvalidArgument("--" + name + " must be a whole number, not \"" + *text + "\"");
  }
  return static_cast<int>(*value);
}

// One cell: nullopt when unanswered; an error message when it is not an answer in range.
struct Cell {
  std::optional<int> value;
  std::string problem;
};

Cell ParseCell(const std::string& raw, int min, int max) {
  const std::string text = Trim(raw);
  if (text.empty() || text == "NA") return {};
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return {std::nullopt, "\"" + text + "\" is not a whole number"};
  }
  if (value < min || value > max) {
    return {std::nullopt, text + " is outside " + std::to_string(min) + ".." + std::to_string(max)};
  }
  return {static_cast<int>(value), ""};
}

std::string Fixed(double x, int digits) {
  if (!std::isfinite(x)) return "NA";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, x);
  return text;
}

std::string Pad(const std::string& text, size_t width, bool left = false) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return left ? text + fill : fill + text;
}

void PrintScale(std::ostream& out, const ScaleSpec& spec, const scoring::ReliabilityResult& r) {
  out << spec.name << ": " << spec.items.size() << " items, " << r.n_rows << " respondents, "
      << r.n_complete << " answered every item\n";
  out << "  Cronbach's alpha       " << Fixed(r.alpha.raw_alpha, 3) << "  (95% CI "
      << Fixed(r.feldt.lower, 3) << " to " << Fixed(r.feldt.upper, 3) << ", Feldt)\n";
  out << "  standardised alpha     " << Fixed(r.alpha.std_alpha, 3) << "\n";
  out << "  average r              " << Fixed(r.alpha.average_r, 3) << "\n\n";
  size_t width = 4;
  for (const auto& item : spec.items) width = std::max(width, item.size() + 1);
  out << "  " << Pad("item", width, true) << "  key" << Pad("n", 7) << Pad("mean", 7)
      << Pad("sd", 7) << Pad("r.drop", 8) << Pad("alpha if dropped", 18) << "\n";
  for (size_t i = 0; i < r.items.size(); ++i) {
    const scoring::ItemReliability& item = r.items[i];
    out << "  " << Pad(item.id, width, true) << "  " << (spec.reverse[i] ? " - " : " + ")
        << Pad(std::to_string(item.n), 7) << Pad(Fixed(item.mean, 2), 7)
        << Pad(Fixed(item.sd, 2), 7) << Pad(Fixed(item.r_drop, 3), 8)
        << Pad(Fixed(item.if_dropped.raw_alpha, 3), 18) << "\n";
  }
  if (!r.warnings.empty()) {
    out << "\n  warnings:\n";
    for (const auto& warning : r.warnings) out << "  - " << warning.message << "\n";
  }
}

nlohmann::json Number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nullptr; }

nlohmann::json ScaleJson(const ScaleSpec& spec, const scoring::ReliabilityResult& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : r.items) {
    items.push_back({{"id", item.id},
                     {"mean", Number(item.mean)},
                     {"sd", Number(item.sd)},
                     {"r_drop", Number(item.r_drop)},
                     {"alpha_if_dropped", Number(item.if_dropped.raw_alpha)}});
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& warning : r.warnings) warnings.push_back(scoring::ToJson(warning));
  return {{"name", spec.name},
          {"raw_alpha", Number(r.alpha.raw_alpha)},
          {"std_alpha", Number(r.alpha.std_alpha)},
          {"average_r", Number(r.alpha.average_r)},
          {"n_complete", r.n_complete},
          {"feldt_ci", {Number(r.feldt.lower), Number(r.feldt.upper)}},
          {"items", std::move(items)},
          {"warnings", std::move(warnings)}};
}

}  // namespace

int RunReliabilityCommand(CliContext& context) {
  constexpr char kCommand[] = "reliability";
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  auto line = CommandLine::Parse(
      context.args, {{"scale", true, true}, {"min", true}, {"max", true}, {"json", false}});
  if (!line.ok()) return CliUsage(context, kCommand, line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (line->positional().size() != 1) {
    return CliUsage(context, kCommand, "give exactly one CSV file");
  }
  const std::vector<std::string> scale_texts = line->Values("scale");
  if (scale_texts.empty()) {
    return CliUsage(context, kCommand, "give at least one --scale NAME=ITEM,ITEM,...");
  }
  auto min = ParseBound(*line, "min");
  if (!min.ok()) return CliUsage(context, kCommand, min.status().message());
  auto max = ParseBound(*line, "max");
  if (!max.ok()) return CliUsage(context, kCommand, max.status().message());
  if (*min >= *max) {
    return CliUsage(
        context, kCommand,
        "--min (" + std::to_string(*min) + ") must be below --max (" + std::to_string(*max) + ")");
  }
  std::vector<ScaleSpec> scales;
  std::set<std::string> names;
  for (const auto& text : scale_texts) {
    auto spec = ParseScale(text);
    if (!spec.ok()) return CliUsage(context, kCommand, spec.status().message());
    if (!names.insert(spec->name).second) {
      return CliUsage(context, kCommand, "two scales are named " + spec->name);
    }
    scales.push_back(std::move(*spec));
  }

  const std::string path = line->positional()[0];
  std::ifstream file(path, std::ios::binary);
  if (!file) return CliFail(context, kCommand, Status::IoError("cannot read " + path));
  engine::CsvReader reader(file);
  std::vector<std::string> header;
  if (!reader.Next(&header)) {
    if (!reader.status().ok()) {
      return CliFail(context, kCommand,
                     Status::InvalidArgument(path + ": " + reader.status().message()));
    }
    return CliFail(context, kCommand, Status::InvalidArgument(path + " is empty"));
  }
  std::map<std::string, size_t> columns;
  std::set<std::string> repeated;
  for (size_t i = 0; i < header.size(); ++i) {
    if (!columns.emplace(Trim(header[i]), i).second) repeated.insert(Trim(header[i]));
  }
  std::vector<std::string> unknown;
  for (auto& scale : scales) {
    for (const auto& item : scale.items) {
      if (repeated.count(item)) {
        return CliFail(context, kCommand,
                       Status::InvalidArgument(path + ": column " + item +
                                               " appears more than once in the header"));
      }
      auto it = columns.find(item);
      if (it == columns.end()) {
        unknown.push_back("\"" + item + "\" (scale " + scale.name + ")");
      } else {
        scale.columns.push_back(it->second);
      }
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& name : unknown) list += (list.empty() ? "" : ", ") + name;
    return CliFail(
        context, kCommand,
        Status::InvalidArgument(path + ": no column named " + list + " in the header row"));
  }

  std::vector<scoring::PairwiseMoments> moments;
  std::vector<scoring::ItemKeying> keyings;
  for (const auto& scale : scales) {
    moments.emplace_back(scale.items.size());
    keyings.push_back({*min, *max, scale.reverse});
  }
  std::vector<std::string> problems;
  size_t total_problems = 0;
  int64_t rows = 0;
  std::vector<std::string> fields;
  std::vector<std::optional<int>> values;
  while (reader.Next(&fields)) {
    if (fields.size() == 1 && Trim(fields[0]).empty()) continue;  // a blank line
    ++rows;
    const std::string where =
        "row " + std::to_string(rows) + " (line " + std::to_string(reader.line()) + ")";
    if (fields.size() != header.size()) {
      ++total_problems;
      if (problems.size() < kMaxProblems) {
        problems.push_back(where + " has " + std::to_string(fields.size()) +
                           " fields; the header has " + std::to_string(header.size()));
      }
      continue;
    }
    bool row_ok = true;
    for (size_t s = 0; s < scales.size(); ++s) {
      values.clear();
      for (size_t c = 0; c < scales[s].columns.size(); ++c) {
        Cell cell = ParseCell(fields[scales[s].columns[c]], *min, *max);
        if (!cell.problem.empty()) {
          row_ok = false;
          ++total_problems;
          if (problems.size() < kMaxProblems) {
            problems.push_back(where + ", column " + scales[s].items[c] + ": " + cell.problem);
          }
        }
        values.push_back(cell.value);
      }
      if (row_ok) {
        if (Status added = scoring::AddItemRow(values, keyings[s], &moments[s]); !added.ok()) {
          return CliFail(context, kCommand, Status::Internal(added.message()));
        }
      }
    }
  }
  if (!reader.status().ok()) {
    return CliFail(context, kCommand,
                   Status::InvalidArgument(path + ": " + reader.status().message()));
  }
  if (total_problems > 0) {
    for (const auto& problem : problems) context.err << path << ": " << problem << "\n";
    if (total_problems > problems.size()) {
      context.err << path << ": ... and " << (total_problems - problems.size()) << " more\n";
    }
    return CliFail(context, kCommand,
                   Status::InvalidArgument("nothing computed; fix the " +
                                           std::to_string(total_problems) + " problem(s) above"));
  }
  if (rows == 0) {
    return CliFail(context, kCommand,
                   Status::InvalidArgument(path + " has a header row but no respondents"));
  }

  nlohmann::json json = {{"scales", nlohmann::json::array()}};
  for (size_t s = 0; s < scales.size(); ++s) {
    auto result = scoring::ComputeReliability(moments[s], scales[s].items);
    if (!result.ok()) return CliFail(context, kCommand, result.status());
    if (line->Has("json")) {
      json["scales"].push_back(ScaleJson(scales[s], *result));
    } else {
      if (s > 0) context.out << "\n";
      PrintScale(context.out, scales[s], *result);
    }
  }
  if (line->Has("json")) context.out << json.dump(2) << "\n";
  return kExitOk;
}

}  // namespace tessera::server
