#include "server/http/stream_channel.h"

#include <algorithm>
#include <utility>

namespace tessera::server {

StreamChannel::StreamChannel(std::shared_ptr<std::atomic<std::size_t>> high_water)
    : high_water_(std::move(high_water)) {}

bool StreamChannel::Write(std::string_view bytes) {
  std::unique_lock lock(mutex_);
  while (!bytes.empty()) {
    space_.wait(lock, [this] {
      return closed_ || HeldLocked() < kStreamQueueChunks ||
             (!queue_.empty() && queue_.back().size() < kStreamChunkBytes);
    });
    if (closed_) return false;
    if (queue_.empty() || queue_.back().size() >= kStreamChunkBytes) {
      queue_.emplace_back();
      queue_.back().reserve(std::min(bytes.size(), kStreamChunkBytes));
      NoteHeldLocked();
    }
    std::string& last = queue_.back();
    const std::size_t take = std::min(bytes.size(), kStreamChunkBytes - last.size());
    last.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    WakeLocked();
  }
  return !closed_;
}

void StreamChannel::Finish(Status status) {
  std::lock_guard lock(mutex_);
  finished_ = true;
  status_ = std::move(status);
  WakeLocked();
}

void StreamChannel::SetWake(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  if (!closed_) wake_ = std::move(wake);
}

StreamChannel::Ready StreamChannel::Poll() {
  std::lock_guard lock(mutex_);
  if (finished_ && !status_.ok()) return Ready::kFailed;
  if (!queue_.empty()) return Ready::kChunk;
  if (finished_) return Ready::kFinished;
  waiting_ = true;
  return Ready::kWait;
}

std::string StreamChannel::TakeChunk() {
  std::string chunk;
  {
    std::lock_guard lock(mutex_);
    if (!queue_.empty()) {
      chunk = std::move(queue_.front());
      queue_.pop_front();
    }
    in_flight_ = !chunk.empty();
  }
  space_.notify_all();
  return chunk;
}

Status StreamChannel::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void StreamChannel::Close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    in_flight_ = false;
    waiting_ = false;
    queue_.clear();
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  space_.notify_all();
  // Destroyed outside the lock: it may hold the last reference to the connection.
  wake = nullptr;
}

bool StreamChannel::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void StreamChannel::NoteHeldLocked() {
  if (!high_water_) return;
  const std::size_t held = HeldLocked();
  std::size_t seen = high_water_->load();
  while (seen < held && !high_water_->compare_exchange_weak(seen, held)) {
  }
}

void StreamChannel::WakeLocked() {
  if (!waiting_ || !wake_) return;
  waiting_ = false;
  wake_();
}

}  // namespace tessera::server
