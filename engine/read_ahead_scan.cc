#include "engine/read_ahead_scan.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace tessera::engine {

namespace {

// Rows copied out of SQLite: their texts back to back in `text`.
struct Batch {
  struct Row {
    int64_t id = 0;
    size_t answers = 0, answers_size = 0;
    size_t groups = 0, groups_size = 0;
    size_t submitted_on = 0, submitted_on_size = 0;
  };
  std::string text;
  std::vector<Row> rows;

  void Add(const StoredResponseText& response) {
    Row row;
    row.id = response.id;
    row.answers = Append(response.answers);
    row.answers_size = response.answers.size();
    row.groups = Append(response.groups);
    row.groups_size = response.groups.size();
    row.submitted_on = Append(response.submitted_on);
    row.submitted_on_size = response.submitted_on.size();
    rows.push_back(row);
  }
  StoredResponseText Get(size_t r, int64_t campaign_id) const {
    const std::string_view all = text;
    const Row& row = rows[r];
    return StoredResponseText{row.id, campaign_id, all.substr(row.answers, row.answers_size),
                              all.substr(row.groups, row.groups_size),
                              all.substr(row.submitted_on, row.submitted_on_size)};
  }
  size_t Append(std::string_view part) {
    const size_t at = text.size();
    text.append(part);
    return at;
  }
};

// Full batches travel to the consumer; read ones come back to be filled again.
class BatchQueue {
 public:
  // Blocks while kBatchesAhead batches wait. False once the consumer has stopped.
  bool Push(std::unique_ptr<Batch> batch) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return full_.size() < kBatchesAhead || stopped_; });
    if (stopped_) return false;
    full_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  // Null when the producer has finished and nothing waits.
  std::unique_ptr<Batch> Pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !full_.empty() || finished_; });
    if (full_.empty()) return nullptr;
    auto batch = std::move(full_.front());
    full_.pop_front();
    room_.notify_one();
    return batch;
  }
  void Recycle(std::unique_ptr<Batch> batch) {
    batch->text.clear();
    batch->rows.clear();
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(batch));
  }
  std::unique_ptr<Batch> Fresh() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return std::make_unique<Batch>();
    auto batch = std::move(spare_.back());
    spare_.pop_back();
    return batch;
  }
  void Finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    ready_.notify_all();
  }
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    room_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::unique_ptr<Batch>> full_;
  std::vector<std::unique_ptr<Batch>> spare_;
  bool finished_ = false;
  bool stopped_ = false;
};

}  // namespace

Status ForEachResponseTextReadAhead(Store& store, int64_t campaign_id,
                                    const std::function<bool(const StoredResponseText&)>& visit) {
  BatchQueue queue;
  Status read = Status::Ok();
  std::thread reader([&] {
    std::unique_ptr<Batch> batch = queue.Fresh();
    bool open = true;
    try {
      read = store.ForEachResponseText(campaign_id, [&](const StoredResponseText& response) {
        batch->Add(response);
        if (batch->rows.size() < kReadAheadBatchRows) return true;
        open = queue.Push(std::move(batch));
        batch = queue.Fresh();
        return open;
      });
    } catch (const std::exception& error) {  // e.g. out of memory while copying
      read = Status::Internal(std::string("read responses: ") + error.what());
      open = false;
    }
    if (open && !batch->rows.empty()) queue.Push(std::move(batch));
    queue.Finish();
  });

  bool going = true;
  try {
    while (auto batch = queue.Pop()) {
      for (size_t r = 0; going && r < batch->rows.size(); ++r) {
        if (!visit(batch->Get(r, campaign_id))) {
          going = false;
          queue.Stop();
        }
      }
      queue.Recycle(std::move(batch));
    }
  } catch (...) {
    queue.Stop();
    // Let the reader finish (it stops at its next batch), then let the exception go on.
    while (auto batch = queue.Pop()) queue.Recycle(std::move(batch));
    reader.join();
    throw;
  }
  reader.join();
  return read;
}

Status ForEachResponseAnswers(
    Store& store, int64_t campaign_id,
    const std::function<bool(int64_t id, const scoring::AnswerView& answers)>& visit) {
  scoring::AnswerView view;
  nlohmann::json parsed;  // only for answers the view does not read itself
  Status corrupt = Status::Ok();
  Status scanned =
      ForEachResponseTextReadAhead(store, campaign_id, [&](const StoredResponseText& response) {
        if (!view.Read(response.answers, parsed)) {
          corrupt = Status::Corruption("response " + std::to_string(response.id) +
                                       " holds answers that are not valid JSON");
          return false;
        }
        return visit(response.id, view);
      });
  if (!scanned.ok()) return scanned;
  return corrupt;
}

}  // namespace tessera::engine
