#include "instruments/document_parser.h"

#include <algorithm>
#include <initializer_list>
#include <regex>
#include <string_view>
#include <utility>

namespace tessera::instruments {
namespace {

using nlohmann::json;

// A pattern together with the text shown when a value does not match it.
struct Pattern {
  std::regex regex;
  std::string_view text;
};

const Pattern& InstrumentIdPattern() {
  static const Pattern kPattern{std::regex("^[a-z][a-z0-9-]{1,62}$"), "^[a-z][a-z0-9-]{1,62}$"};
  return kPattern;
}
const Pattern& VersionPattern() {
  static const Pattern kPattern{
      std::regex(R"(^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$)"),
      "MAJOR.MINOR.PATCH, digits only"};
  return kPattern;
}
const Pattern& LanguagePattern() {
  static const Pattern kPattern{std::regex("^[a-z]{2,3}(-[A-Z]{2})?$"), "^[a-z]{2,3}(-[A-Z]{2})?$"};
  return kPattern;
}
const Pattern& SeedPattern() {
  static const Pattern kPattern{std::regex("^[0-9]{3}$"), "^[0-9]{3}$"};
  return kPattern;
}
const Pattern& LocalIdPattern() {  // scales, dimensions, sections, bands
  static const Pattern kPattern{std::regex("^[a-z][a-z0-9_-]*$"), "^[a-z][a-z0-9_-]*$"};
  return kPattern;
}
const Pattern& ItemIdPattern() {
  static const Pattern kPattern{std::regex("^[A-Za-z][A-Za-z0-9_-]{0,39}$"),
                                "^[A-Za-z][A-Za-z0-9_-]{0,39}$"};
  return kPattern;
}
const Pattern& NominalValuePattern() {
  static const Pattern kPattern{std::regex("^[a-z0-9_-]+$"), "^[a-z0-9_-]+$"};
  return kPattern;
}
const Pattern& CodePattern() {
  static const Pattern kPattern{std::regex("^[a-z][a-z0-9_]*$"), "^[a-z][a-z0-9_]*$"};
  return kPattern;
}
const Pattern& CitationPattern() {
  static const Pattern kPattern{std::regex("^[0-9]{3} \xC2\xA7.+$"),
                                "\"NNN §section\", e.g. \"002 §6.5 indicator 3\""};
  return kPattern;
}

template <typename E>
using EnumTable = std::initializer_list<std::pair<std::string_view, E>>;

std::string JoinNames(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// Walks a document, tracking JSON pointers and collecting every problem it meets.
class Reader {
 public:
  Reader(const std::string& file, Diagnostics* diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  void Report(const std::string& pointer, std::string message) {
    diagnostics_->push_back({file_, pointer, std::move(message)});
  }

  // True when `value` is an object; reports missing required and unknown fields.
  bool Object(const json& value, const std::string& pointer,
              std::initializer_list<std::string_view> required,
              std::initializer_list<std::string_view> optional = {}) {
    if (!value.is_object()) {
      Report(pointer, "must be an object");
      return false;
    }
    for (auto key : required) {
      if (!value.contains(key))
        Report(pointer, "missing required field \"" + std::string(key) + "\"");
    }
    for (const auto& [key, unused] : value.items()) {
      const bool known = std::find(required.begin(), required.end(), key) != required.end() ||
                         std::find(optional.begin(), optional.end(), key) != optional.end();
      if (!known) Report(PointerAppend(pointer, key), "unknown field \"" + key + "\"");
    }
    return true;
  }

  // A non-empty string field; "" when absent or invalid (absence is reported by Object).
  std::string String(const json& object, const std::string& pointer, std::string_view key,
                     const Pattern* pattern = nullptr) {
    auto it = object.find(key);
    if (it == object.end()) return {};
    const std::string at = PointerAppend(pointer, key);
    if (!it->is_string()) {
      Report(at, "must be a string");
      return {};
    }
    const auto& text = it->get_ref<const std::string&>();
    if (text.empty()) {
      Report(at, "must not be empty");
      return {};
    }
    if (pattern != nullptr && !std::regex_match(text, pattern->regex)) {
      Report(at, "\"" + text + "\" does not match " + std::string(pattern->text));
      return {};
    }
    return text;
  }

  std::optional<bool> Bool(const json& object, const std::string& pointer, std::string_view key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_boolean()) {
      Report(PointerAppend(pointer, key), "must be true or false");
      return std::nullopt;
    }
    return it->get<bool>();
  }

  std::optional<double> Number(const json& object, const std::string& pointer,
                               std::string_view key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_number()) {
      Report(PointerAppend(pointer, key), "must be a number");
      return std::nullopt;
    }
    return it->get<double>();
  }

  std::optional<int> Integer(const json& value, const std::string& at) {
    if (!value.is_number_integer()) {
      Report(at, "must be an integer");
      return std::nullopt;
    }
    const auto number = value.get<long long>();
    if (number < -1000000 || number > 1000000) {
      Report(at, "must be between -1000000 and 1000000");
      return std::nullopt;
    }
    return static_cast<int>(number);
  }

  template <typename E>
  std::optional<E> Enum(const json& object, const std::string& pointer, std::string_view key,
                        EnumTable<E> table) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    const std::string at = PointerAppend(pointer, key);
    if (it->is_string()) {
      for (const auto& [name, value] : table) {
        if (*it == name) return value;
      }
    }
    std::string names;
    for (const auto& entry : table) {
      if (!names.empty()) names += ", ";
      names += entry.first;
    }
    Report(at, "must be one of: " + names);
    return std::nullopt;
  }

