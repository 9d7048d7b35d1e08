#include "engine/burst_watch.h"

namespace tessera::engine {

BurstWatch::BurstWatch(Store& store, BurstOptions options)
    : store_(store), detector_(options), thread_([this] { Run(); }) {}

BurstWatch::~BurstWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void BurstWatch::Add(int64_t campaign_id, nlohmann::json groups, AnswerFingerprint answers,
                     std::string day) {
  const BurstDetector::Clock::time_point at = BurstDetector::Clock::now();
  bool was_empty = false;
  {
    std::lock_guard lock(mutex_);
    was_empty = pending_.empty();
    pending_.push_back({campaign_id, std::move(groups), std::move(answers), std::move(day), at});
  }
  // Otherwise the thread has been woken already or is busy and takes this on its next round:
  // the writer wakes it once per round, not once per response.
  if (was_empty) wake_.notify_one();
}

void BurstWatch::Wait() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return pending_.empty() && !busy_; });
}

void BurstWatch::Run() {
  std::vector<Committed> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      busy_ = false;
      idle_.notify_all();
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping and drained
      batch.swap(pending_);
      busy_ = true;
    }
    for (Committed& response : batch) {
      // The response is stored whatever this finds: a flag tells managers, it drops nothing.
      for (const BurstFlag& flag :
           detector_.Observe(response.campaign_id, response.groups, std::move(response.answers),
                             response.day, response.at)) {
        (void)store_.RecordBurstFlag(flag);
      }
    }
    batch.clear();
  }
}

}  // namespace tessera::engine
