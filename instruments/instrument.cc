#include "instruments/instrument.h"

namespace tessera::instruments {

std::string_view ToString(ScaleKind kind) {
  return kind == ScaleKind::kOrdinal ? "ordinal" : "nominal";
}

std::string_view ToString(CodeMeaning meaning) {
  switch (meaning) {
    case CodeMeaning::kDontKnow:
      return "dont_know";
    case CodeMeaning::kNotApplicable:
      return "not_applicable";
    case CodeMeaning::kPreferNotToSay:
      return "prefer_not_to_say";
  }
  return "";
}

std::string_view ToString(DimensionKind kind) {
  return kind == DimensionKind::kDomain ? "domain" : "scale";
}

std::string_view ToString(ItemType type) {
  switch (type) {
    case ItemType::kScale:
      return "scale";
    case ItemType::kSingleChoice:
      return "single_choice";
    case ItemType::kMultipleChoice:
      return "multiple_choice";
    case ItemType::kText:
      return "text";
    case ItemType::kNumber:
      return "number";
  }
  return "";
}

std::string_view ToString(Grouping grouping) {
  switch (grouping) {
    case Grouping::kNone:
      return "";
    case Grouping::kTeam:
      return "team";
    case Grouping::kRole:
      return "role";
    case Grouping::kTenure:
      return "tenure";
    case Grouping::kRater:
      return "rater";
    case Grouping::kSide:
      return "side";
    case Grouping::kIdentity:
      return "identity";
  }
  return "";
}

const ScaleCode* ResponseScale::FindCode(std::string_view code) const {
  for (const auto& c : codes) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const Band* ScoringModel::BandFor(double score) const {
  if (bands.empty() || score < range_min || score > range_max) return nullptr;
  for (const auto& band : bands) {
    if (score >= band.from && score < band.to) return &band;
  }
  return &bands.back();  // score == range_max
}

const ResponseScale* Instrument::FindScale(std::string_view scale_id) const {
  for (const auto& scale : scales) {
    if (scale.id == scale_id) return &scale;
  }
  return nullptr;
}

const Dimension* Instrument::FindDimension(std::string_view dimension_id) const {
  for (const auto& dimension : dimensions) {
    if (dimension.id == dimension_id) return &dimension;
  }
  return nullptr;
}

const Item* Instrument::FindItem(std::string_view item_id) const {
  for (const auto& section : sections) {
    for (const auto& item : section.items) {
      if (item.id == item_id) return &item;
    }
  }
  return nullptr;
}

std::vector<const Item*> Instrument::Items() const {
  std::vector<const Item*> items;
  for (const auto& section : sections) {
    for (const auto& item : section.items) items.push_back(&item);
  }
  return items;
}

std::vector<const Item*> Instrument::ItemsOf(std::string_view dimension_id) const {
  std::vector<const Item*> items;
  for (const auto& section : sections) {
    for (const auto& item : section.items) {
      if (item.scored() && item.dimension == dimension_id) items.push_back(&item);
    }
  }
  return items;
}

}  // namespace tessera::instruments
