#include "engine/survey_intake.h"

#include <ctime>

#include "engine/campaign_instrument.h"
#include "instruments/content_hash.h"
#include "survey/sealed_draft.h"
#include "survey/survey_document.h"
#include "survey/token.h"

namespace tessera::engine {

std::string TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[11];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

nlohmann::json GroupingAnswers(const instruments::Instrument& instrument,
                               const nlohmann::json& answers) {
  nlohmann::json groups = nlohmann::json::object();
  for (const instruments::Item* item : instrument.Items()) {
    if (item->grouping == instruments::Grouping::kNone) continue;
    if (auto it = answers.find(item->id); it != answers.end() && !it->is_null()) {
      groups[item->id] = *it;
    }
  }
  return groups;
}

SurveyIntake::SurveyIntake(Store& store, SubmissionQueue& queue, TodayFn today, BurstOptions bursts)
    : store_(store),
      queue_(queue),
      today_(std::move(today)),
      bursts_(std::make_shared<BurstWatch>(store, bursts)) {}

Result<std::shared_ptr<const instruments::Instrument>> SurveyIntake::InstrumentFor(
    const Campaign& campaign) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = instruments_.find(campaign.instrument_hash); it != instruments_.end()) {
      return it->second;
    }
  }
  auto instrument = LoadCampaignInstrument(store_, campaign);
  if (!instrument.ok()) return instrument.status();
  std::lock_guard lock(cache_mutex_);
  instruments_.emplace(campaign.instrument_hash, *instrument);
  return instrument;
}

bool SurveyIntake::Resolve(const std::string& token, Resolved* resolved, IntakeOutcome* outcome) {
  auto fail = [outcome](Status status) {
    outcome->status = std::move(status);
    return false;
  };
  // One message for malformed and unknown tokens, and it never repeats the token.
  const Status unknown =
      Status::NotFound("this survey link is not valid; check that it was copied in full");
  if (!survey::LooksLikeToken(token)) return fail(unknown);
  auto link = store_.FindLink(survey::TokenHash(token));
  if (!link.ok()) {
    return fail(link.status().code() == StatusCode::kNotFound ? unknown : link.status());
  }
  outcome->link_kind = link->kind;
  if (link->used) return fail(Status::Gone("this survey link has already been used"));
  auto context = ContextFor(link->campaign_id);
  if (!context.ok()) return fail(context.status());
  const Campaign& campaign = (*context)->campaign;
  const std::string today = today_();
  if (campaign.state == CampaignState::kDraft ||
      (!campaign.opens_on.empty() && today < campaign.opens_on)) {
    return fail(Status::Gone("this survey is not open yet"));
  }
  if (campaign.state == CampaignState::kClosed ||
      (!campaign.closes_on.empty() && today > campaign.closes_on)) {
    return fail(Status::Gone("this survey is closed"));
  }
  resolved->token = token;
  resolved->link = *link;
  resolved->context = std::move(*context);
  return true;
}

Result<std::shared_ptr<const SurveyIntake::CampaignContext>> SurveyIntake::ContextFor(
    int64_t campaign_id) {
  constexpr auto kContextTtl = std::chrono::seconds(1);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = contexts_.find(campaign_id);
        it != contexts_.end() && now - it->second->loaded_at < kContextTtl) {
      return it->second;
    }
  }
  auto campaign = store_.GetCampaign(campaign_id);
  if (!campaign.ok()) return campaign.status();
  auto instrument = InstrumentFor(*campaign);
  if (!instrument.ok()) return instrument.status();
  auto teams = store_.ListTeams(campaign->organisation_id);
  if (!teams.ok()) return teams.status();
  auto context = std::make_shared<CampaignContext>();
  context->campaign = std::move(*campaign);
  context->instrument = std::move(*instrument);
  for (const Team& team : *teams) {
    context->team_slugs.push_back(team.slug);
    context->teams.push_back({team.slug, team.name});
  }
  context->draft_block = survey::DraftBlockSize(*context->instrument, context->team_slugs);
  context->loaded_at = now;
  std::lock_guard lock(cache_mutex_);
  contexts_[campaign_id] = context;
  return std::shared_ptr<const CampaignContext>(std::move(context));
}

