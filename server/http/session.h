// Session: one accepted connection. It reads a request (with the header, body and time limits),
// dispatches it to the router, writes the response and, on keep-alive, reads the next one.
// SessionHub is what the listener and its sessions share.
#ifndef TESSERA_SERVER_HTTP_SESSION_H_
#define TESSERA_SERVER_HTTP_SESSION_H_

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http/access_log.h"
#include "server/http/beast.h"
#include "server/http/http_server_options.h"
#include "server/http/message.h"
#include "server/http/router.h"

namespace tessera::server {

class Session;

struct SessionHub {
  HttpServerOptions options;
  const Router* router = nullptr;
  PathRedactor redactor;
  std::shared_ptr<spdlog::logger> access_log;
  std::atomic<bool> stopping{false};

  // Live sessions, so Stop() can tell them and wait for them to end.
  std::mutex mutex;
  std::condition_variable all_closed;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
  std::uint64_t next_id = 0;

  std::uint64_t Register(std::weak_ptr<Session> session);
  void Unregister(std::uint64_t id);
  std::vector<std::shared_ptr<Session>> LiveSessions();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<SessionHub> hub);
  ~Session();

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Run();
  // The server is stopping: close if idle, else finish the current request and close.
  void NotifyStopping();

 private:
  enum class State { kReading, kHandling, kWriting, kClosing };

  void DoRead();
  void OnRead(boost::beast::error_code ec, std::size_t bytes_transferred);
  Reply MakeReply();
  void OnReply(Response response);
  // Writes `response`; closes afterwards when `close`, draining what the client still sends
  // first when `linger` (so it sees the error instead of a reset).
  void Write(Response response, bool close, bool linger);
  void OnWrite(boost::beast::error_code ec, std::size_t bytes_transferred);
  void DoClose();
  void DoLinger();
  void OnLinger(boost::beast::error_code ec, std::size_t bytes_transferred);
  void LogAccess();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  RequestContext context_;
  Response response_;
  std::shared_ptr<SessionHub> hub_;
  std::uint64_t id_ = 0;
  std::string remote_address_;
  State state_ = State::kReading;
  bool stopping_ = false;
  bool close_after_write_ = false;
  bool linger_ = false;
  std::string log_method_;
  std::string log_path_;
  std::chrono::steady_clock::time_point started_;
  std::array<char, 4096> discard_{};
  std::size_t drained_ = 0;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_SESSION_H_
