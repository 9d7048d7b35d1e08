// StreamPool: runs the producers of streamed responses, each on its own thread, at most
// `max_streams` at once, and lets the server cut and wait for them when it stops.
#ifndef TESSERA_SERVER_HTTP_STREAM_POOL_H_
#define TESSERA_SERVER_HTTP_STREAM_POOL_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "server/http/stream_channel.h"
#include "server/http/streamed_body.h"

namespace tessera::server {

class StreamPool {
 public:
  using Clock = std::chrono::steady_clock;

  explicit StreamPool(int max_streams);
  ~StreamPool();  // CloseAll(), then JoinUntil(now + 5 s)

  StreamPool(const StreamPool&) = delete;
  StreamPool& operator=(const StreamPool&) = delete;

  // Starts `producer` on a new thread writing into `channel`, then calls channel->Finish with
  // its status (an exception becomes kInternal). False, and nothing started, when max_streams
  // producers are running or CloseAll() was called.
  bool TryRun(std::shared_ptr<StreamChannel> channel, BodyProducer producer);

  // Producers running now.
  int running() const;

  // Closes the channel of every running producer (their writes return false) and refuses new
  // ones.
  void CloseAll();

  // Waits until every producer has returned, or until `deadline`; joins the threads of those
  // that returned and detaches the others (logged). Returns how many were detached.
  std::size_t JoinUntil(Clock::time_point deadline);

 private:
  struct Shared;
  void ReapFinished();

  std::shared_ptr<Shared> shared_;
  int max_streams_;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_STREAM_POOL_H_
