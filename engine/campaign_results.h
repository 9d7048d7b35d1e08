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

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/live_statistics.h"
#include "engine/store.h"
#include "scoring/suppression.h"

namespace tessera::engine {

// The current UTC time as YYYY-MM-DDTHH:MM:SSZ; replaceable in tests.
using NowFn = std::function<std::string()>;
std::string NowUtc();

// A released campaign's disclosure plan with the statistics it was made for (what exports need
// to apply it: the layout's grouping columns, the grouping combinations, the comments).
struct DisclosedCampaign {
  CampaignSnapshot snapshot;
  std::vector<std::vector<scoring::CellDecision>> plan;  // per grouping column of the layout
};

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
  // The disclosure plan every breakdown follows: per grouping column of the layout, one
  // decision per category then one for "not stated". kNotFound / kFailedPrecondition as Scores.
  Result<DisclosedCampaign> DisclosurePlan(int64_t campaign_id);

 private:
  struct Plan {
    int64_t respondents = -1;                               // the statistics the plan was made for
    std::vector<std::vector<scoring::CellDecision>> cells;  // per grouping column
  };
  // The campaign's shared snapshot when its results are released (kFailedPrecondition, with
  // the reason, when not).
  Result<std::shared_ptr<const CampaignSnapshot>> Released(int64_t campaign_id);
  Result<size_t> GroupingColumn(const CampaignSnapshot& snapshot, const std::string& by) const;
  Result<std::vector<std::vector<scoring::CellDecision>>> PlanFor(const CampaignSnapshot& snapshot);

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
  std::mutex mutex_;
  std::map<int64_t, Plan> plans_;
  std::mutex cache_mutex_;
  std::map<std::string, CachedReport> reports_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_CAMPAIGN_RESULTS_H_
