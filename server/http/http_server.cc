#include "server/http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "server/http/beast.h"
#include "server/http/descriptor_limit.h"
#include "server/http/log_rate_limiter.h"
#include "server/http/router.h"
#include "server/http/session.h"

namespace tessera::server {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

// After the shutdown grace, how long cut body producers get to notice and return.
constexpr std::chrono::seconds kProducerExitTimeout{5};
// After the shutdown grace, how long the connections told to close get to do so.
constexpr std::chrono::seconds kCutTimeout{2};
// After accept fails for want of descriptors (or memory), the listener waits this long before
// trying again, doubling up to kMaxAcceptBackoff; a successful accept starts again from the
// first step.
constexpr std::chrono::milliseconds kFirstAcceptBackoff{50};
constexpr std::chrono::milliseconds kMaxAcceptBackoff{1000};
// At the connection cap (or out of descriptors) the listener waits for a connection to close;
// it looks again after this long in case none does (none was idle, or the idle ones it asked to
// close had become busy meanwhile).
constexpr std::chrono::milliseconds kCapRecheck{1000};

// Errors that say the process (or the system) is out of descriptors or memory: accepting again
// at once would fail the same way.
bool IsResourceExhausted(const beast::error_code& ec) {
  return ec == net::error::no_descriptors ||  // EMFILE
         ec == beast::error_code(ENFILE, beast::system_category()) ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

}  // namespace

// The listener: accepts connections on its own strand and starts a Session for each.
class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Router& router)
      : ioc_(std::max(1, options.threads)),
        work_(net::make_work_guard(ioc_)),
        acceptor_(net::make_strand(ioc_)),
        retry_timer_(acceptor_.get_executor()),
        hub_(std::make_shared<SessionHub>()) {
    hub_->options = std::move(options);
    hub_->router = &router;
    hub_->redactor = RedactPathTokens;
    hub_->access_log = AccessLogger();
    hub_->streams = std::make_unique<StreamPool>(hub_->options.max_streams);
    // A connection closing wakes the listener when it waits for room under the cap.
    // Once stopping, it touches nothing but the hub (sessions may outlive this Impl's members
    // when they are destroyed with the io_context).
    hub_->on_closed = [this, hub = hub_.get()] {
      if (hub->stopping || !waiting_for_room_.exchange(false)) return;
      net::post(acceptor_.get_executor(), [this] { DoAccept(); });
    };
  }

  ~Impl() { Stop(); }

  void SetPathRedactor(PathRedactor redactor) { hub_->redactor = std::move(redactor); }

  Status Start() {
    std::lock_guard lock(mutex_);
    if (started_) return Status::FailedPrecondition("the HTTP server was already started");
    beast::error_code ec;
    const net::ip::address address = net::ip::make_address(hub_->options.address, ec);
    if (ec)
      return Status::InvalidArgument("invalid listen address \"" + hub_->options.address + "\"");
    const tcp::endpoint endpoint(address, hub_->options.port);
    const std::string where = hub_->options.address + ":" + std::to_string(hub_->options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return Status::IoError("cannot listen on " + where + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint(ec).port();
    ResolveConnectionCap();
    started_ = true;
    net::post(acceptor_.get_executor(), [this] { DoAccept(); });
    const int threads = std::max(1, hub_->options.threads);
    threads_.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
    return Status::Ok();
  }

  unsigned short port() const { return port_; }

  void Stop() {
    std::lock_guard lock(mutex_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    hub_->stopping = true;

    // Close the acceptor on its strand: after this no new session can register.
    std::promise<void> closed;
    net::post(acceptor_.get_executor(), [this, &closed] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      retry_timer_.cancel();
      closed.set_value();
    });
    closed.get_future().wait();
    for (const auto& [message, count] : hub_->log_limiter.TakeSuppressed()) {
      spdlog::warn("{}", WithSuppressedCount(message, count));
    }

    for (const std::shared_ptr<Session>& session : hub_->LiveSessions()) {
      session->NotifyStopping();
    }
    const std::chrono::seconds grace = hub_->options.shutdown_grace;
    if (!WaitForSessions(grace)) {
      {
        // Scoped: holding these would keep the sessions alive while waiting for them to end.
        const std::vector<std::shared_ptr<Session>> live = hub_->LiveSessions();
        spdlog::warn("http server: {} connection(s) still open after {} s; closing them",
                     live.size(), grace.count());
        for (const std::shared_ptr<Session>& session : live) session->Cut();
      }
      if (!WaitForSessions(kCutTimeout)) {
        spdlog::warn("http server: connection(s) still open after closing them; stopping anyway");
      }
    }
    // Streams still running are cut: their producers' writes fail from now on, and no session
    // is woken by them any more (so nothing is posted to the io_context once it is gone).
    hub_->streams->CloseAll();
    work_.reset();
    ioc_.stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    hub_->streams->JoinUntil(StreamPool::Clock::now() + kProducerExitTimeout);
  }

  // True once every session has ended, false after `timeout`.
  bool WaitForSessions(std::chrono::seconds timeout) {
    std::unique_lock sessions_lock(hub_->mutex);
    return hub_->all_closed.wait_for(sessions_lock, timeout,
                                     [this] { return hub_->sessions.empty(); });
  }

  std::size_t MaxQueuedStreamChunks() const { return hub_->stream_high_water->load(); }
  std::size_t max_connections() const { return hub_->options.max_connections; }
  std::size_t ConnectionCount() const { return hub_->Count(); }
  std::size_t IdleConnectionCount() const { return hub_->IdleCount(); }
  std::uint64_t AcceptFailures() const { return accept_failures_.load(); }

  void WaitForSignal() {
    net::io_context signal_context;
    net::signal_set signals(signal_context, SIGINT, SIGTERM);
    signals.async_wait([](const beast::error_code&, int signal_number) {
      spdlog::info("http server: signal {} received, stopping", signal_number);
    });
    signal_context.run();
    Stop();
  }

 private:
  void ResolveConnectionCap() {
    std::size_t& cap = hub_->options.max_connections;
    const Result<DescriptorLimit> limit = CurrentDescriptorLimit();
    if (cap == 0) {
      cap = limit.ok() ? DefaultMaxConnections(limit->soft) : kMaxDefaultConnections;
    } else if (limit.ok() && limit->soft != UINT64_MAX &&
               cap + kReservedDescriptors > limit->soft) {
      spdlog::warn(
          "http server: at most {} connections allowed, but the descriptor limit is {}; when "
          "descriptors run out, accepting backs off and idle connections are closed",
          cap, limit->soft);
    }
    spdlog::info("http server: at most {} connections at once", cap);
  }

  // All on the acceptor's strand.
  void DoAccept() {
    if (hub_->stopping || !acceptor_.is_open()) return;
    if (hub_->Count() < hub_->options.max_connections) {
      acceptor_.async_accept(net::make_strand(ioc_),
                             beast::bind_front_handler(&Impl::OnAccept, this));
      return;
    }
    // At the cap: nothing is accepted (nor accepted and closed) until a connection is waiting.
    acceptor_.async_wait(tcp::acceptor::wait_read,
                         beast::bind_front_handler(&Impl::OnConnectionWaiting, this));
  }

  void OnConnectionWaiting(beast::error_code ec) {
    if (hub_->stopping || !acceptor_.is_open()) return;
    if (ec) return Retry(ec);
    const std::size_t cap = hub_->options.max_connections;
    const std::size_t count = hub_->Count();
    if (count < cap) return DoAccept();
    // Make room by closing the connections idle longest, and wait until one has closed (set
    // first: one may close before ShedIdle returns).
    waiting_for_room_ = true;
    if (ShedIdle(count - cap + 1, "the connection cap is reached") == 0) {
      hub_->log_limiter.Log(*spdlog::default_logger(), spdlog::level::warn,
                            fmt::format("http server: {} connections open (the cap) and none "
                                        "idle; new connections wait",
                                        count));
    }
    if (hub_->Count() < cap) {
      // A connection closed meanwhile; whoever clears the flag accepts.
      if (waiting_for_room_.exchange(false)) DoAccept();
      return;
    }
    WaitForRoom();
  }

  // on_closed resumes accepting once a connection has closed; so does this timer, should the
  // connections asked to close have become busy meanwhile.
  void WaitForRoom() {
    retry_timer_.expires_after(kCapRecheck);
    retry_timer_.async_wait([this](beast::error_code timer_ec) {
      if (timer_ec || hub_->stopping) return;
      if (waiting_for_room_.exchange(false)) DoAccept();
    });
  }

  // Asks up to `count` idle connections, oldest first, to close; returns how many were asked.
  std::size_t ShedIdle(std::size_t count, std::string_view why) {
    const std::vector<std::shared_ptr<Session>> idle = hub_->TakeOldestIdle(count);
    for (const std::shared_ptr<Session>& session : idle) session->Shed();
    if (!idle.empty()) {
      hub_->log_limiter.Log(
          *spdlog::default_logger(), spdlog::level::info,
          fmt::format("http server: {}; closing the connections idle longest", why));
    }
    return idle.size();
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (hub_->stopping || !acceptor_.is_open()) return;
    if (ec) return Retry(ec);
    accept_backoff_ = kFirstAcceptBackoff;
    std::make_shared<Session>(std::move(socket), hub_)->Run();
    DoAccept();
  }

  // Accepting failed. Out of descriptors or memory: close the connection idle longest and try
  // again once it has closed; with none idle, try again after a pause that doubles each time
  // (never a tight loop). Anything else (such as a connection reset before it was accepted):
  // try again at once.
  void Retry(beast::error_code ec) {
    ++accept_failures_;
    hub_->log_limiter.Log(*spdlog::default_logger(), spdlog::level::warn,
                          "http server: accept failed: " + ec.message());
    if (!IsResourceExhausted(ec)) return DoAccept();
    waiting_for_room_ = true;
    if (ShedIdle(1, "out of descriptors") > 0) return WaitForRoom();
    // Nothing to close. Unless a connection closed meanwhile (and resumed accepting), pause.
    if (!waiting_for_room_.exchange(false)) return;
    retry_timer_.expires_after(accept_backoff_);
    accept_backoff_ = std::min(accept_backoff_ * 2, kMaxAcceptBackoff);
    retry_timer_.async_wait([this](beast::error_code timer_ec) {
      if (timer_ec || hub_->stopping) return;
      DoAccept();
    });
  }

  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;  // accept backoff, and the recheck at the cap
  std::shared_ptr<SessionHub> hub_;
  std::chrono::milliseconds accept_backoff_ = kFirstAcceptBackoff;
  // Set while the listener waits at the cap for a connection to close.
  std::atomic<bool> waiting_for_room_{false};
  std::atomic<std::uint64_t> accept_failures_{0};
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  unsigned short port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

HttpServer::HttpServer(HttpServerOptions options, Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() = default;

void HttpServer::SetPathRedactor(PathRedactor redactor) {
  impl_->SetPathRedactor(std::move(redactor));
}

Status HttpServer::Start() { return impl_->Start(); }

unsigned short HttpServer::port() const { return impl_->port(); }

void HttpServer::Stop() { impl_->Stop(); }

std::size_t HttpServer::MaxQueuedStreamChunks() const { return impl_->MaxQueuedStreamChunks(); }

std::size_t HttpServer::max_connections() const { return impl_->max_connections(); }

std::size_t HttpServer::ConnectionCount() const { return impl_->ConnectionCount(); }

std::size_t HttpServer::IdleConnectionCount() const { return impl_->IdleConnectionCount(); }

std::uint64_t HttpServer::AcceptFailures() const { return impl_->AcceptFailures(); }

void HttpServer::WaitForSignal() { impl_->WaitForSignal(); }

}  // namespace tessera::server