nlohmann::json SurveyIntake::BuildDocument(const Resolved& resolved,
                                           const nlohmann::json& draft) const {
  survey::SurveyContext context;
  context.campaign_id = resolved.campaign().id;
  context.campaign_title = resolved.campaign().title;
  context.closes_on = resolved.campaign().closes_on;
  context.anonymity_threshold = resolved.campaign().anonymity_threshold;
  context.teams = resolved.context->teams;
  context.draft_answers = draft;
  return survey::BuildSurveyDocument(resolved.instrument(), context);
}

Result<nlohmann::json> SurveyIntake::LoadDraft(const Resolved& resolved) {
  Result<std::string> sealed = store_.LoadDraft(resolved.link.id);
  if (!sealed.ok()) return sealed.status();
  if (sealed->empty()) return nlohmann::json::object();
  Result<std::string> text = survey::OpenDraft(resolved.token, resolved.link.id, *sealed);
  if (!text.ok()) return text.status();
  nlohmann::json draft = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!draft.is_object()) {
    return Status::Corruption("the saved answers of this link cannot be read");
  }
  return draft;
}

IntakeOutcome SurveyIntake::Document(const std::string& token) {
  IntakeOutcome outcome;
  Resolved resolved;
  if (!Resolve(token, &resolved, &outcome)) return outcome;
  nlohmann::json draft = nlohmann::json::object();
  if (resolved.link.kind == LinkKind::kPersonal) {
    auto saved = LoadDraft(resolved);
    if (!saved.ok()) {
      outcome.status = saved.status();
      return outcome;
    }
    draft = std::move(*saved);
  }
  outcome.document = BuildDocument(resolved, draft);
  return outcome;
}

bool SurveyIntake::ResolveForDraft(const std::string& token, Resolved* resolved,
                                   IntakeOutcome* outcome) {
  if (!Resolve(token, resolved, outcome)) return false;
  if (resolved->link.kind == LinkKind::kPersonal) return true;
  outcome->status = Status::FailedPrecondition(
      "answers cannot be saved on a shared link; open the survey from its page to get a "
      "personal link that can be saved");
  return false;
}

IntakeOutcome SurveyIntake::SaveValidDraft(const Resolved& resolved, const nlohmann::json& answers,
                                           bool show_rejected) {
  IntakeOutcome outcome;
  survey::AnswerCheck check =
      survey::ValidateAnswers(resolved.instrument(), resolved.context->team_slugs,
                              {{"answers", answers}}, survey::ValidationMode::kDraft);
  if (!check.ok()) {
    outcome.status = Status::InvalidArgument("some answers need attention");
    outcome.problems = std::move(check.problems);
    if (show_rejected && answers.is_object()) {
      // Keep what the respondent typed on screen, but store nothing until it is valid.
      nlohmann::json shown = answers;
      for (auto it = shown.begin(); it != shown.end();) {
        it = it->is_null() ? shown.erase(it) : std::next(it);
      }
      outcome.document = BuildDocument(resolved, shown);
    }
    return outcome;
  }
  std::string text;
  try {
    text = check.answers.dump();
  } catch (const nlohmann::json::exception& error) {  // validated text is UTF-8: not expected
    outcome.status =
        Status::InvalidArgument(std::string("draft answers cannot be stored: ") + error.what());
    return outcome;
  }
  const std::string sealed =
      survey::SealDraft(resolved.token, resolved.link.id, text, resolved.context->draft_block);
  if (Status saved = store_.SaveDraft(resolved.link.id, sealed); !saved.ok()) {
    outcome.status = saved;
    return outcome;
  }
  outcome.document = BuildDocument(resolved, check.answers);
  return outcome;
}