  // The array under `key`, or nullptr when absent or not an array of at least `min_items`.
  const json* Array(const json& object, const std::string& pointer, std::string_view key,
                    size_t min_items) {
    auto it = object.find(key);
    if (it == object.end()) return nullptr;
    const std::string at = PointerAppend(pointer, key);
    if (!it->is_array()) {
      Report(at, "must be an array");
      return nullptr;
    }
    if (it->size() < min_items) {
      Report(at, "must have at least " + std::to_string(min_items) +
                     (min_items == 1 ? " entry" : " entries"));
    }
    return &*it;
  }

  // A non-empty array of non-empty strings (each optionally matching `pattern`).
  std::vector<std::string> StringArray(const json& object, const std::string& pointer,
                                       std::string_view key, bool unique,
                                       const Pattern* pattern = nullptr) {
    std::vector<std::string> out;
    const json* array = Array(object, pointer, key, 1);
    if (array == nullptr) return out;
    const std::string at = PointerAppend(pointer, key);
    for (size_t i = 0; i < array->size(); ++i) {
      const json& entry = (*array)[i];
      const std::string entry_at = PointerAppend(at, i);
      if (!entry.is_string() || entry.get_ref<const std::string&>().empty()) {
        Report(entry_at, "must be a non-empty string");
        continue;
      }
      const auto& text = entry.get_ref<const std::string&>();
      if (pattern != nullptr && !std::regex_match(text, pattern->regex)) {
        Report(entry_at, "\"" + text + "\" does not match " + std::string(pattern->text));
        continue;
      }
      if (unique && std::find(out.begin(), out.end(), text) != out.end()) {
        Report(entry_at, "\"" + text + "\" is listed twice");
        continue;
      }
      out.push_back(text);
    }
    return out;
  }

