#include "engine/campaign_results.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include "engine/plan_codec.h"
#include "scoring/campaign_report.h"
#include "scoring/comment_order.h"
#include "scoring/comment_plan.h"
#include "scoring/item_continuity.h"
#include "scoring/release_policy.h"
#include "scoring/view_guard.h"

namespace tessera::engine {

namespace ins = tessera::instruments;
using nlohmann::json;

namespace {

scoring::CampaignPhase PhaseOf(CampaignState state) {
  switch (state) {
    case CampaignState::kDraft:
      return scoring::CampaignPhase::kDraft;
    case CampaignState::kOpen:
      return scoring::CampaignPhase::kOpen;
    case CampaignState::kClosed:
      return scoring::CampaignPhase::kClosed;
  }
  return scoring::CampaignPhase::kDraft;
}

scoring::ReportOptions OptionsFor(const CampaignSnapshot& snapshot, const std::string& now) {
  scoring::ReportOptions options;
  options.k = snapshot.campaign.anonymity_threshold;
  options.content_hash = snapshot.campaign.instrument_hash;
  options.computed_at = now;
  for (const Team& team : snapshot.teams) options.category_labels[team.slug] = team.name;
  return options;
}

json CampaignJson(const Campaign& campaign) {
  return {{"id", campaign.id},
          {"title", campaign.title},
          {"state", std::string(ToString(campaign.state))},
          {"instrument", campaign.instrument.ToString()}};
}

// A fixed key per campaign: the order of comments depends on their texts only.
scoring::CommentOrderKey CommentKey(const Campaign& campaign) {
  return scoring::CommentOrderKey{0x7465737365726121ULL ^ static_cast<uint64_t>(campaign.id),
                                  0x636f6d6d656e7473ULL};
}

}  // namespace

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

CampaignResults::CampaignResults(Store& store, LiveStatistics& live, NowFn now)
    : store_(store), live_(live), now_(std::move(now)) {}

Result<std::shared_ptr<const CampaignSnapshot>> CampaignResults::Released(int64_t campaign_id) {
  auto snapshot = live_.GetShared(campaign_id);
  if (!snapshot.ok()) return snapshot.status();
  const CampaignSnapshot& held = **snapshot;
  const scoring::ReleaseDecision decision =
      scoring::DecideRelease(PhaseOf(held.campaign.state), held.statistics.respondents(),
                             held.campaign.anonymity_threshold);
  if (!decision.results) return Status::FailedPrecondition(decision.reason);
  return snapshot;
}

std::shared_ptr<const json> CampaignResults::Cached(
    const std::string& key, const std::shared_ptr<const CampaignSnapshot>& snapshot,
    const std::shared_ptr<const CampaignSnapshot>& other) {
  std::lock_guard lock(cache_mutex_);
  auto it = reports_.find(key);
  if (it == reports_.end() || it->second.snapshot.lock() != snapshot ||
      it->second.other.lock() != other) {
    return nullptr;
  }
  return it->second.report;
}

void CampaignResults::Remember(const std::string& key,
                               const std::shared_ptr<const CampaignSnapshot>& snapshot,
                               const json& report,
                               const std::shared_ptr<const CampaignSnapshot>& other) {
  std::lock_guard lock(cache_mutex_);
  reports_[key] = CachedReport{snapshot, other, std::make_shared<const json>(report)};
}

Result<size_t> CampaignResults::GroupingColumn(const CampaignSnapshot& snapshot,
                                               const std::string& by) const {
  return snapshot.layout->FindGrouping(by, snapshot.campaign.instrument.ToString());
}

Result<std::shared_ptr<const CampaignPlan>> CampaignResults::PlanFor(
    const CampaignSnapshot& snapshot) {
  const int64_t id = snapshot.campaign.id;
  const int64_t respondents = snapshot.statistics.respondents();
  auto current = [&](const PlanEntry& entry) {
    return entry.plan != nullptr && entry.layout == snapshot.layout &&
           entry.respondents == respondents;
  };
  std::shared_ptr<std::mutex> building;
  {
    std::lock_guard lock(mutex_);
    if (auto it = plans_.find(id); it != plans_.end() && current(it->second)) {
      return it->second.plan;
    }
    std::shared_ptr<std::mutex>& slot = building_[id];
    if (slot == nullptr) slot = std::make_shared<std::mutex>();
    building = slot;
  }
  // One plan is built at a time per campaign; other campaigns' requests go on meanwhile.
  std::lock_guard build_lock(*building);
  {
    std::lock_guard lock(mutex_);
    if (auto it = plans_.find(id); it != plans_.end() && current(it->second)) {
      return it->second.plan;
    }
  }
  const scoring::ResponseLayout& layout = *snapshot.layout;
  if (&snapshot.atoms.layout() != &layout || snapshot.atoms.respondents() != respondents) {
    return Status::Internal("the campaign's statistics disagree; the plan was not made");
  }
  // A released campaign's plan is kept in the store with the fingerprint of what it was made
  // for: read back, it is used only if the fingerprint and the shape still match.
  const std::string fingerprint = PlanFingerprint(snapshot);
  if (auto kept = store_.LoadDisclosurePlan(id); kept.ok() && kept->fingerprint == fingerprint) {
    if (auto decoded = DecodePlan(kept->plan); decoded.ok() && decoded->figures.Fits(layout) &&
                                               decoded->figures.respondents == respondents) {
      auto plan = std::make_shared<const CampaignPlan>(std::move(*decoded));
      std::lock_guard lock(mutex_);
      plans_[id] = PlanEntry{snapshot.layout, respondents, plan};
      return plan;
    }
  }
  const int64_t k = snapshot.campaign.anonymity_threshold;
  scoring::DisclosurePlanOptions options;
  options.k = k;
  Result<scoring::DisclosurePlan> figures = scoring::BuildDisclosurePlan(snapshot.atoms, options);
  if (!figures.ok()) return figures.status();
  if (!figures->Fits(layout) || figures->respondents != respondents) {
    return Status::Internal("the disclosure plan does not fit the campaign's groupings");
  }
  auto plan = std::make_shared<CampaignPlan>();
  plan->figures = std::move(*figures);
  for (const ins::Item* item : snapshot.instrument->Items()) {
    if (item->type != ins::ItemType::kText) continue;
    scoring::CommenterAtoms commenters;
    for (const Comment& comment : snapshot.comments) {
      if (comment.item_id != item->id || comment.groups.size() != layout.groupings().size()) {
        continue;
      }
      std::vector<uint8_t> key(comment.groups.size(), scoring::kAtomNotStated);
      for (size_t g = 0; g < key.size(); ++g) {
        const uint8_t cell = comment.groups[g];
        if (cell >= 1 && cell <= layout.groupings()[g].categories.size()) key[g] = cell;
      }
      ++commenters[key];
    }
    plan->comments[item->id] =
        scoring::PlanCommentLists(layout, commenters, plan->figures.groups, k);
  }
  // Only a closed campaign's plan is kept: its responses and categories never change again. A
  // failure to keep it costs only time (it is made again next time), never a figure.
  if (snapshot.campaign.state == CampaignState::kClosed) {
    plan_saves_failed_ +=
        !store_.SaveDisclosurePlan(id, StoredPlan{fingerprint, EncodePlan(*plan)}).ok();
  }
  std::lock_guard lock(mutex_);
  plans_[id] = PlanEntry{snapshot.layout, respondents, plan};
  return std::shared_ptr<const CampaignPlan>(plan);
}

Result<json> CampaignResults::Scores(int64_t campaign_id, const std::string& by) {
  auto shared = SharedScores(campaign_id, by);
  if (!shared.ok()) return shared.status();
  return json(**shared);
}

Result<std::shared_ptr<const json>> CampaignResults::SharedScores(int64_t campaign_id,
                                                                  const std::string& by) {
  auto snapshot_held = Released(campaign_id);
  if (!snapshot_held.ok()) return snapshot_held.status();
  const CampaignSnapshot& snapshot = **snapshot_held;
  const std::string cache_key = "scores/" + std::to_string(campaign_id) + "/" + by;
  if (auto cached = Cached(cache_key, *snapshot_held)) return cached;
  std::optional<scoring::BreakdownOptions> breakdown;
  if (!by.empty()) {
    Result<size_t> column = GroupingColumn(snapshot, by);
    if (!column.ok()) return column.status();
    breakdown = scoring::BreakdownOptions{*column, {}};
  }
  auto plan = PlanFor(snapshot);
  if (!plan.ok()) return plan.status();
  scoring::ReportOptions options = OptionsFor(snapshot, now_());
  options.plan = &(*plan)->figures;
  Result<json> report =
      scoring::BuildScoreReport(*snapshot.instrument, snapshot.statistics, options, breakdown);
  if (!report.ok()) return report.status();
  (*report)["campaign"] = CampaignJson(snapshot.campaign);
  Remember(cache_key, *snapshot_held, *report);
  return Cached(cache_key, *snapshot_held);
}

Result<DisclosedCampaign> CampaignResults::DisclosurePlan(int64_t campaign_id) {
  auto snapshot_held = Released(campaign_id);
  if (!snapshot_held.ok()) return snapshot_held.status();
  auto plan = PlanFor(**snapshot_held);
  if (!plan.ok()) return plan.status();
  return DisclosedCampaign{*snapshot_held, *plan};
}

Result<json> CampaignResults::Reliability(int64_t campaign_id) {
  auto snapshot_held = Released(campaign_id);
  if (!snapshot_held.ok()) return snapshot_held.status();
  const CampaignSnapshot& snapshot = **snapshot_held;
  const std::string cache_key = "reliability/" + std::to_string(campaign_id);
  if (auto cached = Cached(cache_key, *snapshot_held)) return json(*cached);
  auto plan = PlanFor(snapshot);
  if (!plan.ok()) return plan.status();
  scoring::ReportOptions options = OptionsFor(snapshot, now_());
  options.plan = &(*plan)->figures;
  Result<json> report =
      scoring::BuildReliabilityReport(*snapshot.instrument, snapshot.statistics, options);
  if (!report.ok()) return report.status();
  (*report)["campaign"] = CampaignJson(snapshot.campaign);
  Remember(cache_key, *snapshot_held, *report);
  return report;
}

Result<json> CampaignResults::Compare(int64_t earlier_id, int64_t later_id) {
  if (earlier_id == later_id) {
    return Status::InvalidArgument("compare two different campaigns", "/compare");
  }
  auto earlier_held = Released(earlier_id);
  if (!earlier_held.ok()) return earlier_held.status();
  const CampaignSnapshot& earlier = **earlier_held;
  auto later_held = Released(later_id);
  if (!later_held.ok()) return later_held.status();
  const CampaignSnapshot& later = **later_held;
  if (earlier.campaign.organisation_id != later.campaign.organisation_id) {
    return Status::InvalidArgument("the two campaigns belong to different organisations",
                                   "/compare");
  }
  if (earlier.instrument->id != later.instrument->id) {
    return Status::InvalidArgument("the two campaigns use different instruments (" +
                                       earlier.campaign.instrument.ToString() + " and " +
                                       later.campaign.instrument.ToString() + ")",
                                   "/compare");
  }
  const ins::Instrument* first = earlier.instrument.get();
  const ins::Instrument* second = later.instrument.get();
  const bool swapped = second->version < first->version;
  if (swapped) std::swap(first, second);
  Result<scoring::ItemContinuity> continuity = scoring::MatchItems(*first, *second);
  if (!continuity.ok()) return continuity.status();
  if (swapped) {
    return Status::InvalidArgument("the earlier campaign uses the newer instrument version (" +
                                       earlier.campaign.instrument.ToString() +
                                       "); compare in the other order",
                                   "/compare");
  }
  const std::string cache_key =
      "compare/" + std::to_string(earlier_id) + "/" + std::to_string(later_id);
  if (auto cached = Cached(cache_key, *later_held, *earlier_held)) return json(*cached);
  const std::string now = now_();
  scoring::Wave before{earlier.instrument.get(), &earlier.statistics, earlier.campaign.title,
                       OptionsFor(earlier, now)};
  scoring::Wave after{later.instrument.get(), &later.statistics, later.campaign.title,
                      OptionsFor(later, now)};
  Result<json> report = scoring::BuildWaveReport(before, after, *continuity);
  if (!report.ok()) return report.status();
  (*report)["earlier"]["campaign"] = CampaignJson(earlier.campaign);
  (*report)["later"]["campaign"] = CampaignJson(later.campaign);
  Remember(cache_key, *later_held, *report, *earlier_held);
  return report;
}

Result<std::shared_ptr<const json>> CampaignResults::AllComments(int64_t campaign_id,
                                                                 const std::string& by) {
  auto snapshot_held = Released(campaign_id);
  if (!snapshot_held.ok()) return snapshot_held.status();
  const CampaignSnapshot& snapshot = **snapshot_held;
  const std::string cache_key = "comments/" + std::to_string(campaign_id) + "/" + by;
  if (auto cached = Cached(cache_key, *snapshot_held)) return cached;
  const int64_t k = snapshot.campaign.anonymity_threshold;
  const scoring::ResponseLayout& layout = *snapshot.layout;
  std::optional<size_t> column;
  if (!by.empty()) {
    Result<size_t> found = GroupingColumn(snapshot, by);
    if (!found.ok()) return found.status();
    column = *found;
  }
  auto plan = PlanFor(snapshot);
  if (!plan.ok()) return plan.status();
  const std::string fewer = "fewer than " + std::to_string(k) + " comments";
  json questions = json::array();
  for (const ins::Item* item : snapshot.instrument->Items()) {
    if (item->type != ins::ItemType::kText) continue;
    const auto planned = (*plan)->comments.find(item->id);
    if (planned == (*plan)->comments.end()) {
      return Status::Internal("the disclosure plan has no comment lists for " + item->id);
    }
    const scoring::FigureRelease& lists = planned->second;
    json question = {{"item", item->id}, {"text", item->text}};
    const auto shown = ShownComments(snapshot, **plan, item->id);
    question["comments"] = shown ? json(*shown) : json(nullptr);
    if (!shown) question["reason"] = fewer;
    if (column) {
      const auto& grouping = layout.groupings()[*column];
      json groups = json::array();
      for (size_t c = 0; c < grouping.categories.size(); ++c) {
        json group = {{"value", grouping.categories[c]}};
        const auto cell_shown = ShownComments(snapshot, **plan, item->id, std::pair{*column, c});
        group["comments"] = cell_shown ? json(*cell_shown) : json(nullptr);
        if (!cell_shown) {
          const scoring::CellDecision decision =
              *column < lists.cells.size() && c < lists.cells[*column].size()
                  ? lists.cells[*column][c]
                  : scoring::CellDecision::kWithheld;
          group["reason"] =
              decision == scoring::CellDecision::kBelowThreshold || lists.Shown(*column, c)
                  ? fewer
                  : std::string(scoring::ToString(decision));
        }
        groups.push_back(std::move(group));
      }
      question["by"] = {{"item", grouping.item_id}, {"groups", std::move(groups)}};
    }
    questions.push_back(std::move(question));
  }
  json report = {{"campaign", CampaignJson(snapshot.campaign)},
                 {"threshold", k},
                 {"questions", std::move(questions)}};
  Remember(cache_key, *snapshot_held, report);
  return Cached(cache_key, *snapshot_held);
}

std::optional<std::vector<std::string>> ShownComments(
    const CampaignSnapshot& snapshot, const CampaignPlan& plan, const std::string& item_id,
    std::optional<std::pair<size_t, size_t>> cell) {
  const auto planned = plan.comments.find(item_id);
  if (planned == plan.comments.end()) return std::nullopt;
  const scoring::FigureRelease& lists = planned->second;
  const int64_t k = snapshot.campaign.anonymity_threshold;
  int64_t group_n = snapshot.statistics.respondents();
  if (cell) {
    if (!lists.Shown(cell->first, cell->second)) return std::nullopt;
    const std::vector<scoring::GroupStatistics>& cells = snapshot.statistics.cells(cell->first);
    group_n = cell->second < cells.size() ? cells[cell->second].respondents : 0;
  } else if (!lists.overall) {
    return std::nullopt;
  }
  std::vector<std::string> texts;
  for (const Comment& comment : snapshot.comments) {
    if (comment.item_id != item_id) continue;
    if (cell &&
        (comment.groups.size() <= cell->first || comment.groups[cell->first] != cell->second + 1)) {
      continue;
    }
    texts.push_back(comment.text);
  }
  return scoring::CommentsForDisplay(std::move(texts), group_n, k, CommentKey(snapshot.campaign));
}

Status CommentPage::Check() const {
  if (offset < 0) return Status::InvalidArgument("offset must be 0 or more", "/offset");
  if (limit < 1 || limit > kMaxLimit) {
    return Status::InvalidArgument("limit must be between 1 and " + std::to_string(kMaxLimit),
                                   "/limit");
  }
  return Status::Ok();
}

Result<json> CampaignResults::Comments(int64_t campaign_id, const std::string& by,
                                       const CommentPage& page) {
  if (Status checked = page.Check(); !checked.ok()) return checked;
  auto all = AllComments(campaign_id, by);
  if (!all.ok()) return all.status();
  // A copy of the report with each list of comments cut to the window: only the window's
  // texts are copied, however long the lists.
  auto window = [&page](const json& holder) {
    json out = json::object();
    for (const auto& [key, value] : holder.items()) {
      if (key != "comments" && key != "by") out[key] = value;
    }
    const auto comments = holder.find("comments");
    if (comments == holder.end()) return out;
    if (!comments->is_array()) {
      out["comments"] = *comments;
      return out;
    }
    const auto size = static_cast<int64_t>(comments->size());
    const int64_t from = std::min(page.offset, size);
    const int64_t to = std::min(size, from + page.limit);
    out["comments"] = json(comments->begin() + from, comments->begin() + to);
    out["total"] = size;
    return out;
  };
  const json& report = **all;
  json paged = {{"campaign", report.at("campaign")},
                {"threshold", report.at("threshold")},
                {"page", {{"offset", page.offset}, {"limit", page.limit}}},
                {"questions", json::array()}};
  for (const json& question : report.at("questions")) {
    json out = window(question);
    if (const auto by_groups = question.find("by"); by_groups != question.end()) {
      json groups = json::array();
      for (const json& group : by_groups->at("groups")) groups.push_back(window(group));
      out["by"] = {{"item", by_groups->at("item")}, {"groups", std::move(groups)}};
    }
    paged["questions"].push_back(std::move(out));
  }
  return paged;
}

Result<json> CampaignResults::Release(int64_t campaign_id) {
  auto campaign = store_.GetCampaign(campaign_id);
  if (!campaign.ok()) return campaign.status();
  auto count = store_.CountResponses(campaign_id);
  if (!count.ok()) return count.status();
  const int64_t k = campaign->anonymity_threshold;
  const scoring::ReleaseDecision decision =
      scoring::DecideRelease(PhaseOf(campaign->state), *count, k);
  json release = CampaignJson(*campaign);
  release["threshold"] = k;
  release["responses"] = decision.response_count ? json(*count) : json(nullptr);
  release["results_released"] = decision.results;
  if (!decision.reason.empty()) release["reason"] = decision.reason;
  return release;
}

}  // namespace tessera::engine
