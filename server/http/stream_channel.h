// StreamChannel: the bounded queue between a streamed response's producer (a worker thread) and
// its connection (the session, on its strand). Memory stays flat: at most kStreamQueueChunks
// chunks of at most kStreamChunkBytes each are queued or being written; the producer blocks
// while the queue is full.
#ifndef TESSERA_SERVER_HTTP_STREAM_CHANNEL_H_
#define TESSERA_SERVER_HTTP_STREAM_CHANNEL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "instruments/status.h"

namespace tessera::server {

inline constexpr std::size_t kStreamChunkBytes = 64 * 1024;
inline constexpr std::size_t kStreamQueueChunks = 4;

class StreamChannel {
 public:
  enum class Ready { kWait, kChunk, kFinished, kFailed };

  // `high_water`, when given, is raised to the most chunks this channel ever held (queued plus
  // the one being written), for tests and monitoring.
  explicit StreamChannel(std::shared_ptr<std::atomic<std::size_t>> high_water = nullptr);

  StreamChannel(const StreamChannel&) = delete;
  StreamChannel& operator=(const StreamChannel&) = delete;

  // Producer side, any thread. Queues `bytes`, appending to the last queued chunk while it has
  // room and splitting pieces larger than a chunk; blocks while the queue is full. False once
  // Close()d (then nothing more is queued).
  bool Write(std::string_view bytes);
  // The producer returned `status`. Write must not be called afterwards.
  void Finish(Status status);

  // Consumer side. `wake` is called, at most once per kWait that Poll() returned, when a chunk
  // or the end arrives; it is called with the channel's lock held, so it must only post work
  // elsewhere (net::post). Set it before the producer starts.
  void SetWake(std::function<void()> wake);
  // What the consumer can do next; after kWait, wait for the wake. kFailed (the producer
  // returned an error) is reported as soon as it is known, even with chunks still queued.
  Ready Poll();
  // Takes the first queued chunk (Poll() said kChunk). Calling it again (or Close()) tells the
  // channel the previous chunk has been written, which frees its slot.
  std::string TakeChunk();
  // The producer's status once it has returned (Poll() said kFinished or kFailed).
  Status status() const;

  // Either side, any thread, idempotent: the connection ended or the server is stopping. Write
  // returns false from now on, the producer is woken, and the wake function is dropped.
  void Close();
  bool closed() const;

 private:
  std::size_t HeldLocked() const { return queue_.size() + (in_flight_ ? 1 : 0); }
  void NoteHeldLocked();
  void WakeLocked();

  mutable std::mutex mutex_;
  std::condition_variable space_;
  std::deque<std::string> queue_;
  bool in_flight_ = false;
  bool waiting_ = false;
  bool finished_ = false;
  bool closed_ = false;
  Status status_;
  std::function<void()> wake_;
  std::shared_ptr<std::atomic<std::size_t>> high_water_;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_STREAM_CHANNEL_H_