 private:
  const std::string& file_;
  Diagnostics* diagnostics_;
};

const EnumTable<ScaleKind> kScaleKinds = {{"ordinal", ScaleKind::kOrdinal},
                                          {"nominal", ScaleKind::kNominal}};
const EnumTable<CodeMeaning> kCodeMeanings = {{"dont_know", CodeMeaning::kDontKnow},
                                              {"not_applicable", CodeMeaning::kNotApplicable},
                                              {"prefer_not_to_say", CodeMeaning::kPreferNotToSay}};
const EnumTable<DimensionKind> kDimensionKinds = {{"domain", DimensionKind::kDomain},
                                                  {"scale", DimensionKind::kScale}};
const EnumTable<ItemType> kItemTypes = {{"scale", ItemType::kScale},
                                        {"single_choice", ItemType::kSingleChoice},
                                        {"multiple_choice", ItemType::kMultipleChoice},
                                        {"text", ItemType::kText},
                                        {"number", ItemType::kNumber}};
const EnumTable<Grouping> kGroupings = {
    {"team", Grouping::kTeam},   {"role", Grouping::kRole}, {"tenure", Grouping::kTenure},
    {"rater", Grouping::kRater}, {"side", Grouping::kSide}, {"identity", Grouping::kIdentity}};
const EnumTable<std::string_view> kAudiences = {{"staff", "staff"},
                                                {"volunteers", "volunteers"},
                                                {"managers", "managers"},
                                                {"board", "board"},
                                                {"partners", "partners"}};
const EnumTable<std::string_view> kValuesFrom = {{"organisation.teams", "organisation.teams"}};
const EnumTable<std::string_view> kMethods = {{"mean_of_answered", "mean_of_answered"}};

Source ReadSource(Reader& r, const json& value, const std::string& at) {
  Source source;
  if (!r.Object(value, at, {"seed", "file", "title", "sections"})) return source;
  source.seed = r.String(value, at, "seed", &SeedPattern());
  source.file = r.String(value, at, "file");
  source.title = r.String(value, at, "title");
  source.sections = r.StringArray(value, at, "sections", /*unique=*/true);
  return source;
}

ResponseScale ReadScale(Reader& r, const json& value, const std::string& at) {
  ResponseScale scale;
  if (!r.Object(value, at, {"id", "kind"}, {"values", "values_from", "codes"})) return scale;
  scale.id = r.String(value, at, "id", &LocalIdPattern());
  scale.kind = r.Enum(value, at, "kind", kScaleKinds).value_or(ScaleKind::kOrdinal);
  const bool has_values = value.contains("values");
  const bool has_values_from = value.contains("values_from");
  if (has_values_from) {
    if (scale.kind != ScaleKind::kNominal) {
      r.Report(PointerAppend(at, "values_from"),
               "only a nominal scale may take its values from elsewhere");
    }
    if (has_values) r.Report(at, "give either \"values\" or \"values_from\", not both");
    scale.values_from = std::string(r.Enum(value, at, "values_from", kValuesFrom).value_or(""));
  } else if (!has_values) {
    r.Report(at, "missing required field \"values\"");
  }
  if (const json* values = r.Array(value, at, "values", 2)) {
    const std::string values_at = PointerAppend(at, "values");
    for (size_t i = 0; i < values->size(); ++i) {
      const json& entry = (*values)[i];
      const std::string entry_at = PointerAppend(values_at, i);
      ScaleValue scale_value;
      if (!r.Object(entry, entry_at, {"value", "label"})) continue;
      scale_value.label = r.String(entry, entry_at, "label");
      if (entry.contains("value")) {
        const std::string value_at = PointerAppend(entry_at, "value");
        if (scale.kind == ScaleKind::kOrdinal) {
          scale_value.number = r.Integer(entry["value"], value_at).value_or(0);
        } else {
          scale_value.code = r.String(entry, entry_at, "value", &NominalValuePattern());
        }
      }
      scale.values.push_back(std::move(scale_value));
    }
  }
  if (const json* codes = r.Array(value, at, "codes", 1)) {
    const std::string codes_at = PointerAppend(at, "codes");
    for (size_t i = 0; i < codes->size(); ++i) {
      const std::string code_at = PointerAppend(codes_at, i);
      const json& entry = (*codes)[i];
      if (!r.Object(entry, code_at, {"code", "label", "meaning"})) continue;
      ScaleCode code;
      code.code = r.String(entry, code_at, "code", &CodePattern());
      code.label = r.String(entry, code_at, "label");
      code.meaning =
          r.Enum(entry, code_at, "meaning", kCodeMeanings).value_or(CodeMeaning::kDontKnow);
      scale.codes.push_back(std::move(code));
    }
  }
  return scale;
}

Dimension ReadDimension(Reader& r, const json& value, const std::string& at) {
  Dimension dimension;
  if (!r.Object(value, at, {"id", "kind", "title", "description", "source"}, {"next_steps"})) {
    return dimension;
  }
  dimension.id = r.String(value, at, "id", &LocalIdPattern());
  dimension.kind = r.Enum(value, at, "kind", kDimensionKinds).value_or(DimensionKind::kScale);
  dimension.title = r.String(value, at, "title");
  dimension.description = r.String(value, at, "description");
  dimension.source = r.String(value, at, "source", &CitationPattern());
  if (auto it = value.find("next_steps"); it != value.end()) {
    const std::string steps_at = PointerAppend(at, "next_steps");
    if (!it->is_object()) {
      r.Report(steps_at, "must be an object mapping band ids to lists of steps");
    } else {
      for (const auto& [band, unused] : it->items()) {
        dimension.next_steps[band] = r.StringArray(*it, steps_at, band, /*unique=*/false);
      }
    }
  }
  return dimension;
}

Item ReadItem(Reader& r, const json& value, const std::string& at) {
  Item item;
  if (!r.Object(value, at, {"id", "type", "text", "required", "source"},
                {"help", "scale", "codes", "reverse", "dimension", "grouping", "max_length", "min",
                 "max", "continues"})) {
    return item;
  }
  item.id = r.String(value, at, "id", &ItemIdPattern());
  const auto type = r.Enum(value, at, "type", kItemTypes);
  item.type = type.value_or(ItemType::kText);
  item.text = r.String(value, at, "text");
  if (value.contains("help")) item.help = r.String(value, at, "help");
  item.required = r.Bool(value, at, "required").value_or(false);
  item.source = r.String(value, at, "source", &CitationPattern());
  if (!type) return item;  // the remaining rules depend on the type

  const bool takes_scale = item.type == ItemType::kScale || item.type == ItemType::kSingleChoice ||
                           item.type == ItemType::kMultipleChoice;
  const std::string type_name(ToString(item.type));
  auto only_on = [&](std::string_view key, bool allowed, std::string_view what) {
    if (value.contains(key) && !allowed) {
      r.Report(PointerAppend(at, key), "\"" + std::string(key) + "\" is only allowed on " +
                                           std::string(what) + " items, not on " + type_name);
      return false;
    }
    return value.contains(key);
  };
  if (takes_scale) {
    if (!value.contains("scale")) r.Report(at, "missing required field \"scale\"");
    item.scale = r.String(value, at, "scale", &LocalIdPattern());
  } else {
    only_on("scale", false, "scale and choice");
  }
  if (only_on("codes", takes_scale, "scale and choice")) {
    const json& codes = value["codes"];
    const std::string codes_at = PointerAppend(at, "codes");
    if (!codes.is_array()) {
      r.Report(codes_at, "must be an array of code ids");
    } else {
      std::vector<std::string> offered;
      for (size_t i = 0; i < codes.size(); ++i) {
        if (!codes[i].is_string()) {
          r.Report(PointerAppend(codes_at, i), "must be a string");
          continue;
        }
        const auto code = codes[i].get<std::string>();
        if (std::find(offered.begin(), offered.end(), code) != offered.end()) {
          r.Report(PointerAppend(codes_at, i), "\"" + code + "\" is listed twice");
          continue;
        }
        offered.push_back(code);
      }
      item.codes = std::move(offered);
    }
  }
  if (only_on("reverse", item.type == ItemType::kScale, "scale")) {
    item.reverse = r.Bool(value, at, "reverse").value_or(false);
  }
  if (only_on("dimension", item.type == ItemType::kScale, "scale")) {
    item.dimension = r.String(value, at, "dimension", &LocalIdPattern());
  }
  if (only_on("grouping", item.type == ItemType::kSingleChoice, "single_choice")) {
    item.grouping = r.Enum(value, at, "grouping", kGroupings).value_or(Grouping::kNone);
    if (item.required) {
      r.Report(PointerAppend(at, "required"), "a grouping question must not be required");
    }
  }
  if (only_on("max_length", item.type == ItemType::kText, "text")) {
    const json& max_length = value["max_length"];
    const std::string max_at = PointerAppend(at, "max_length");
    if (auto n = r.Integer(max_length, max_at)) {
      if (*n < 1 || *n > 2000) {
        r.Report(max_at, "must be between 1 and 2000");
      } else {
        item.max_length = *n;
      }
    }
  }
  if (only_on("min", item.type == ItemType::kNumber, "number"))
    item.min = r.Number(value, at, "min");
  if (only_on("max", item.type == ItemType::kNumber, "number"))
    item.max = r.Number(value, at, "max");
  if (item.min && item.max && !(*item.min < *item.max)) {
    r.Report(PointerAppend(at, "max"), "must be greater than \"min\"");
  }
  if (auto it = value.find("continues"); it != value.end()) {
    const std::string continues_at = PointerAppend(at, "continues");
    if (r.Object(*it, continues_at, {"version", "item"})) {
      const auto version_text = r.String(*it, continues_at, "version", &VersionPattern());
      const auto continued_item = r.String(*it, continues_at, "item", &ItemIdPattern());
      if (auto version = Version::Parse(version_text); version && !continued_item.empty()) {
        item.continues = Continuation{*version, continued_item};
      }
    }
  }
  return item;
}

Section ReadSection(Reader& r, const json& value, const std::string& at) {
  Section section;
  if (!r.Object(value, at, {"id", "title", "items"}, {"intro"})) return section;
  section.id = r.String(value, at, "id", &LocalIdPattern());
  section.title = r.String(value, at, "title");
  if (value.contains("intro")) section.intro = r.String(value, at, "intro");
  if (const json* items = r.Array(value, at, "items", 1)) {
    const std::string items_at = PointerAppend(at, "items");
    for (size_t i = 0; i < items->size(); ++i) {
      section.items.push_back(ReadItem(r, (*items)[i], PointerAppend(items_at, i)));
    }
  }
  return section;
}

ScoringModel ReadScoring(Reader& r, const json& value, const std::string& at) {
  ScoringModel scoring;
  if (!r.Object(value, at, {"method", "min_answered_share", "range", "bands"})) return scoring;
  scoring.method = std::string(r.Enum(value, at, "method", kMethods).value_or(""));
  if (auto share = r.Number(value, at, "min_answered_share")) {
    if (*share <= 0 || *share > 1) {
      r.Report(PointerAppend(at, "min_answered_share"), "must be greater than 0 and at most 1");
    } else {
      scoring.min_answered_share = *share;
    }
  }
  if (auto it = value.find("range"); it != value.end()) {
    const std::string range_at = PointerAppend(at, "range");
    if (r.Object(*it, range_at, {"min", "max"})) {
      scoring.range_min = r.Number(*it, range_at, "min").value_or(0);
      scoring.range_max = r.Number(*it, range_at, "max").value_or(0);
      if (!(scoring.range_min < scoring.range_max)) {
        r.Report(PointerAppend(range_at, "max"), "must be greater than \"min\"");
      }
    }
  }
  if (const json* bands = r.Array(value, at, "bands", 2)) {
    const std::string bands_at = PointerAppend(at, "bands");
    for (size_t i = 0; i < bands->size(); ++i) {
      const json& entry = (*bands)[i];
      const std::string band_at = PointerAppend(bands_at, i);
      Band band;
      if (r.Object(entry, band_at, {"id", "name", "from", "to", "description", "next_steps"})) {
        band.id = r.String(entry, band_at, "id", &LocalIdPattern());
        band.name = r.String(entry, band_at, "name");
        band.from = r.Number(entry, band_at, "from").value_or(0);
        band.to = r.Number(entry, band_at, "to").value_or(0);
        band.description = r.String(entry, band_at, "description");
        band.next_steps = r.StringArray(entry, band_at, "next_steps", /*unique=*/false);
      }
      scoring.bands.push_back(std::move(band));
    }
  }
  return scoring;
}

template <typename T, typename ReadOne>
std::vector<T> ReadList(Reader& r, const json& object, std::string_view key, ReadOne read_one) {
  std::vector<T> out;
  if (const json* array = r.Array(object, "", key, 1)) {
    const std::string at = PointerAppend("", key);
    for (size_t i = 0; i < array->size(); ++i) {
      out.push_back(read_one(r, (*array)[i], PointerAppend(at, i)));
    }
  }
  return out;
}

}  // namespace

