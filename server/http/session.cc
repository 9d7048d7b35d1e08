#include "server/http/session.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace tessera::server {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

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
  sessions.emplace(id, std::move(session));
  return id;
}

void SessionHub::Unregister(std::uint64_t id) {
  std::lock_guard lock(mutex);
  sessions.erase(id);
  if (sessions.empty()) all_closed.notify_all();
}

std::vector<std::shared_ptr<Session>> SessionHub::LiveSessions() {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<Session>> live;
  for (auto& [id, weak] : sessions) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

Session::Session(tcp::socket&& socket, std::shared_ptr<SessionHub> hub)
    : stream_(std::move(socket)), hub_(std::move(hub)) {
  beast::error_code ec;
  const tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = remote.address().to_string();
}

Session::~Session() {
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
    // Idle (or still receiving): nothing is owed, so close. Handling or writing: finish first.
    if (self->state_ == State::kReading || self->state_ == State::kClosing) {
      self->stream_.cancel();
    }
  });
}

void Session::DoRead() {
  if (stopping_ || hub_->stopping) return DoClose();
  state_ = State::kReading;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_->options.header_limit));
  parser_->body_limit(static_cast<std::uint64_t>(hub_->options.body_limit));
  stream_.expires_after(hub_->options.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::OnRead(beast::error_code ec, std::size_t /*bytes_transferred*/) {
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
  if (ec && IsHttpParseError(ec)) {
    return Write(
        JsonError(http::status::bad_request, error_code::kBadRequest, "malformed HTTP request"),
        /*close=*/true, /*linger=*/true);
  }
  if (ec) {
    // beast::error::timeout (tcp_stream has already closed the socket, so no 408 can be sent),
    // operation_aborted (Stop) or a network error: just close.
    return DoClose();
  }

  request_ = parser_->release();
  parser_.reset();
  state_ = State::kHandling;
  context_ = RequestContext{};
  context_.remote_address = remote_address_;
  hub_->router->Dispatch(request_, context_, MakeReply());
  if (!context_.path.empty()) log_path_ = context_.path;
}

Reply Session::MakeReply() {
  return [self = shared_from_this()](Response response) {
    net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->OnReply(std::move(response));
    });
  };
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
  LogAccess();
  response_ = {};
  request_ = {};
  if (ec) return DoClose();
  if (close_after_write_) return linger_ ? DoLinger() : DoClose();
  DoRead();
}

void Session::LogAccess() {
  if (!hub_->access_log) return;
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  const std::string path =
      log_path_ == "-" ? log_path_ : (hub_->redactor ? hub_->redactor(log_path_) : log_path_);
  hub_->access_log->info(FormatAccessLine(log_method_, path, response_.result_int(),
                                          response_.body().size(), elapsed.count()));
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
