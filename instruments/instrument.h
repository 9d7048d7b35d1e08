// The in-memory model of one instrument version, filled by the loader from its JSON document.
// The format is specified in instruments/schema/instrument.schema.json and docs/instruments.md.
#ifndef TESSERA_INSTRUMENTS_INSTRUMENT_H_
#define TESSERA_INSTRUMENTS_INSTRUMENT_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/version.h"

namespace tessera::instruments {

enum class ScaleKind { kOrdinal, kNominal };
enum class CodeMeaning { kDontKnow, kNotApplicable, kPreferNotToSay };
enum class DimensionKind { kDomain, kScale };
enum class ItemType { kScale, kSingleChoice, kMultipleChoice, kText, kNumber };
enum class Grouping { kNone, kTeam, kRole, kTenure, kRater, kSide, kIdentity };

std::string_view ToString(ScaleKind kind);
std::string_view ToString(CodeMeaning meaning);
std::string_view ToString(DimensionKind kind);
std::string_view ToString(ItemType type);
std::string_view ToString(Grouping grouping);

// One answer option. Ordinal scales use `number`; nominal scales use `code`.
struct ScaleValue {
  int number = 0;
  std::string code;
  std::string label;
};

// An answer that is never scored, such as "don't know".
struct ScaleCode {
  std::string code;
  std::string label;
  CodeMeaning meaning = CodeMeaning::kDontKnow;
};

struct ResponseScale {
  std::string id;
  ScaleKind kind = ScaleKind::kOrdinal;
  std::vector<ScaleValue> values;
  std::string values_from;  // e.g. "organisation.teams"; values are then supplied by a campaign
  std::vector<ScaleCode> codes;

  bool ordered() const { return kind == ScaleKind::kOrdinal; }
  int min() const { return values.empty() ? 0 : values.front().number; }
  int max() const { return values.empty() ? 0 : values.back().number; }
  const ScaleCode* FindCode(std::string_view code) const;
};

struct Dimension {
  std::string id;
  DimensionKind kind = DimensionKind::kScale;
  std::string title;
  std::string description;
  std::string source;
  std::map<std::string, std::vector<std::string>> next_steps;  // band id -> steps
};

struct Continuation {
  Version version;
  std::string item;
};

struct Item {
  std::string id;
  ItemType type = ItemType::kScale;
  std::string text;
  std::string help;
  std::string scale;                              // response scale id; empty for text and number
  std::optional<std::vector<std::string>> codes;  // offered codes; nullopt = all of the scale's
  bool reverse = false;
  std::string dimension;  // empty when not scored
  bool required = false;
  std::string source;
  Grouping grouping = Grouping::kNone;
  int max_length = 2000;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<Continuation> continues;

  bool scored() const { return type == ItemType::kScale && !dimension.empty(); }
};

struct Section {
  std::string id;
  std::string title;
  std::string intro;
  std::vector<Item> items;
};

struct Band {
  std::string id;
  std::string name;
  double from = 0;
  double to = 0;
  std::string description;
  std::vector<std::string> next_steps;
};

struct ScoringModel {
  std::string method;  // "mean_of_answered"
  double min_answered_share = 1.0;
  double range_min = 0;
  double range_max = 0;
  std::vector<Band> bands;

  // The band a score falls in ([from, to), the last band closed); nullptr outside the range.
  const Band* BandFor(double score) const;
};

struct Source {
  std::string seed;
  std::string file;
  std::string title;
  std::vector<std::string> sections;
};

struct Instrument {
  int format = 1;
  std::string id;
  Version version;
  std::string title;
  std::string purpose;
  std::vector<std::string> audience;
  std::string language;
  std::string changes;
  std::vector<Source> sources;
  std::vector<ResponseScale> scales;
  std::vector<Dimension> dimensions;
  std::vector<Section> sections;
  ScoringModel scoring;

  InstrumentRef ref() const { return {id, version}; }
  const ResponseScale* FindScale(std::string_view scale_id) const;
  const Dimension* FindDimension(std::string_view dimension_id) const;
  const Item* FindItem(std::string_view item_id) const;
  // Every item in page order.
  std::vector<const Item*> Items() const;
  // The items feeding one dimension, in page order.
  std::vector<const Item*> ItemsOf(std::string_view dimension_id) const;
};

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_INSTRUMENT_H_