IntakeOutcome SurveyIntake::SaveDraft(const std::string& token, const nlohmann::json& body) {
  IntakeOutcome outcome;
  Resolved resolved;
  if (!ResolveForDraft(token, &resolved, &outcome)) return outcome;
  // The body's shape (an object holding only "answers") is checked by validation itself.
  if (!body.is_object() || body.size() != 1 || !body.contains("answers")) {
    survey::AnswerCheck check = survey::ValidateAnswers(
        resolved.instrument(), resolved.context->team_slugs, body, survey::ValidationMode::kDraft);
    outcome.status = Status::InvalidArgument("some answers need attention");
    outcome.problems = std::move(check.problems);
    return outcome;
  }
  return SaveValidDraft(resolved, body["answers"], /*show_rejected=*/false);
}

IntakeOutcome SurveyIntake::MergeDraft(const std::string& token,
                                       const nlohmann::json& page_answers) {
  IntakeOutcome outcome;
  Resolved resolved;
  if (!ResolveForDraft(token, &resolved, &outcome)) return outcome;
  auto saved = LoadDraft(resolved);
  if (!saved.ok()) {
    outcome.status = saved.status();
    return outcome;
  }
  nlohmann::json merged = std::move(*saved);
  for (const auto& [item, value] : page_answers.items()) merged[item] = value;
  return SaveValidDraft(resolved, merged, /*show_rejected=*/true);
}

void SurveyIntake::Submit(const std::string& token, const nlohmann::json& body,
                          std::function<void(IntakeOutcome)> done) {
  IntakeOutcome outcome;
  Resolved resolved;
  if (!Resolve(token, &resolved, &outcome)) return done(std::move(outcome));
  if (resolved.link.kind != LinkKind::kPersonal) {
    // Every response comes through a single-use link, so one person cannot flood a campaign
    // through the shared one: it hands out personal links instead (IssuePersonalLink).
    outcome.status = Status::FailedPrecondition(
        "answers cannot be submitted on a shared link; open the survey from its page to get a "
        "personal link");
    return done(std::move(outcome));
  }
  survey::AnswerCheck check = survey::ValidateAnswers(
      resolved.instrument(), resolved.context->team_slugs, body, survey::ValidationMode::kSubmit);
  if (!check.ok()) {
    outcome.status = Status::InvalidArgument("some answers need attention");
    outcome.problems = std::move(check.problems);
    return done(std::move(outcome));
  }
  Submission submission;
  submission.campaign_id = resolved.campaign().id;
  submission.token_hash = survey::TokenHash(token);
  submission.groups = GroupingAnswers(resolved.instrument(), check.answers);
  submission.answers = std::move(check.answers);
  std::string receipt = survey::NewReceiptCode();
  submission.receipt_hash = instruments::Sha256Hex(receipt);
  submission.submitted_on = today_();
  // What the burst detector needs once the response is committed (it never sees a link),
  // prepared here rather than on the thread that commits.
  nlohmann::json groups = submission.groups;
  AnswerFingerprint fingerprint = AnswerFingerprint::Of(submission.answers);
  std::string day = submission.submitted_on;
  queue_.Enqueue(
      std::move(submission),
      [bursts = bursts_, done = std::move(done), receipt = std::move(receipt),
       campaign_id = resolved.campaign().id, groups = std::move(groups),
       fingerprint = std::move(fingerprint), day = std::move(day)](const Status& status) mutable {
        IntakeOutcome result;
        result.status = status;
        if (status.ok()) {
          result.receipt = receipt;
          bursts->Add(campaign_id, std::move(groups), std::move(fingerprint), std::move(day));
        }
        done(std::move(result));
      });
}

Result<SurveyIntake::IssuedLink> SurveyIntake::IssuePersonalLink(const std::string& open_token) {
  IntakeOutcome outcome;
  Resolved resolved;
  if (!Resolve(open_token, &resolved, &outcome)) return outcome.status;
  if (resolved.link.kind != LinkKind::kOpen) {
    return Status::InvalidArgument("this is already a personal link");
  }
  std::string token = survey::NewToken();
  if (Status status = store_.AddMintedLink(resolved.campaign().id, survey::TokenHash(token));
      !status.ok()) {
    return status;
  }
  return IssuedLink{std::move(token), resolved.campaign().closes_on};
}

}  // namespace tessera::engine
