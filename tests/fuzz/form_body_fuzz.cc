// Fuzz target: survey form bodies (application/x-www-form-urlencoded), as POST /s/{token}
// handles them without JavaScript: ParseForm, the `page` field, FormToAnswers for the page and
// draft validation, against staff-attitudes 1.1.0 and tests/fuzz/all_item_types.json; for the
// latter also the page rendered again with the answers kept or the problems found. Checked
// besides "never crash":
//  - FormDecode never grows its input; ParseForm's fields, written back with every byte
//    percent-encoded, parse to the same fields;
//  - FormToAnswers only answers items of the page it was asked for (an out-of-range page: none);
//  - the page rendered with the respondent's answers or problems has as many <script, <form,
//    <iframe and <img tags as the same page rendered with none (answers never become markup).
// Rendering is the slow part, so it is done only for the small instrument and only when some
// decoded field holds a character that markup needs escaped (<, >, &, "): without one, an
// answer cannot add a tag. The http_request target renders every page through the real routes.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/pages/form_answers.h"
#include "server/pages/form_parsing.h"
#include "server/pages/survey_page.h"
#include "server/pages/survey_view.h"
#include "survey/answer_validation.h"
#include "survey/survey_document.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

using nlohmann::json;
using server::pages::FormFields;

constexpr std::string_view kToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

constexpr std::string_view kTags[] = {"<script", "<form", "<iframe", "<img"};

struct Survey {
  const instruments::Instrument& instrument;
  std::vector<std::string> teams;
  survey::SurveyContext context;
  json document;
  bool render = false;
  // Per page: how many of each of kTags the page has without answers.
  std::vector<std::vector<size_t>> baseline_tags;
};

size_t Count(std::string_view html, std::string_view tag);

Survey MakeSurvey(const instruments::Instrument& instrument, bool render) {
  survey::SurveyContext context;
  context.campaign_id = 3;
  context.campaign_title = "Staff survey <2026>";
  context.teams = {{"family_support", "Family support"}, {"youth_services", "Youth & services"}};
  std::vector<std::string> teams = {"family_support", "youth_services"};
  json document = survey::BuildSurveyDocument(instrument, context);
  Survey made{instrument, teams, context, std::move(document), render, {}};
  if (render) {
    for (size_t page = 0; page < server::pages::Sections(made.document).size(); ++page) {
      const std::string html = server::pages::RenderSurveyPage(made.document, page, kToken);
      std::vector<size_t> counts;
      for (std::string_view tag : kTags) counts.push_back(Count(html, tag));
      made.baseline_tags.push_back(std::move(counts));
    }
  }
  return made;
}

const std::vector<Survey>& Surveys() {
  static const std::vector<Survey>* surveys = [] {
    auto* made = new std::vector<Survey>;
    made->push_back(MakeSurvey(CatalogueInstrument("staff-attitudes@1.1.0").instrument, false));
    made->push_back(MakeSurvey(AllItemTypes().instrument, true));
    return made;
  }();
  return *surveys;
}

size_t Count(std::string_view html, std::string_view tag) {
  size_t count = 0;
  for (size_t at = html.find(tag); at != std::string_view::npos; at = html.find(tag, at + 1)) {
    ++count;
  }
  return count;
}

std::string PercentEncodeAll(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

void CheckFormParsing(std::string_view body, const FormFields& form) {
  FUZZ_CHECK(server::pages::FormDecode(body).size() <= body.size(), std::string(body));
  std::string written;
  for (const auto& [name, values] : form) {
    for (const std::string& value : values) {
      if (!written.empty()) written += '&';
      written += PercentEncodeAll(name) + "=" + PercentEncodeAll(value);
    }
  }
  FUZZ_CHECK(server::pages::ParseForm(written) == form,
             "fields change in a round trip: " + written);
}

bool NeedsEscaping(const FormFields& form) {
  constexpr std::string_view kMarkup = "<>&\"";
  for (const auto& [name, values] : form) {
    if (name.find_first_of(kMarkup) != std::string::npos) return true;
    for (const std::string& value : values) {
      if (value.find_first_of(kMarkup) != std::string::npos) return true;
    }
  }
  return false;
}

// Which page POST /s/{token} works on: the `page` field as a whole number, else 0.
size_t PageOf(const FormFields& form) {
  const std::string text = server::pages::FirstValue(form, "page");
  if (text.empty() || text.size() > 4 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return static_cast<size_t>(std::stoul(text));
}

void CheckPage(const Survey& survey, const FormFields& form, size_t page) {
  const json& sections = server::pages::Sections(survey.document);
  const json answers = server::pages::FormToAnswers(survey.document, page, form);
  FUZZ_CHECK(answers.is_object(), answers.dump());
  if (page >= sections.size()) {
    FUZZ_CHECK(answers.empty(), "answers for a page that does not exist");
    return;
  }
  for (const auto& [id, value] : answers.items()) {
    const std::optional<size_t> section = server::pages::SectionOfItem(survey.document, id);
    FUZZ_CHECK(section && *section == page,
               "answer for " + id + " not on page " + std::to_string(page));
  }
  // As SurveyIntake::MergeDraft: validate as a draft, then show the page again.
  const survey::AnswerCheck check = survey::ValidateAnswers(
      survey.instrument, survey.teams, json{{"answers", answers}}, survey::ValidationMode::kDraft);
  if (!survey.render || !NeedsEscaping(form)) return;
  json shown = json::object();
  if (check.ok()) {
    shown = check.answers;
  } else {
    for (const auto& [id, value] : answers.items()) {
      if (!value.is_null()) shown[id] = value;
    }
  }
  survey::SurveyContext context = survey.context;
  context.draft_answers = shown;
  const json document = survey::BuildSurveyDocument(survey.instrument, context);
  const std::string html = server::pages::RenderSurveyPage(document, page, kToken, check.problems);
  for (size_t t = 0; t < std::size(kTags); ++t) {
    FUZZ_CHECK(Count(html, kTags[t]) == survey.baseline_tags[page][t],
               "answers changed the number of " + std::string(kTags[t]) + " tags");
  }
}

}  // namespace
}  // namespace tessera::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tessera;
  const std::string_view body = fuzz::AsText(data, size);
  const server::pages::FormFields form = server::pages::ParseForm(body);
  fuzz::CheckFormParsing(body, form);
  const size_t page = fuzz::PageOf(form);
  for (const fuzz::Survey& survey : fuzz::Surveys()) fuzz::CheckPage(survey, form, page);
  return 0;
}
