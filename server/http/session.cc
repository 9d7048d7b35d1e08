#include "server/http/session.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <string>
#include <utility>

#include "server/http/request_framing.h"

namespace tessera::server {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

// How much an idle connection's first read takes at most (the parser reads the rest).
constexpr std::size_t kFirstReadBytes = 4096;

// How long a client refused a streamed response (503 busy) is asked to wait.
constexpr std::chrono::seconds kBusyRetryAfter{5};

// How long, and how much, a connection closed after an error may still send before we close it.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerMaxBytes = 1024 * 1024;

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_target).category();
}

std::string ToString(beast::string_view text) { return std::string(text.data(), text.size()); }

std::string PathOf(beast::string_view target) {
  const std::string_view view(target.data(), target.size());
  return std::string(view.substr(0, view.find('?')));
}

}  // namespace

std::uint64_t SessionHub::Register(std::weak_ptr<Session> session) {
  std::lock_guard lock(mutex);
  const std::uint64_t id = ++next_id;
  sessions.emplace(id, Entry{std::move(session), 0});
  return id;
}

void SessionHub::Unregister(std::uint64_t id) {
  {
    std::lock_guard lock(mutex);
    auto found = sessions.find(id);
    if (found != sessions.end()) {
      if (found->second.idle_since != 0) idle.erase(found->second.idle_since);
      sessions.erase(found);
    }
    if (sessions.empty()) all_closed.notify_all();
  }
  if (on_closed) on_closed();
}

std::vector<std::shared_ptr<Session>> SessionHub::LiveSessions() {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<Session>> live;
  for (auto& [id, entry] : sessions) {
    if (auto session = entry.session.lock()) live.push_back(std::move(session));
  }
  return live;
}

std::size_t SessionHub::Count() {
  std::lock_guard lock(mutex);
  return sessions.size();
}

std::size_t SessionHub::IdleCount() {
  std::lock_guard lock(mutex);
  return idle.size();
}

void SessionHub::MarkIdle(std::uint64_t id) {
  std::lock_guard lock(mutex);
  auto found = sessions.find(id);
  if (found == sessions.end() || found->second.idle_since != 0) return;
  found->second.idle_since = ++next_idle;
  idle.emplace(found->second.idle_since, id);
}

void SessionHub::MarkBusy(std::uint64_t id) {
  std::lock_guard lock(mutex);
  auto found = sessions.find(id);
  if (found == sessions.end() || found->second.idle_since == 0) return;
  idle.erase(found->second.idle_since);
  found->second.idle_since = 0;
}

std::vector<std::shared_ptr<Session>> SessionHub::TakeOldestIdle(std::size_t count) {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<Session>> taken;
  while (taken.size() < count && !idle.empty()) {
    const std::uint64_t id = idle.begin()->second;
    idle.erase(idle.begin());
    auto found = sessions.find(id);
    if (found == sessions.end()) continue;
    found->second.idle_since = 0;
    if (auto session = found->second.session.lock()) taken.push_back(std::move(session));
  }
  return taken;
}

Session::Session(tcp::socket&& socket, std::shared_ptr<SessionHub> hub)
    : stream_(std::move(socket)), hub_(std::move(hub)) {
  beast::error_code ec;
  const tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = remote.address().to_string();
}

Session::~Session() {
  // A stream cut by the server stopping: its producer's writes must fail from now on.
  if (channel_) channel_->Close();
  if (id_ != 0) hub_->Unregister(id_);
}

void Session::Run() {
  id_ = hub_->Register(weak_from_this());
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Session::DoRead, shared_from_this()));
}

void Session::NotifyStopping() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    // Idle (or still receiving): nothing is owed, so close. Handling, writing or streaming:
    // finish first (the server cuts streams still running when its shutdown grace ends).
    if (self->state_ == State::kIdle || self->state_ == State::kReading ||
        self->state_ == State::kClosing) {
      self->stream_.cancel();
    }
  });
}

