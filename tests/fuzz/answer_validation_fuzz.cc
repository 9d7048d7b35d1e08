// Fuzz target: answer validation (survey/answer_validation.h) against a real catalogue
// instrument, staff-attitudes 1.1.0, and against tests/fuzz/all_item_types.json (the catalogue
// has no multiple-choice or number items), each in draft and submit mode. The bytes are a request
// body parsed as the survey routes parse it (nlohmann, no exceptions). Validation must never crash
// or throw, every problem must carry a stable code and a JSON pointer, and what it accepts must be
// what the rest of Tessera can store and read back:
//  - accepted answers are an object of known items with no nulls;
//  - validating the accepted answers again accepts them unchanged (idempotent), and an answer
//    set accepted for submission is also accepted as a draft;
//  - their stored text (dump) reads back through scoring::AnswerView with the same cells in the
//    response layout as the JSON itself, and they can be scored.
#include <cstdint>
#include <string>
#include <vector>

#include "scoring/answer_view.h"
#include "scoring/respondent_scores.h"
#include "scoring/response_layout.h"
#include "survey/answer_validation.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

using nlohmann::json;

struct World {
  const instruments::Instrument& instrument;
  std::vector<std::string> teams;
  scoring::ResponseLayout layout;
};

World MakeWorld(const instruments::Instrument& instrument) {
  std::vector<std::string> teams = {"family_support", "youth_services", "administration"};
  auto layout = scoring::ResponseLayout::Build(instrument, teams);
  if (!layout.ok()) Fail(__FILE__, __LINE__, "layout builds", layout.status().ToString());
  return World{instrument, teams, std::move(*layout)};
}

const std::vector<World>& Worlds() {
  static const std::vector<World>* worlds = [] {
    auto* made = new std::vector<World>;
    made->push_back(MakeWorld(CatalogueInstrument("staff-attitudes@1.1.0").instrument));
    made->push_back(MakeWorld(AllItemTypes().instrument));
    return made;
  }();
  return *worlds;
}

// A stable code is a snake_case word (survey/answer_validation.h lists them; other changes may
// add codes, so the harness checks their shape rather than a fixed list).
bool IsStableCode(const std::string& code) {
  if (code.empty() || code.front() == '_' || code.back() == '_') return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

std::string Describe(const survey::AnswerCheck& check) {
  if (check.ok()) return "accepted " + check.answers.dump();
  const survey::AnswerProblem& problem = check.problems.front();
  return problem.code + " at " + problem.pointer + ": " + problem.message;
}

void CheckProblems(const survey::AnswerCheck& check) {
  for (const survey::AnswerProblem& problem : check.problems) {
    FUZZ_CHECK(IsStableCode(problem.code), "not a stable code: " + problem.code);
    FUZZ_CHECK(problem.pointer.empty() || problem.pointer.front() == '/', problem.pointer);
    FUZZ_CHECK(!problem.message.empty(), problem.code);
  }
}

void CheckAccepted(const World& world, const survey::AnswerCheck& check,
                   survey::ValidationMode mode) {
  FUZZ_CHECK(check.answers.is_object(), check.answers.dump());
  for (const auto& [id, value] : check.answers.items()) {
    FUZZ_CHECK(world.instrument.FindItem(id) != nullptr, "accepted unknown item " + id);
    FUZZ_CHECK(!value.is_null(), "accepted answers keep a null for " + id);
  }
  // Idempotent: the accepted answers, sent again, are accepted as they are.
  const survey::AnswerCheck again = survey::ValidateAnswers(world.instrument, world.teams,
                                                            json{{"answers", check.answers}}, mode);
  FUZZ_CHECK(again.ok(), Describe(again));
  FUZZ_CHECK(again.answers == check.answers, again.answers.dump() + " != " + check.answers.dump());

  // Stored as text, read back by the scans: the same cells as from the JSON.
  const std::string stored = check.answers.dump();
  scoring::AnswerView view;
  FUZZ_CHECK(view.Parse(stored), "AnswerView refuses stored answers " + stored);
  std::vector<uint8_t> from_json(world.layout.width()), from_view(world.layout.width());
  world.layout.Encode(check.answers, from_json.data());
  world.layout.Encode(view, from_view.data());
  FUZZ_CHECK(from_json == from_view, "layout cells differ for " + stored);
  const auto scores = scoring::ScoreRespondent(world.instrument, check.answers);
  FUZZ_CHECK(scores.size() == world.instrument.dimensions.size(), stored);
}

}  // namespace
}  // namespace tessera::fuzz

namespace tessera::fuzz {
namespace {

void Validate(const World& world, const nlohmann::json& body) {
  const survey::AnswerCheck draft =
      survey::ValidateAnswers(world.instrument, world.teams, body, survey::ValidationMode::kDraft);
  const survey::AnswerCheck submit =
      survey::ValidateAnswers(world.instrument, world.teams, body, survey::ValidationMode::kSubmit);
  CheckProblems(draft);
  CheckProblems(submit);
  if (draft.ok()) CheckAccepted(world, draft, survey::ValidationMode::kDraft);
  if (submit.ok()) {
    FUZZ_CHECK(draft.ok(), "accepted for submission but not as a draft: " + Describe(draft));
    FUZZ_CHECK(draft.answers == submit.answers, submit.answers.dump());
    CheckAccepted(world, submit, survey::ValidationMode::kSubmit);
  }
}

}  // namespace
}  // namespace tessera::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tessera;
  const nlohmann::json body =
      nlohmann::json::parse(fuzz::AsText(data, size), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;  // the routes answer 400 malformed before validation
  for (const fuzz::World& world : fuzz::Worlds()) fuzz::Validate(world, body);
  return 0;
}
