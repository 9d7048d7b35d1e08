// Session: one accepted connection. It waits for a request (idle: the listener may close it to
// make room for a new connection), reads it (with the header, body and time limits, and the
// RFC 9112 framing checks once the header is in), dispatches it to the router, writes the response
// (whole, or streamed in chunks from a body producer) and, on keep-alive, reads the next one.
// SessionHub is what the listener and its sessions share.
#ifndef TESSERA_SERVER_HTTP_SESSION_H_
#define TESSERA_SERVER_HTTP_SESSION_H_

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http/access_log.h"
#include "server/http/beast.h"
#include "server/http/http_server_options.h"
#include "server/http/log_rate_limiter.h"
#include "server/http/message.h"
#include "server/http/router.h"
#include "server/http/stream_channel.h"
#include "server/http/stream_pool.h"
#include "server/http/streamed_body.h"

namespace tessera::server {

class Session;

struct SessionHub {
  HttpServerOptions options;  // max_connections resolved by the listener at Start()
  const Router* router = nullptr;
  PathRedactor redactor;
  std::shared_ptr<spdlog::logger> access_log;
  std::atomic<bool> stopping{false};
  // Producers of streamed responses (created with options.max_streams), and the most chunks any
  // stream ever had queued.
  std::unique_ptr<StreamPool> streams;
  std::shared_ptr<std::atomic<std::size_t>> stream_high_water =
      std::make_shared<std::atomic<std::size_t>>(0);
  // The server's own warnings (accept failures, the connection cap) go through this.
  LogRateLimiter log_limiter;

  // Live sessions, so the listener can count them and close idle ones, and Stop() can tell
  // them and wait for them to end.
  std::mutex mutex;
  std::condition_variable all_closed;
  struct Entry {
    std::weak_ptr<Session> session;
    std::uint64_t idle_since = 0;  // its key in `idle`, 0 when not idle
  };
  std::unordered_map<std::uint64_t, Entry> sessions;
  // Sessions waiting for a request, in the order they became idle (oldest first): idle sequence
  // number -> session id.
  std::map<std::uint64_t, std::uint64_t> idle;
  std::uint64_t next_id = 0;
  std::uint64_t next_idle = 0;
  // Called after a session has unregistered, outside the lock (the listener waits for this when
  // the connection cap is reached). Set before the first session registers.
  std::function<void()> on_closed;

  std::uint64_t Register(std::weak_ptr<Session> session);
  void Unregister(std::uint64_t id);
  std::vector<std::shared_ptr<Session>> LiveSessions();
  std::size_t Count();
  std::size_t IdleCount();
  // The session starts (or stops) waiting for a request.
  void MarkIdle(std::uint64_t id);
  void MarkBusy(std::uint64_t id);
  // Takes up to `count` sessions idle longest out of the idle order, oldest first.
  std::vector<std::shared_ptr<Session>> TakeOldestIdle(std::size_t count);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<SessionHub> hub);
  ~Session();

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Run();
  // The server is stopping: close if idle, else finish the current request (or the stream in
  // progress) and close.
  void NotifyStopping();
  // The shutdown grace is over: close now (a stream in progress ends without its terminating
  // chunk).
  void Cut();
  // The listener needs room for a new connection: close if still idle (no byte of a request
  // received), else carry on.
  void Shed();

 private:
  // kIdle: waiting for the first byte of a request; kReading: the rest of it.
  enum class State { kIdle, kReading, kHandling, kWriting, kStreaming, kClosing };

  void DoRead();
  void OnIdleRead(boost::beast::error_code ec, std::size_t bytes_transferred);
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, std::size_t bytes_transferred);
  void OnRead(boost::beast::error_code ec, std::size_t bytes_transferred);
  // A failed read: answers 413, 431 or 400 when the client can still be told, else closes.
  void OnReadError(boost::beast::error_code ec);
  Reply MakeReply();
  void OnReply(Response response);
  // Writes `response`; closes afterwards when `close`, draining what the client still sends
  // first when `linger` (so it sees the error instead of a reset).
  void Write(Response response, bool close, bool linger);
  void OnWrite(boost::beast::error_code ec, std::size_t bytes_transferred);
  void OnStream(StreamedResponse response);
  // Streams: writes the head once the first chunk (or the end) is ready, then each chunk, then
  // the last chunk; waits for the channel's wake whenever the producer is behind.
  void PumpStream();
  void WriteStreamHead();
  void OnStreamHead(boost::beast::error_code ec, std::size_t bytes_transferred);
  void WriteStreamChunk();
  void OnStreamChunk(boost::beast::error_code ec, std::size_t bytes_transferred);
  void OnStreamEnd(boost::beast::error_code ec, std::size_t bytes_transferred);
  // Logs the stream and lets go of its channel (the producer's writes fail from then on).
  void ReleaseStream();
  // The stream is complete: keep-alive continues with the next request, else close.
  void EndStream();
  // Ends the stream without the terminating chunk and resets the connection.
  void AbortStream();
  void DoClose();
  void DoLinger();
  void OnLinger(boost::beast::error_code ec, std::size_t bytes_transferred);
  void LogAccess(unsigned status, std::size_t bytes);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  RequestContext context_;
  Response response_;
  std::shared_ptr<SessionHub> hub_;
  std::uint64_t id_ = 0;
  std::string remote_address_;
  State state_ = State::kIdle;
  bool stopping_ = false;
  bool close_after_write_ = false;
  bool linger_ = false;
  std::string log_method_;
  std::string log_path_;
  std::chrono::steady_clock::time_point started_;
  std::array<char, 4096> discard_{};
  std::size_t drained_ = 0;
  // The stream in progress (state kStreaming).
  std::shared_ptr<StreamChannel> channel_;
  std::optional<http::response<http::empty_body>> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> stream_serializer_;
  std::string stream_chunk_;
  bool stream_head_sent_ = false;
  bool stream_chunked_ = false;
  bool stream_keep_alive_ = false;
  bool stream_write_pending_ = false;  // a head, chunk or last-chunk write is under way
  std::uint64_t stream_bytes_ = 0;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_SESSION_H_
