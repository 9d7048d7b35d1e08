#include "server/http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/http/beast.h"
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

}  // namespace

// The listener: accepts connections on its own strand and starts a Session for each.
class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Router& router)
      : ioc_(std::max(1, options.threads)),
        work_(net::make_work_guard(ioc_)),
        acceptor_(net::make_strand(ioc_)),
        hub_(std::make_shared<SessionHub>()) {
    hub_->options = std::move(options);
    hub_->router = &router;
    hub_->redactor = RedactPathTokens;
    hub_->access_log = AccessLogger();
    hub_->streams = std::make_unique<StreamPool>(hub_->options.max_streams);
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
    started_ = true;
    DoAccept();
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
      closed.set_value();
    });
    closed.get_future().wait();

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
  void DoAccept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Impl::OnAccept, this));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (hub_->stopping || !acceptor_.is_open()) return;
    if (ec) {
      spdlog::warn("http server: accept failed: {}", ec.message());
    } else {
      std::make_shared<Session>(std::move(socket), hub_)->Run();
    }
    DoAccept();
  }

  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  std::shared_ptr<SessionHub> hub_;
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

void HttpServer::WaitForSignal() { impl_->WaitForSignal(); }

}  // namespace tessera::server
