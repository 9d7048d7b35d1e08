// The respondent side of the engine: resolves a link token to its campaign and pinned
// instrument, serves the survey document, saves drafts and submits responses through the
// group-commit queue. Every failure a respondent can cause comes back as a value. Drafts are
// sealed here, under a key derived from the token (survey/sealed_draft.h), before they reach
// the store, and opened here with the token the respondent brings.
#ifndef TESSERA_ENGINE_SURVEY_INTAKE_H_
#define TESSERA_ENGINE_SURVEY_INTAKE_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/burst_watch.h"
#include "engine/store.h"
#include "engine/submission_queue.h"
#include "instruments/instrument.h"
#include "survey/answer_validation.h"
#include "survey/survey_document.h"

namespace tessera::engine {

// Today's date as YYYY-MM-DD (UTC); replaceable in tests.
using TodayFn = std::function<std::string()>;
std::string TodayUtc();

// The outcome of a respondent action. `status` is ok, or:
//   kNotFound          unknown or malformed token
//   kGone              link already used, or the campaign is not open
//   kInvalidArgument   answers invalid: see `problems`
//   kConflict          the same link is being submitted concurrently
//   kFailedPrecondition an open link cannot hold a draft; the server is shutting down
//   kCorruption        the saved draft does not open with this token (changed in the store)
//   kResourceExhausted the campaign has as many responses as its audience size (no pointer), or
//                      the team chosen as many as its headcount (pointer "/answers/<team item>");
//                      nothing is stored and the link and its draft are kept
struct IntakeOutcome {
  Status status;
  std::vector<survey::AnswerProblem> problems;
  LinkKind link_kind = LinkKind::kPersonal;  // of the resolved link
  std::string receipt;                       // after a successful submission
  nlohmann::json document;  // after Document() or a draft save: the survey document
};

class SurveyIntake {
 public:
  SurveyIntake(Store& store, SubmissionQueue& queue, TodayFn today = TodayUtc,
               BurstOptions bursts = {});

  // The survey document for `token`, with the saved draft.
  IntakeOutcome Document(const std::string& token);

  // Validates {"answers": {...}} as a draft and replaces the saved draft with it.
  IntakeOutcome SaveDraft(const std::string& token, const nlohmann::json& body);

  // Merges answers into the saved draft (a null answer clears one), validating the result as
  // a draft: the survey pages save one page at a time this way.
  IntakeOutcome MergeDraft(const std::string& token, const nlohmann::json& page_answers);

  // Validates {"answers": {...}} in submit mode and queues it; `done` runs once committed.
  void Submit(const std::string& token, const nlohmann::json& body,
              std::function<void(IntakeOutcome)> done);

  // Returns once every response committed so far has been checked for bursts and any flag
  // recorded (the check runs in the background; `tessera serve` waits for it before exiting).
  void WaitForBurstChecks() { bursts_->Wait(); }

  // For an open link: a fresh single-use personal link for one respondent, marked as minted
  // from the shared link. kResourceExhausted once the campaign has as many responses as its
  // audience size.
  struct IssuedLink {
    std::string token;
    std::string closes_on;  // the campaign's closing date, empty when open-ended
  };
  Result<IssuedLink> IssuePersonalLink(const std::string& open_token);

 private:
  // What every request for one campaign needs; shared by requests and refreshed after
  // kContextTtl, so a campaign closed meanwhile stops taking drafts within that time
  // (submissions are checked against the stored campaign inside their commit anyway).
  struct CampaignContext {
    Campaign campaign;
    std::shared_ptr<const instruments::Instrument> instrument;
    std::vector<std::string> team_slugs;
    std::vector<survey::Team> teams;
    size_t draft_block = 0;  // every draft of the campaign is sealed at this padded size
    std::chrono::steady_clock::time_point loaded_at;
  };
  struct Resolved {
    std::string token;
    Link link;
    std::shared_ptr<const CampaignContext> context;
    const Campaign& campaign() const { return context->campaign; }
    const instruments::Instrument& instrument() const { return *context->instrument; }
  };
  Result<std::shared_ptr<const CampaignContext>> ContextFor(int64_t campaign_id);
  // Checks the token, its link and campaign; on failure fills `outcome` and returns false.
  bool Resolve(const std::string& token, Resolved* resolved, IntakeOutcome* outcome);
  // As Resolve, and refuses a shared (open) link, which holds no draft.
  bool ResolveForDraft(const std::string& token, Resolved* resolved, IntakeOutcome* outcome);
  // Validates `answers` as a draft and saves them. With `show_rejected`, a rejected draft's
  // answers still fill the returned document so the respondent sees what they entered.
  IntakeOutcome SaveValidDraft(const Resolved& resolved, const nlohmann::json& answers,
                               bool show_rejected);
  // The link's draft, opened with its token: an empty object when it has none.
  Result<nlohmann::json> LoadDraft(const Resolved& resolved);
  Result<std::shared_ptr<const instruments::Instrument>> InstrumentFor(const Campaign& campaign);
  nlohmann::json BuildDocument(const Resolved& resolved, const nlohmann::json& draft) const;

  Store& store_;
  SubmissionQueue& queue_;
  TodayFn today_;
  std::mutex cache_mutex_;
  // Published instrument versions never change, so they are parsed once per hash.
  std::map<std::string, std::shared_ptr<const instruments::Instrument>> instruments_;
  std::map<int64_t, std::shared_ptr<const CampaignContext>> contexts_;
  // Bursts of near-identical committed responses into one group are flagged in the store, off
  // the writer's thread. Shared with the commit callbacks, which may run after the intake is gone.
  std::shared_ptr<BurstWatch> bursts_;
};

// The grouping answers alone, e.g. {"team": "youth", "role": "pnts"}.
nlohmann::json GroupingAnswers(const instruments::Instrument& instrument,
                               const nlohmann::json& answers);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_SURVEY_INTAKE_H_
