#include "server/http/stream_pool.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace tessera::server {
namespace {

constexpr std::chrono::seconds kDestructorJoinTimeout{5};

// The thread boundary: whatever the producer throws becomes a Status.
Status RunProducer(const BodyProducer& producer, StreamChannel& channel) {
  if (!producer) return Status::Internal("no body producer");
  const ChunkWriter write = [&channel](std::string_view chunk) { return channel.Write(chunk); };
  try {
    return producer(write);
  } catch (const std::exception& error) {
    return Status::Internal(std::string("body producer threw: ") + error.what());
  } catch (...) {
    return Status::Internal("body producer threw a non-standard exception");
  }
}

}  // namespace

// Shared with the worker threads, so one that had to be detached never touches a freed pool.
struct StreamPool::Shared {
  std::mutex mutex;
  std::condition_variable changed;
  bool closed = false;
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, std::shared_ptr<StreamChannel>> running;  // by worker id
  std::map<std::uint64_t, std::thread> threads;
  std::vector<std::uint64_t> finished;  // returned, not yet joined
};

StreamPool::StreamPool(int max_streams)
    : shared_(std::make_shared<Shared>()), max_streams_(max_streams < 1 ? 1 : max_streams) {}

StreamPool::~StreamPool() {
  CloseAll();
  JoinUntil(Clock::now() + kDestructorJoinTimeout);
}

bool StreamPool::TryRun(std::shared_ptr<StreamChannel> channel, BodyProducer producer) {
  ReapFinished();
  std::lock_guard lock(shared_->mutex);
  if (shared_->closed || static_cast<int>(shared_->running.size()) >= max_streams_) return false;
  const std::uint64_t id = ++shared_->next_id;
  shared_->running.emplace(id, channel);
  auto work = [shared = shared_, id, channel = std::move(channel),
               producer = std::move(producer)]() mutable {
    Status status = RunProducer(producer, *channel);
    producer = nullptr;  // release what the handler captured before reporting the end
    channel->Finish(std::move(status));
    channel.reset();
    {
      std::lock_guard worker_lock(shared->mutex);
      shared->running.erase(id);
      shared->finished.push_back(id);
    }
    shared->changed.notify_all();
  };
  try {
    shared_->threads.emplace(id, std::thread(std::move(work)));
  } catch (const std::system_error& error) {  // no thread could be started: treat as busy
    spdlog::error("http server: cannot start a body producer thread: {}", error.what());
    shared_->running.erase(id);
    return false;
  }
  return true;
}

int StreamPool::running() const {
  std::lock_guard lock(shared_->mutex);
  return static_cast<int>(shared_->running.size());
}

void StreamPool::CloseAll() {
  std::vector<std::shared_ptr<StreamChannel>> channels;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->closed = true;
    for (auto& [id, channel] : shared_->running) channels.push_back(channel);
  }
  for (const std::shared_ptr<StreamChannel>& channel : channels) channel->Close();
}

std::size_t StreamPool::JoinUntil(Clock::time_point deadline) {
  std::vector<std::thread> detach;
  {
    std::unique_lock lock(shared_->mutex);
    shared_->changed.wait_until(lock, deadline, [this] { return shared_->running.empty(); });
    for (auto& [id, channel] : shared_->running) {
      auto thread = shared_->threads.find(id);
      if (thread == shared_->threads.end()) continue;
      detach.push_back(std::move(thread->second));
      shared_->threads.erase(thread);
    }
  }
  ReapFinished();
  for (std::thread& thread : detach) thread.detach();
  if (!detach.empty()) {
    spdlog::warn("http server: {} body producer(s) did not return; detached", detach.size());
  }
  return detach.size();
}

void StreamPool::ReapFinished() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(shared_->mutex);
    for (std::uint64_t id : shared_->finished) {
      auto thread = shared_->threads.find(id);
      if (thread == shared_->threads.end()) continue;
      done.push_back(std::move(thread->second));
      shared_->threads.erase(thread);
    }
    shared_->finished.clear();
  }
  for (std::thread& thread : done) thread.join();
}

}  // namespace tessera::server
