// A campaign's results, as every reader of them gets them (the command line now, the dashboard
// and exports next): the score report, reliability, wave comparison and comments, computed from
// the live statistics (never by rescanning responses) with the anonymity rules applied here, at
// the one way out:
// - release: results only once the campaign is closed and has at least k responses
//   (scoring/release_policy.h); while it is open, only its response count, once >= k;
// - the disclosure plan: for a closed campaign, every grouping question's breakdown cells are
//   decided once, in a fixed order, so that no combination of everything that can be shown
//   (the whole campaign and every shown cell of every grouping) describes fewer than k people
//   (scoring/view_guard.h); every breakdown, of any result, follows the same plan;
// - comments only for groups of at least k with at least k comments, in an order that does not
//   follow submission (scoring/comment_order.h).
#ifndef TESSERA_ENGINE_CAMPAIGN_RESULTS_H_
#define TESSERA_ENGINE_CAMPAIGN_RESULTS_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/live_statistics.h"
#include "engine/store.h"
#include "scoring/disclosure_plan.h"
#include "scoring/suppression.h"

namespace tessera::engine {

// The current UTC time as YYYY-MM-DDTHH:MM:SSZ; replaceable in tests.
using NowFn = std::function<std::string()>;
std::string NowUtc();

// Everything a released campaign may show, decided once for one snapshot (its responses and
// every grouping's categories): the figures' plan (scoring/disclosure_plan.h) and, per
// free-text question, where its comment lists may be shown (scoring/comment_plan.h).
struct CampaignPlan {
  scoring::DisclosurePlan figures;
  std::map<std::string, scoring::FigureRelease> comments;  // by free-text item id
};

// A released campaign's snapshot with the plan made for it (what exports need to apply it).
struct DisclosedCampaign {
  std::shared_ptr<const CampaignSnapshot> snapshot;
  std::shared_ptr<const CampaignPlan> plan;
};

// The comments on one free-text question shown for the whole campaign (`cell` nullopt) or for
// one cell (grouping column, category index), in display order (scoring/comment_order.h);
// nullopt when the plan withholds that list. What the dashboard, the API and the comments
// export all show.
std::optional<std::vector<std::string>> ShownComments(
    const CampaignSnapshot& snapshot, const CampaignPlan& plan, const std::string& item_id,
    std::optional<std::pair<size_t, size_t>> cell = std::nullopt);

// A window on every list of comments: entries [offset, offset + limit) of the list's order,
// which never changes while the campaign's responses do not. Paging shows nothing that the
// whole list would not; it only keeps a request's size independent of the campaign's.
struct CommentPage {
  static constexpr int64_t kDefaultLimit = 50;
  static constexpr int64_t kMaxLimit = 500;
  int64_t offset = 0;
  int64_t limit = kDefaultLimit;

  // kInvalidArgument (pointer "/offset" or "/limit") for a negative offset or a limit outside
  // 1..kMaxLimit.
  Status Check() const;
};

class CampaignResults {
 public:
  CampaignResults(Store& store, LiveStatistics& live, NowFn now = NowUtc);

  // The score report (scoring/campaign_report.h); `by` is empty or a grouping question's item
  // id (or its grouping kind, e.g. "team", when only one question has it). kNotFound for an
  // unknown campaign; kFailedPrecondition when its results are not released (the message says
  // why); kInvalidArgument for an unknown grouping.
  Result<nlohmann::json> Scores(int64_t campaign_id, const std::string& by = "");
  // The same report without a copy: shared with every caller until the snapshot changes.
  Result<std::shared_ptr<const nlohmann::json>> SharedScores(int64_t campaign_id,
                                                             const std::string& by = "");
  Result<nlohmann::json> Reliability(int64_t campaign_id);
  // `later_id` minus `earlier_id`: both released, the same instrument (versions joined by
  // declared continuity; the earlier version must not be newer).
  Result<nlohmann::json> Compare(int64_t earlier_id, int64_t later_id);
  // The comments on every free-text question, for the whole campaign or by grouping: of each
  // list shown, the window `page` (in the list's fixed order) and the list's "total".
  Result<nlohmann::json> Comments(int64_t campaign_id, const std::string& by = "",
                                  const CommentPage& page = CommentPage());
  // What may be shown at all: state, threshold, the response count (null below k) and whether
  // results are released, with the reason when not.
  Result<nlohmann::json> Release(int64_t campaign_id);
  // The disclosure plan every result follows, with the snapshot it was made for.
  // kNotFound / kFailedPrecondition as Scores.
  Result<DisclosedCampaign> DisclosurePlan(int64_t campaign_id);
  // Plans that could not be kept in the store (they are made again when next needed).
  int64_t plan_saves_failed() const { return plan_saves_failed_.load(); }

 private:
  // A plan and what it was made for: the snapshot's layout (which holds every grouping's
  // categories; held, so its address is never reused) and its respondent count.
  struct PlanEntry {
    std::shared_ptr<const scoring::ResponseLayout> layout;
    int64_t respondents = -1;
    std::shared_ptr<const CampaignPlan> plan;
  };
  // The campaign's shared snapshot when its results are released (kFailedPrecondition, with
  // the reason, when not).
  Result<std::shared_ptr<const CampaignSnapshot>> Released(int64_t campaign_id);
  Result<size_t> GroupingColumn(const CampaignSnapshot& snapshot, const std::string& by) const;
  // The plan for exactly this snapshot: made on first use, shared until the responses or any
  // grouping's categories change. kInternal if it does not fit the snapshot's layout.
  Result<std::shared_ptr<const CampaignPlan>> PlanFor(const CampaignSnapshot& snapshot);

  // A report built from one snapshot (two for a comparison), reused while that snapshot is the
  // campaign's current one (a closed campaign's statistics never change, so each of its reports
  // is built once).
  struct CachedReport {
    std::weak_ptr<const CampaignSnapshot> snapshot;
    std::weak_ptr<const CampaignSnapshot> other;  // a comparison's earlier wave
    std::shared_ptr<const nlohmann::json> report;
  };
  // Null when the report is not cached for this snapshot (and `other`).
  std::shared_ptr<const nlohmann::json> Cached(
      const std::string& key, const std::shared_ptr<const CampaignSnapshot>& snapshot,
      const std::shared_ptr<const CampaignSnapshot>& other = nullptr);
  void Remember(const std::string& key, const std::shared_ptr<const CampaignSnapshot>& snapshot,
                const nlohmann::json& report,
                const std::shared_ptr<const CampaignSnapshot>& other = nullptr);
  // Every comment of every list (what Comments pages), built once per snapshot.
  Result<std::shared_ptr<const nlohmann::json>> AllComments(int64_t campaign_id,
                                                            const std::string& by);

  Store& store_;
  LiveStatistics& live_;
  NowFn now_;
  std::mutex mutex_;  // guards plans_ and building_
  std::map<int64_t, PlanEntry> plans_;
  std::map<int64_t, std::shared_ptr<std::mutex>> building_;  // one plan built at a time each
  std::atomic<int64_t> plan_saves_failed_{0};
  std::mutex cache_mutex_;
  std::map<std::string, CachedReport> reports_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_CAMPAIGN_RESULTS_H_
