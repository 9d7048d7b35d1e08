#include "engine/submission_queue.h"

#include <algorithm>
#include <iterator>

namespace tessera::engine {

SubmissionQueue::SubmissionQueue(Store& store, size_t max_batch, CommitObserver* observer)
    : store_(store), max_batch_(max_batch), observer_(observer), writer_([this] { Run(); }) {}

SubmissionQueue::~SubmissionQueue() { Stop(); }

void SubmissionQueue::Enqueue(Submission submission, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      done(Status::FailedPrecondition("the server is shutting down; please submit again"));
      return;
    }
    if (!in_flight_.insert(submission.token_hash).second) {
      done(Status::Conflict("this survey is already being submitted from another window"));
      return;
    }
    pending_.push_back({std::move(submission), std::move(done)});
  }
  wake_.notify_one();
}

void SubmissionQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) writer_.join();
}

size_t SubmissionQueue::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

size_t SubmissionQueue::committed() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

void SubmissionQueue::Run() {
  std::vector<Pending> batch;
  std::vector<Submission> submissions;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping and drained
      const size_t take = std::min(max_batch_, pending_.size());
      batch.assign(std::make_move_iterator(pending_.begin()),
                   std::make_move_iterator(pending_.begin() + static_cast<std::ptrdiff_t>(take)));
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(take));
    }
    submissions.clear();
    for (auto& pending : batch) submissions.push_back(std::move(pending.submission));
    std::vector<Status> results;
    if (observer_ != nullptr) {
      std::lock_guard observed(observer_->commit_mutex());
      results = store_.SubmitBatch(submissions);
      if (results.size() == submissions.size()) observer_->OnCommitted(submissions, results);
    } else {
      results = store_.SubmitBatch(submissions);
    }
    size_t ok = 0;
    for (const auto& status : results) ok += status.ok() ? 1 : 0;
    {
      std::lock_guard lock(mutex_);
      for (const auto& submission : submissions) in_flight_.erase(submission.token_hash);
      ++batches_;
      committed_ += ok;
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].done(i < results.size() ? results[i]
                                       : Status::Internal("the store returned too few results"));
    }
    batch.clear();
  }
}

}  // namespace tessera::engine
