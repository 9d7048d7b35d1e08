// Group commit for survey submissions: one writer thread takes every submission waiting,
// commits them in one transaction, and only then answers each caller. Throughput does not
// collapse to one fsync per response, and nothing is acknowledged before it is committed.
#ifndef TESSERA_ENGINE_SUBMISSION_QUEUE_H_
#define TESSERA_ENGINE_SUBMISSION_QUEUE_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/commit_observer.h"
#include "engine/store.h"

namespace tessera::engine {

class SubmissionQueue {
 public:
  using Done = std::function<void(const Status&)>;

  // `store` is used from the writer thread only (give it its own connection). `observer`, when
  // given, sees every batch as it commits (see commit_observer.h) and must outlive the queue.
  explicit SubmissionQueue(Store& store, size_t max_batch = 512,
                           CommitObserver* observer = nullptr);
  ~SubmissionQueue();  // Stop()s
  SubmissionQueue(const SubmissionQueue&) = delete;
  SubmissionQueue& operator=(const SubmissionQueue&) = delete;

  // Queues a submission; `done` runs on the writer thread once the batch holding it has
  // committed (or failed). A second submission for a token that is still waiting or being
  // committed is refused at once with kConflict. After Stop(), refuses with kFailedPrecondition.
  void Enqueue(Submission submission, Done done);

  // Commits everything already queued, then stops the writer thread. Idempotent.
  void Stop();

  // Batches committed so far and submissions in them (for logs and tests).
  size_t batches() const;
  size_t committed() const;

 private:
  struct Pending {
    Submission submission;
    Done done;
  };
  void Run();

  Store& store_;
  const size_t max_batch_;
  CommitObserver* const observer_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Pending> pending_;
  std::set<std::string> in_flight_;  // token hashes waiting or being committed
  bool stopping_ = false;
  size_t batches_ = 0;
  size_t committed_ = 0;
  std::thread writer_;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_SUBMISSION_QUEUE_H_
