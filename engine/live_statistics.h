// The statistics behind every result: per campaign, the sufficient statistics of its responses
// (scoring::CampaignStatistics) and its free-text comments, built by one scan the first time a
// campaign is asked for and then kept current as submissions commit, so results never rescan.
// A campaign's stored response count (kept by the store in the same transaction as every
// submission and import) tells whether what is held is current; when another process has
// written to the database, the campaign is scanned again.
#ifndef TESSERA_ENGINE_LIVE_STATISTICS_H_
#define TESSERA_ENGINE_LIVE_STATISTICS_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/commit_observer.h"
#include "engine/records.h"
#include "engine/store.h"
#include "instruments/instrument.h"
#include "scoring/answer_view.h"
#include "scoring/atom_statistics.h"
#include "scoring/campaign_statistics.h"
#include "scoring/response_layout.h"

namespace tessera::engine {

// One free-text answer and the grouping cells of the person who wrote it (one per grouping
// column of the layout, as encoded there). Held in memory only; never in submission order.
struct Comment {
  std::string item_id;
  std::string text;
  std::vector<uint8_t> groups;
};

// What results are computed from: a consistent copy, safe to use without locks.
struct CampaignSnapshot {
  Campaign campaign;
  std::shared_ptr<const instruments::Instrument> instrument;
  std::shared_ptr<const scoring::ResponseLayout> layout;
  std::vector<Team> teams;  // the team question's categories (Store::CampaignTeams)
  scoring::CampaignStatistics statistics;
  std::vector<Comment> comments;
  // The answers counted per combination of grouping answers: what the disclosure plan's
  // audits work on (scoring/atom_statistics.h).
  scoring::AtomStatistics atoms;
};

class LiveStatistics : public CommitObserver {
 public:
  // `store` should be a connection of its own: a first scan holds it for its duration.
  explicit LiveStatistics(Store& store) : store_(store) {}

  // The campaign's statistics as of now. kNotFound for an unknown campaign; kCorruption when
  // its stored instrument no longer matches its hash.
  Result<CampaignSnapshot> Get(int64_t campaign_id);
  // The same, shared: the snapshot is made once and handed to every caller until the next
  // commit to the campaign, so reading a large campaign's results copies nothing.
  Result<std::shared_ptr<const CampaignSnapshot>> GetShared(int64_t campaign_id);

  // Campaigns currently held, and full scans made so far (for tests and logs).
  size_t held() const;
  size_t scans() const;

  std::mutex& commit_mutex() override { return mutex_; }
  void OnCommitted(const std::vector<Submission>& batch,
                   const std::vector<Status>& results) override;

 private:
  struct Entry {
    std::shared_ptr<const instruments::Instrument> instrument;
    std::shared_ptr<const scoring::ResponseLayout> layout;
    std::vector<std::string> text_items;  // the free-text questions, in instrument order
    std::vector<Team> teams;
    std::unique_ptr<scoring::CampaignStatistics> statistics;
    std::vector<Comment> comments;
    std::unique_ptr<scoring::AtomStatistics> atoms;
    // The last snapshot handed out; reset whenever a commit changes the entry.
    std::shared_ptr<const CampaignSnapshot> shared;
  };
  Result<std::unique_ptr<Entry>> Build(const Campaign& campaign, std::vector<Team> teams);
  static void Add(Entry& entry, const scoring::AnswerView& answers, std::vector<uint8_t>& row);

  Store& store_;
  mutable std::mutex mutex_;  // the commit mutex: guards entries_ and orders them with commits
  std::map<int64_t, std::unique_ptr<Entry>> entries_;
  std::vector<uint8_t> row_;  // scratch for OnCommitted
  scoring::AnswerView view_;  // likewise
  size_t scans_ = 0;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_LIVE_STATISTICS_H_
