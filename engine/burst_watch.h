// BurstWatch: runs the BurstDetector on committed responses away from the group-commit writer
// (whose thread bounds intake throughput) and records the flags it raises in the store. The
// writer only queues a few values per response; one background thread does the comparing and
// the writing. Shared by the intake and its commit callbacks; the last owner stops the thread
// after checking everything queued.
#ifndef TESSERA_ENGINE_BURST_WATCH_H_
#define TESSERA_ENGINE_BURST_WATCH_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "engine/burst_detector.h"
#include "engine/store.h"

namespace tessera::engine {

class BurstWatch {
 public:
  // `store` must outlive this.
  BurstWatch(Store& store, BurstOptions options);
  ~BurstWatch();  // checks everything queued, then stops
  BurstWatch(const BurstWatch&) = delete;
  BurstWatch& operator=(const BurstWatch&) = delete;

  // One committed response (never a link, token or address).
  void Add(int64_t campaign_id, nlohmann::json groups, AnswerFingerprint answers, std::string day);

  // Returns once every response added so far has been checked and its flags recorded.
  void Wait();

 private:
  struct Committed {
    int64_t campaign_id = 0;
    nlohmann::json groups;
    AnswerFingerprint answers;
    std::string day;
    BurstDetector::Clock::time_point at;
  };
  void Run();

  Store& store_;
  BurstDetector detector_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::vector<Committed> pending_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_BURST_WATCH_H_
