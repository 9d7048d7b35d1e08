#include "survey/survey_document.h"

#include <string_view>

namespace tessera::survey {
namespace {

using instruments::Item;
using instruments::ItemType;
using instruments::ResponseScale;
using nlohmann::json;

constexpr std::string_view kTeamsSource = "organisation.teams";

json ScaleDocument(const ResponseScale& scale, const std::vector<Team>& teams) {
  json values = json::array();
  if (scale.values_from == kTeamsSource) {
    for (const Team& team : teams) {
      values.push_back({{"value", team.slug}, {"label", team.name}, {"scored", false}});
    }
  } else {
    for (const auto& value : scale.values) {
      // Ordinal values are points on a scale; nominal values only sort people into groups.
      if (scale.ordered()) {
        values.push_back({{"value", value.number}, {"label", value.label}, {"scored", true}});
      } else {
        values.push_back({{"value", value.code}, {"label", value.label}, {"scored", false}});
      }
    }
  }
  for (const auto& code : scale.codes) {
    values.push_back({{"value", code.code}, {"label", code.label}, {"scored", false}});
  }
  return {{"id", scale.id}, {"kind", std::string(ToString(scale.kind))}, {"values", values}};
}

json ItemDocument(const Item& item, const instruments::Instrument& instrument) {
  json codes = json::array();
  if (item.codes) {
    for (const auto& code : *item.codes) codes.push_back(code);
  } else if (const ResponseScale* scale = instrument.FindScale(item.scale)) {
    for (const auto& code : scale->codes) codes.push_back(code.code);
  }
  json doc = {{"id", item.id},
              {"type", std::string(ToString(item.type))},
              {"text", item.text},
              {"help", item.help},
              {"required", item.required},
              {"codes", codes}};
  if (!item.scale.empty()) doc["scale"] = item.scale;
  if (item.grouping != instruments::Grouping::kNone) {
    doc["grouping"] = std::string(ToString(item.grouping));
  }
  if (item.type == ItemType::kText) doc["max_length"] = item.max_length;
  if (item.type == ItemType::kNumber) {
    if (item.min) doc["min"] = *item.min;
    if (item.max) doc["max"] = *item.max;
  }
  return doc;
}

// An answer counts when it holds something: not null, "" or [].
bool IsAnswered(const json& value) {
  if (value.is_null()) return false;
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  if (value.is_array()) return !value.empty();
  return true;
}

json Progress(const instruments::Instrument& instrument, const json& answers) {
  int total = 0;
  int answered = 0;
  int required = 0;
  int required_answered = 0;
  for (const Item* item : instrument.Items()) {
    const auto found = answers.find(item->id);
    const bool has_answer = found != answers.end() && IsAnswered(*found);
    ++total;
    if (has_answer) ++answered;
    if (item->required) {
      ++required;
      if (has_answer) ++required_answered;
    }
  }
  return {{"answered", answered},
          {"total", total},
          {"required", required},
          {"required_answered", required_answered}};
}

}  // namespace

json BuildSurveyDocument(const instruments::Instrument& instrument, const SurveyContext& context) {
  const json answers = context.draft_answers.is_object() ? context.draft_answers : json::object();

  json scales = json::array();
  for (const auto& scale : instrument.scales) scales.push_back(ScaleDocument(scale, context.teams));

  json sections = json::array();
  for (const auto& section : instrument.sections) {
    json items = json::array();
    for (const auto& item : section.items) items.push_back(ItemDocument(item, instrument));
    sections.push_back(
        {{"id", section.id}, {"title", section.title}, {"intro", section.intro}, {"items", items}});
  }

  return {
      {"campaign",
       {{"id", context.campaign_id},
        {"title", context.campaign_title},
        {"closes_on", context.closes_on.empty() ? json(nullptr) : json(context.closes_on)}}},
      {"instrument",
       {{"id", instrument.id},
        {"version", instrument.version.ToString()},
        {"title", instrument.title},
        {"language", instrument.language}}},
      {"anonymity",
       {{"threshold", context.anonymity_threshold},
        {"statement", AnonymityStatement(context.anonymity_threshold)}}},
      {"scales", scales},
      {"sections", sections},
      {"progress", Progress(instrument, answers)},
      {"answers", answers},
  };
}

std::string AnonymityStatement(int threshold) {
  return "Your answers are anonymous. Tessera does not record your name, email, device or "
         "internet address with your answers, and your link cannot be matched to what you "
         "submit. Managers only see results for groups of at least " +
         std::to_string(threshold) + " people; smaller groups are hidden.";
}

}  // namespace tessera::survey
