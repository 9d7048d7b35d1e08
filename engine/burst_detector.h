// BurstDetector: notices, in memory at intake, several near-identical responses arriving in the
// same group of one campaign within a short time — the mark of one person padding a small group
// (or skewing results) with answers they know. It never drops or delays a response: it only
// says what to flag (engine::BurstFlag: campaign, grouping answer, day, how many), and the
// caller records that. Its state holds a fingerprint of each recent response (hashes of item
// and answer, no text, no id, no link, no address), per group, for the window only; nothing of
// it is written anywhere and all of it is gone on restart. Thread-safe.
#ifndef TESSERA_ENGINE_BURST_DETECTOR_H_
#define TESSERA_ENGINE_BURST_DETECTOR_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/records.h"

namespace tessera::engine {

// What "near-identical" and "a burst" mean.
struct BurstOptions {
  // A burst is at least this many responses (the new one included) that each agree with the
  // newest on at least `agreement` of the items either of the two answered.
  size_t min_responses = 3;
  double agreement = 0.9;
  // Only responses that arrived within this time of each other are compared.
  std::chrono::seconds window{15 * 60};
  // Memory bounds: responses remembered per group, and groups remembered in all (past these
  // the oldest are forgotten first).
  size_t max_per_group = 64;
  size_t max_groups = 10000;
};

// One response's answers as the detector remembers them: a hash of each answered item's id
// (answered: not null, "" or []) with a hash of its answer, sorted by item.
struct AnswerFingerprint {
  std::vector<std::pair<uint64_t, uint64_t>> answers;
  uint64_t digest = 0;  // of all of them: equal for identical answers (rarely for others)

  static AnswerFingerprint Of(const nlohmann::json& answers);
};

// The share of the items answered in `a` or `b` that have the same answer in both; 0 when
// neither answered anything.
double Agreement(const AnswerFingerprint& a, const AnswerFingerprint& b);
// Agreement(a, b) >= threshold (0 < threshold <= 1), stopping as soon as the items seen so far
// decide it: most pairs of genuine responses differ early; identical ones are told by digest.
bool AgreeAtLeast(const AnswerFingerprint& a, const AnswerFingerprint& b, double threshold);
double AnswerAgreement(const nlohmann::json& a, const nlohmann::json& b);

class BurstDetector {
 public:
  using Clock = std::chrono::steady_clock;

  explicit BurstDetector(BurstOptions options = {});
  BurstDetector(const BurstDetector&) = delete;
  BurstDetector& operator=(const BurstDetector&) = delete;

  // One committed response of `campaign_id` with its grouping answers and answers (or their
  // fingerprint, which the caller may take away from the thread that commits), stored on `day`,
  // at `now`. The response belongs to one group per grouping question it answered (or, with none
  // answered, to the campaign's "no grouping answer" group). Returns a flag for each of its
  // groups in which it makes a burst larger than any this detector has reported for that group
  // and day (so a long flood costs a few dozen flags, not one per response), with its size.
  std::vector<BurstFlag> Observe(int64_t campaign_id, const nlohmann::json& groups,
                                 const nlohmann::json& answers, const std::string& day,
                                 Clock::time_point now);
  std::vector<BurstFlag> Observe(int64_t campaign_id, const nlohmann::json& groups,
                                 AnswerFingerprint answers, const std::string& day,
                                 Clock::time_point now);

  // Responses remembered at present, over every group (for tests of the bounds).
  size_t remembered() const;

 private:
  struct Fingerprint {
    Clock::time_point at;
    AnswerFingerprint answers;
  };
  struct GroupKey {
    int64_t campaign_id;
    std::string grouping;
    std::string group;
    auto operator<=>(const GroupKey&) const = default;
  };
  struct Recent {
    // Shared by the groups of one response, so that it is compared with a newer one only once.
    std::deque<std::shared_ptr<const Fingerprint>> responses;
    Clock::time_point last_seen;
    std::string reported_day;  // the day of the largest burst reported, and its size
    size_t reported = 0;
  };

  // Forgets what is older than the window everywhere; then, while there are too many groups,
  // the least recently seen. Called with mutex_ held.
  void Prune(Clock::time_point now);

  const BurstOptions options_;
  mutable std::mutex mutex_;
  std::map<GroupKey, Recent> groups_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_BURST_DETECTOR_H_