Instrument ParseInstrumentDocument(const json& document, const std::string& file,
                                   Diagnostics* diagnostics) {
  Reader r(file, diagnostics);
  Instrument instrument;
  if (!r.Object(document, "",
                {"format", "id", "version", "title", "purpose", "audience", "language", "sources",
                 "scales", "dimensions", "sections", "scoring"},
                {"changes"})) {
    return instrument;
  }
  if (auto it = document.find("format"); it != document.end() && *it != 1) {
    r.Report("/format", "must be 1 (the only format this version of Tessera reads)");
  }
  instrument.id = r.String(document, "", "id", &InstrumentIdPattern());
  if (auto version = Version::Parse(r.String(document, "", "version", &VersionPattern()))) {
    instrument.version = *version;
  }
  instrument.title = r.String(document, "", "title");
  instrument.purpose = r.String(document, "", "purpose");
  for (const auto& audience : r.StringArray(document, "", "audience", /*unique=*/true)) {
    bool known = false;
    for (const auto& entry : kAudiences) known = known || entry.first == audience;
    if (!known) {
      const auto& listed = document["audience"];
      const auto index =
          static_cast<size_t>(std::find(listed.begin(), listed.end(), audience) - listed.begin());
      r.Report(PointerAppend("/audience", index),
               "\"" + audience + "\" is not one of: " +
                   JoinNames({"staff", "volunteers", "managers", "board", "partners"}));
    }
    instrument.audience.push_back(audience);
  }
  instrument.language = r.String(document, "", "language", &LanguagePattern());
  if (document.contains("changes")) instrument.changes = r.String(document, "", "changes");
  instrument.sources = ReadList<Source>(r, document, "sources", ReadSource);
  instrument.scales = ReadList<ResponseScale>(r, document, "scales", ReadScale);
  instrument.dimensions = ReadList<Dimension>(r, document, "dimensions", ReadDimension);
  instrument.sections = ReadList<Section>(r, document, "sections", ReadSection);
  if (auto it = document.find("scoring"); it != document.end()) {
    instrument.scoring = ReadScoring(r, *it, "/scoring");
  }
  return instrument;
}

}  // namespace tessera::instruments