void Session::Shed() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    // Bytes of a request may have arrived since the listener chose this session: then it is
    // no longer idle and is left alone.
    if (self->state_ != State::kIdle) return;
    self->DoClose();  // the pending read ends with operation_aborted
  });
}

void Session::Cut() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->state_ == State::kStreaming) {
      if (!self->stream_write_pending_) return self->AbortStream();
      // The pending write fails and its handler aborts the stream.
      beast::error_code ignored;
      self->stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);
      return self->stream_.close();
    }
    self->state_ = State::kClosing;
    self->stream_.close();
  });
}

void Session::DoRead() {
  if (stopping_ || hub_->stopping) return DoClose();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_->options.header_limit));
  parser_->body_limit(static_cast<std::uint64_t>(hub_->options.body_limit));
  // One deadline for the idle wait and the whole request.
  stream_.expires_after(hub_->options.read_timeout);
  if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is already here
  // Idle until the first byte arrives: the listener may close the connection meanwhile.
  state_ = State::kIdle;
  hub_->MarkIdle(id_);
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          beast::bind_front_handler(&Session::OnIdleRead, shared_from_this()));
}

void Session::OnIdleRead(beast::error_code ec, std::size_t bytes_transferred) {
  hub_->MarkBusy(id_);
  // Shed, timed out, the client went away, or the server is stopping: nothing is owed.
  if (ec || state_ != State::kIdle) return DoClose();
  buffer_.commit(bytes_transferred);
  ReadHeader();
}

void Session::ReadHeader() {
  state_ = State::kReading;
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, std::size_t /*bytes_transferred*/) {
  if (ec) return OnReadError(ec);
  const std::optional<FramingError> refused = CheckRequestFraming(parser_->get());
  if (!refused) {
    return http::async_read(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }
  log_method_ = ToString(parser_->get().method_string());
  log_path_ = PathOf(parser_->get().target());
  started_ = std::chrono::steady_clock::now();
  // The body (if any) is never read: answered from the header, then the connection is closed.
  Write(JsonError(refused->status, refused->code, refused->message, {}, parser_->get().version(),
                  /*keep_alive=*/false),
        /*close=*/true, /*linger=*/true);
}

void Session::OnRead(beast::error_code ec, std::size_t /*bytes_transferred*/) {
  if (ec) return OnReadError(ec);
  log_method_ = ToString(parser_->get().method_string());
  log_path_ = PathOf(parser_->get().target());
  started_ = std::chrono::steady_clock::now();
  request_ = parser_->release();
  parser_.reset();
  state_ = State::kHandling;
  context_ = RequestContext{};
  context_.remote_address = remote_address_;
  hub_->router->Dispatch(request_, context_, MakeReply());
  if (!context_.path.empty()) log_path_ = context_.path;
}

void Session::OnReadError(beast::error_code ec) {
  log_method_ = "-";
  log_path_ = "-";
  started_ = std::chrono::steady_clock::now();
  if (parser_ && parser_->is_header_done()) {
    log_method_ = ToString(parser_->get().method_string());
    log_path_ = PathOf(parser_->get().target());
  }
  if (ec == http::error::body_limit) {
    // Answered as soon as the header shows the body is too big; the body is never read.
    return Write(JsonError(http::status::payload_too_large, error_code::kPayloadTooLarge,
                           "request body too large"),
                 /*close=*/true, /*linger=*/true);
  }
  if (ec == http::error::header_limit) {
    return Write(JsonError(http::status::request_header_fields_too_large,
                           error_code::kHeaderTooLarge, "request header too large"),
                 /*close=*/true, /*linger=*/true);
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) {
    return DoClose();  // the client went away
  }
  if (IsHttpParseError(ec)) {
    return Write(
        JsonError(http::status::bad_request, error_code::kBadRequest, "malformed HTTP request"),
        /*close=*/true, /*linger=*/true);
  }
  // beast::error::timeout (tcp_stream has already closed the socket, so no 408 can be sent),
  // operation_aborted (Stop) or a network error: just close.
  DoClose();
}

Reply Session::MakeReply() {
  std::shared_ptr<Session> self = shared_from_this();
  return Reply(
      [self](Response response) {
        net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
          self->OnReply(std::move(response));
        });
      },
      [self](StreamedResponse response) {
        net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
          self->OnStream(std::move(response));
        });
      });
}

