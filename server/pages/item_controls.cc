#include "server/pages/item_controls.h"

#include <vector>

#include "server/pages/html_escape.h"
#include "server/pages/survey_view.h"

namespace tessera::server::pages {
namespace {

using nlohmann::json;

std::string Attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + HtmlEscape(value) + "\"";
}

// " aria-describedby=..." naming the ids present, or "".
std::string DescribedBy(const std::vector<std::string>& ids) {
  std::string joined;
  for (const std::string& id : ids) {
    if (id.empty()) continue;
    if (!joined.empty()) joined += ' ';
    joined += id;
  }
  return joined.empty() ? "" : Attribute("aria-describedby", joined);
}

bool IsChosen(const json& answer, const json& value) {
  if (answer.is_array()) {
    for (const json& element : answer) {
      if (element == value) return true;
    }
    return false;
  }
  return answer == value;
}

std::string NumberText(const json& value) {
  if (value.is_number()) return value.dump();
  return "";
}

struct ItemIds {
  std::string base;   // item-ID: the first control
  std::string help;   // "" when the item has no help
  std::string error;  // "" when there is no error
};

std::string RenderOptions(const std::string& type, const std::string& name, const ItemIds& ids,
                          const std::vector<ChoiceOption>& options, const json& answer,
                          bool invalid, bool offer_clear) {
  const std::string input_type = type == "multiple_choice" ? "checkbox" : "radio";
  std::string html;
  bool in_codes = false;
  html += "<div class=\"options options-" + input_type + "\">\n";
  auto render_one = [&](size_t index, std::string_view value, std::string_view label,
                        bool checked) {
    const std::string id = index == 0 ? ids.base : ids.base + "-" + std::to_string(index);
    html += "<div class=\"option\"><input" + Attribute("type", input_type) + Attribute("id", id) +
            Attribute("name", name) + Attribute("value", value);
    if (checked) html += " checked";
    if (invalid) html += " aria-invalid=\"true\"";
    html += "><label" + Attribute("for", id) + ">" + HtmlEscape(label) + "</label></div>\n";
  };
  for (size_t i = 0; i < options.size(); ++i) {
    const ChoiceOption& option = options[i];
    if (option.is_code && !in_codes) {
      // "Don't know" and the like sit apart from the points of the scale.
      html += "</div>\n<div class=\"options options-codes options-" + input_type + "\">\n";
      in_codes = true;
    }
    render_one(i, ValueKey(option.value), option.label, IsChosen(answer, option.value));
  }
  if (offer_clear) {
    if (!in_codes) html += "</div>\n<div class=\"options options-codes options-radio\">\n";
    // With JavaScript off a chosen radio button cannot be unchosen any other way.
    render_one(options.size(), "", "No answer (clear my choice)", false);
  }
  html += "</div>\n";
  return html;
}

}  // namespace

std::string RenderItemFieldset(const json& doc, const json& item, const json& answer,
                               std::string_view error) {
  const std::string id = StringField(item, "id");
  const std::string type = StringField(item, "type");
  const std::string help = StringField(item, "help");
  const bool required = item.is_object() && item.value("required", json()) == json(true);
  ItemIds ids;
  ids.base = ItemDomId(id);
  if (!help.empty()) ids.help = ids.base + "-help";
  if (!error.empty()) ids.error = ids.base + "-error";
  const bool invalid = !error.empty();

  std::string html = "<fieldset class=\"question";
  if (invalid) html += " question-error";
  html += "\"" + Attribute("id", "question-" + id) + Attribute("data-item", id) +
          Attribute("data-type", type);
  const bool grouped = type == "scale" || type == "single_choice" || type == "multiple_choice";
  if (grouped) html += DescribedBy({ids.help, ids.error});
  html += ">\n<legend class=\"question-text\">" + HtmlEscape(StringField(item, "text"));
  if (required) html += " <span class=\"required-marker\">(required)</span>";
  html += "</legend>\n";
  if (!ids.help.empty()) {
    html += "<p class=\"hint\"" + Attribute("id", ids.help) + ">" + HtmlEscape(help) + "</p>\n";
  }
  if (type == "multiple_choice") {
    html += "<p class=\"hint\">Choose all that apply.</p>\n";
  }
  if (invalid) {
    html += "<p class=\"field-error\"" + Attribute("id", ids.error) +
            "><span class=\"visually-hidden\">Error: </span>" + HtmlEscape(error) + "</p>\n";
  }

  if (grouped) {
    const std::vector<ChoiceOption> options = ItemOptions(doc, item);
    const bool offer_clear = type != "multiple_choice" && HasAnswer(answer);
    html += RenderOptions(type, id, ids, options, answer, invalid, offer_clear);
  } else if (type == "text") {
    int max_length = 2000;
    if (item.contains("max_length") && item["max_length"].is_number_integer()) {
      max_length = item["max_length"].get<int>();
    }
    const std::string limit_id = ids.base + "-limit";
    html +=
        "<label class=\"control-label\"" + Attribute("for", ids.base) + ">Your answer</label>\n";
    html += "<p class=\"hint\"" + Attribute("id", limit_id) + ">You can write up to " +
            std::to_string(max_length) + " characters.</p>\n";
    html += "<textarea" + Attribute("id", ids.base) + Attribute("name", id) + " rows=\"6\"" +
            Attribute("maxlength", std::to_string(max_length)) +
            DescribedBy({ids.help, limit_id, ids.error});
    if (required) html += " aria-required=\"true\"";
    if (invalid) html += " aria-invalid=\"true\"";
    html += ">" + HtmlEscape(answer.is_string() ? answer.get<std::string>() : "") + "</textarea>\n";
  } else {  // number, and anything unknown as a plain field
    const bool number = type == "number";
    const std::string min = NumberText(item.value("min", json()));
    const std::string max = NumberText(item.value("max", json()));
    const std::string range_id = ids.base + "-range";
    html += "<label class=\"control-label\"" + Attribute("for", ids.base) + ">" +
            (number ? "Number" : "Your answer") + "</label>\n";
    std::string range_text;
    if (!min.empty() && !max.empty()) {
      range_text = "Enter a number from " + min + " to " + max + ".";
    } else if (!min.empty()) {
      range_text = "Enter a number of at least " + min + ".";
    } else if (!max.empty()) {
      range_text = "Enter a number of at most " + max + ".";
    }
    if (!range_text.empty()) {
      html +=
          "<p class=\"hint\"" + Attribute("id", range_id) + ">" + HtmlEscape(range_text) + "</p>\n";
    }
    html += "<input" + Attribute("type", number ? "number" : "text") + Attribute("id", ids.base) +
            Attribute("name", id);
    if (number) {
      html += " inputmode=\"decimal\" step=\"any\"";
      if (!min.empty()) html += Attribute("min", min);
      if (!max.empty()) html += Attribute("max", max);
    }
    html += Attribute("value", ValueKey(answer)) +
            DescribedBy({ids.help, range_text.empty() ? "" : range_id, ids.error});
    if (required) html += " aria-required=\"true\"";
    if (invalid) html += " aria-invalid=\"true\"";
    html += " class=\"input-number\">\n";
  }
  html += "</fieldset>\n";
  return html;
}

}  // namespace tessera::server::pages