void Session::OnReply(Response response) {
  if (state_ != State::kHandling) return;
  const bool keep_alive = request_.keep_alive() && !stopping_ && !hub_->stopping;
  response.version(request_.version());
  Write(std::move(response), !keep_alive, /*linger=*/false);
}

void Session::Write(Response response, bool close, bool linger) {
  state_ = State::kWriting;
  response_ = std::move(response);
  response_.keep_alive(!close);
  ApplyStandardHeaders(response_);
  response_.prepare_payload();
  close_after_write_ = close;
  linger_ = linger;
  stream_.expires_after(hub_->options.read_timeout);
  http::async_write(stream_, response_,
                    beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
}

void Session::OnWrite(beast::error_code ec, std::size_t /*bytes_transferred*/) {
  LogAccess(response_.result_int(), response_.body().size());
  response_ = {};
  request_ = {};
  if (ec) return DoClose();
  if (close_after_write_) return linger_ ? DoLinger() : DoClose();
  DoRead();
}

void Session::LogAccess(unsigned status, std::size_t bytes) {
  if (!hub_->access_log) return;
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  const std::string path =
      log_path_ == "-" ? log_path_ : (hub_->redactor ? hub_->redactor(log_path_) : log_path_);
  hub_->access_log->info(FormatAccessLine(log_method_, path, status, bytes, elapsed.count()));
}

void Session::OnStream(StreamedResponse response) {
  if (state_ != State::kHandling) return;
  const unsigned version = request_.version();
  auto channel = std::make_shared<StreamChannel>(hub_->stream_high_water);
  // The channel holds the session while the producer may still wake it; Close() lets go.
  channel->SetWake([self = shared_from_this()] {
    net::post(self->stream_.get_executor(), [self] { self->PumpStream(); });
  });
  if (!hub_->streams->TryRun(channel, std::move(response.producer))) {
    channel->Close();
    Response busy = JsonError(http::status::service_unavailable, error_code::kBusy,
                              "too many downloads in progress; try again shortly", {}, version);
    busy.set(http::field::retry_after, std::to_string(kBusyRetryAfter.count()));
    return OnReply(std::move(busy));
  }
  channel_ = std::move(channel);
  stream_chunked_ = version >= 11;
  stream_keep_alive_ = stream_chunked_ && request_.keep_alive() && !stopping_ && !hub_->stopping;
  stream_head_.emplace(std::move(response.head.base()));
  http::response<http::empty_body>& head = *stream_head_;
  head.version(version);
  head.erase(http::field::content_length);
  head.erase(http::field::transfer_encoding);
  ApplyStandardHeaders(head);
  if (stream_chunked_) {
    head.chunked(true);
    head.keep_alive(stream_keep_alive_);
  } else {
    head.keep_alive(false);
    head.set(http::field::connection, "close");
  }
  stream_head_sent_ = false;
  stream_bytes_ = 0;
  state_ = State::kStreaming;
  PumpStream();
}

void Session::PumpStream() {
  if (state_ != State::kStreaming || !channel_) return;
  switch (channel_->Poll()) {
    case StreamChannel::Ready::kWait:
      return;  // the channel wakes us
    case StreamChannel::Ready::kChunk:
      return stream_head_sent_ ? WriteStreamChunk() : WriteStreamHead();
    case StreamChannel::Ready::kFinished:
      if (!stream_head_sent_) return WriteStreamHead();
      if (!stream_chunked_) return EndStream();  // HTTP/1.0: the close ends the body
      stream_.expires_after(hub_->options.read_timeout);
      stream_write_pending_ = true;
      return net::async_write(stream_, http::make_chunk_last(),
                              beast::bind_front_handler(&Session::OnStreamEnd, shared_from_this()));
    case StreamChannel::Ready::kFailed: {
      const Status status = channel_->status();
      spdlog::error("http streamed body failed after {} bytes: {}", stream_bytes_,
                    status.ToString());
      if (stream_head_sent_) return AbortStream();
      // Nothing sent yet: answer with an ordinary error instead.
      channel_->Close();
      channel_.reset();
      stream_head_.reset();
      state_ = State::kHandling;
      return OnReply(JsonError(http::status::internal_server_error, error_code::kInternal,
                               "internal error", {}, request_.version()));
    }
  }
}

void Session::WriteStreamHead() {
  stream_serializer_.emplace(*stream_head_);
  stream_.expires_after(hub_->options.read_timeout);
  stream_write_pending_ = true;
  http::async_write_header(stream_, *stream_serializer_,
                           beast::bind_front_handler(&Session::OnStreamHead, shared_from_this()));
}

void Session::OnStreamHead(beast::error_code ec, std::size_t /*bytes_transferred*/) {
  stream_write_pending_ = false;
  stream_serializer_.reset();
  if (ec) return AbortStream();
  stream_head_sent_ = true;
  PumpStream();
}

void Session::WriteStreamChunk() {
  stream_chunk_ = channel_->TakeChunk();
  stream_.expires_after(hub_->options.read_timeout);
  stream_write_pending_ = true;
  if (stream_chunked_) {
    return net::async_write(stream_, http::make_chunk(net::buffer(stream_chunk_)),
                            beast::bind_front_handler(&Session::OnStreamChunk, shared_from_this()));
  }
  net::async_write(stream_, net::buffer(stream_chunk_),
                   beast::bind_front_handler(&Session::OnStreamChunk, shared_from_this()));
}

void Session::OnStreamChunk(beast::error_code ec, std::size_t /*bytes_transferred*/) {
  // A client that stopped reading makes this fail with a timeout; one that left, with a reset.
  stream_write_pending_ = false;
  if (ec) return AbortStream();
  stream_bytes_ += stream_chunk_.size();
  PumpStream();
}

void Session::OnStreamEnd(beast::error_code ec, std::size_t /*bytes_transferred*/) {
  stream_write_pending_ = false;
  if (ec) return AbortStream();
  EndStream();
}

void Session::ReleaseStream() {
  LogAccess(stream_head_ ? stream_head_->result_int() : 0, stream_bytes_);
  if (channel_) channel_->Close();  // the producer's writes fail from now on
  channel_.reset();
  stream_head_.reset();
  stream_serializer_.reset();
  stream_chunk_ = std::string();
  request_ = {};
}

void Session::EndStream() {
  ReleaseStream();
  if (!stream_keep_alive_ || stopping_ || hub_->stopping) return DoClose();
  DoRead();
}

void Session::AbortStream() {
  ReleaseStream();
  state_ = State::kClosing;
  // A reset rather than a clean close, so even an HTTP/1.0 client (whose body ends at the
  // close) sees that the transfer is incomplete.
  beast::error_code ignored;
  stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);
  stream_.close();
}

void Session::DoClose() {
  state_ = State::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.close();
}

void Session::DoLinger() {
  state_ = State::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (stopping_) return stream_.close();
  drained_ = 0;
  stream_.expires_after(kLingerTimeout);
  stream_.async_read_some(net::buffer(discard_),
                          beast::bind_front_handler(&Session::OnLinger, shared_from_this()));
}

void Session::OnLinger(beast::error_code ec, std::size_t bytes_transferred) {
  drained_ += bytes_transferred;
  if (ec || drained_ > kLingerMaxBytes) return stream_.close();
  stream_.async_read_some(net::buffer(discard_),
                          beast::bind_front_handler(&Session::OnLinger, shared_from_this()));
}

}  // namespace tessera::server
