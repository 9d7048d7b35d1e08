// HttpServer against a real listener on 127.0.0.1 (port 0), driven by a small synchronous
// Beast client.
#include "server/http/http_server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/http/beast.h"
#include "server/http/router.h"
#include "tests/server/http_test_client.h"

namespace tessera::server {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

using server::testing::TestClient;

Request Get(std::string target) { return Request{http::verb::get, target, 11}; }

nlohmann::json Body(const Response& response) { return nlohmann::json::parse(response.body()); }

// Runs callbacks later on their own threads; joins them all when destroyed.
class Later {
 public:
  ~Later() {
    std::lock_guard lock(mutex_);
    for (std::thread& thread : threads_) thread.join();
  }
  void Run(milliseconds delay, std::function<void()> work) {
    std::lock_guard lock(mutex_);
    threads_.emplace_back([delay, work = std::move(work)] {
      std::this_thread::sleep_for(delay);
      work();
    });
  }

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    router_.Add(http::verb::get, "/healthz", [](Request&, RequestContext&, Reply reply) {
      reply(JsonResponse(http::status::ok, {{"status", "ok"}}));
    });
    router_.Add(http::verb::get, "/api/v1/surveys/{token}/draft",
                [](Request&, RequestContext& context, Reply reply) {
                  reply(JsonResponse(http::status::ok, {{"token", context.params.at("token")},
                                                        {"query", context.query}}));
                });
    router_.Add(http::verb::put, "/api/v1/surveys/{token}/draft",
                [](Request& request, RequestContext&, Reply reply) {
                  reply(JsonResponse(http::status::ok, {{"bytes", request.body().size()}}));
                });
    router_.Add(http::verb::get, "/later", [this](Request&, RequestContext&, Reply reply) {
      later_.Run(milliseconds(50), [reply] {
        reply(JsonResponse(http::status::ok, {{"answered", "later"}}));
      });
    });
    router_.Add(http::verb::get, "/slow", [this](Request&, RequestContext&, Reply reply) {
      slow_started_.set_value();
      later_.Run(milliseconds(200), [reply] {
        reply(JsonResponse(http::status::ok, {{"answered", "slowly"}}));
      });
    });
    router_.Add(http::verb::get, "/throw", [](Request&, RequestContext&, Reply) {
      throw std::runtime_error("handler failed");
    });
    router_.Add(http::verb::get, "/assets/{name}", [](Request&, RequestContext&, Reply reply) {
      reply(StaticAsset("body{}", "text/css"));
    });
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  void StartServer(HttpServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, router_);
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_NE(server_->port(), 0);
  }

  unsigned short port() const { return server_->port(); }

  Later later_;  // destroyed last: its threads may hold replies until the server stops
  std::promise<void> slow_started_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, HealthzAnswersJsonWithSecurityHeaders) {
  StartServer();
  TestClient client(port());
  Response response = client.Send(Get("/healthz"));
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(Body(response), (nlohmann::json{{"status", "ok"}}));
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_EQ(response[http::field::server], "Tessera");
  EXPECT_EQ(response[http::field::cache_control], "no-store");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(response["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(response["X-Frame-Options"], "DENY");
  EXPECT_EQ(std::string(response["Content-Security-Policy"]), kContentSecurityPolicy);
  EXPECT_TRUE(response.keep_alive());
}

TEST_F(HttpServerTest, StaticAssetsAreCacheable) {
  StartServer();
  TestClient client(port());
  Response response = client.Send(Get("/assets/site.css"));
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::cache_control], "public, max-age=3600");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(response.body(), "body{}");
}

TEST_F(HttpServerTest, UnknownPathGives404Json) {
  StartServer();
  TestClient client(port());
  Response response = client.Send(Get("/nowhere"));
  EXPECT_EQ(response.result(), http::status::not_found);
  EXPECT_EQ(Body(response)["code"], "not_found");
  EXPECT_TRUE(Body(response).contains("message"));
}

TEST_F(HttpServerTest, WrongMethodGives405JsonWithAllow) {
  StartServer();
  TestClient client(port());
  Response response = client.Send(Request{http::verb::delete_, "/api/v1/surveys/abc/draft", 11});
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(response[http::field::allow], "GET, PUT");
  EXPECT_EQ(Body(response)["code"], "method_not_allowed");
}

TEST_F(HttpServerTest, PathParamsAndQueryReachTheHandler) {
  StartServer();
  TestClient client(port());
  Response response = client.Send(Get("/api/v1/surveys/t0k3n/draft?step=2"));
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(Body(response), (nlohmann::json{{"token", "t0k3n"}, {"query", "step=2"}}));
}

TEST_F(HttpServerTest, BodyWithinLimitIsRead) {
  StartServer();
  TestClient client(port());
  Request request{http::verb::put, "/api/v1/surveys/t/draft", 11};
  request.body() = std::string(64 * 1024, 'x');
  Response response = client.Send(request);
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(Body(response)["bytes"], 64 * 1024);
}

TEST_F(HttpServerTest, OversizedBodyGets413BeforeTheBodyIsSent) {
  StartServer();
  TestClient client(port());
  // Only the header: the server must answer without waiting for the 65 KiB body.
  client.SendRaw(
      "PUT /api/v1/surveys/t/draft HTTP/1.1\r\nHost: x\r\nContent-Length: 66560\r\n\r\n");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::payload_too_large);
  EXPECT_EQ(Body(response)["code"], "payload_too_large");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(HttpServerTest, OversizedBodySentWholeGets413) {
  StartServer();
  TestClient client(port());
  Request request{http::verb::put, "/api/v1/surveys/t/draft", 11};
  request.body() = std::string(65 * 1024, 'x');
  Response response = client.Send(request);
  EXPECT_EQ(response.result(), http::status::payload_too_large);
  EXPECT_EQ(Body(response)["code"], "payload_too_large");
}

TEST_F(HttpServerTest, OversizedHeaderGets431) {
  StartServer();
  TestClient client(port());
  Request request = Get("/healthz");
  request.set("X-Filler", std::string(9 * 1024, 'h'));
  Response response = client.Send(request);
  EXPECT_EQ(response.result(), http::status::request_header_fields_too_large);
  EXPECT_EQ(Body(response)["code"], "header_too_large");
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServerTest, MalformedRequestGets400) {
  StartServer();
  TestClient client(port());
  client.SendRaw("NOT HTTP AT ALL\r\n\r\n");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::bad_request);
  EXPECT_EQ(Body(response)["code"], "bad_request");
}

// RFC 9112 section 6.1: a transfer coding the server does not implement is 501, even with a
// Content-Length (which Beast would otherwise use to frame the body); the connection closes.
TEST_F(HttpServerTest, UnknownTransferEncodingWithContentLengthGets501) {
  StartServer();
  TestClient client(port());
  client.SendRaw(
      "PUT /api/v1/surveys/abc/draft HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
      "Content-Length: 5\r\n\r\nhello");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::not_implemented);
  EXPECT_EQ(Body(response)["code"], "not_implemented");
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

// Chunked not last: the body length cannot be known, and Beast would read no body at all, so the
// "body" would be taken for the next request.
TEST_F(HttpServerTest, ChunkedNotLastGets501AndNothingIsSmuggled) {
  StartServer();
  TestClient client(port());
  client.SendRaw(
      "PUT /api/v1/surveys/abc/draft HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, "
      "gzip\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::not_implemented);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());  // no second response for the smuggled request
}

// RFC 9112 section 3.2.
TEST_F(HttpServerTest, Http11RequestWithoutHostGets400) {
  StartServer();
  TestClient client(port());
  client.SendRaw("GET /healthz HTTP/1.1\r\n\r\n");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::bad_request);
  EXPECT_EQ(Body(response)["code"], "bad_request");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(HttpServerTest, Http10RequestWithoutHostIsAccepted) {
  StartServer();
  TestClient client(port());
  client.SendRaw("GET /healthz HTTP/1.0\r\n\r\n");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(Body(response), (nlohmann::json{{"status", "ok"}}));
}

TEST_F(HttpServerTest, TwoHostHeadersGet400) {
  StartServer();
  TestClient client(port());
  client.SendRaw("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  Response response = client.Read();
  EXPECT_EQ(response.result(), http::status::bad_request);
  EXPECT_EQ(Body(response)["code"], "bad_request");
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  TestClient client(port());
  Response first = client.Send(Get("/healthz"));
  EXPECT_EQ(first.result(), http::status::ok);
  EXPECT_TRUE(first.keep_alive());
  Response second = client.Send(Get("/api/v1/surveys/abc/draft"));
  EXPECT_EQ(second.result(), http::status::ok);
  EXPECT_EQ(Body(second)["token"], "abc");
}

TEST_F(HttpServerTest, HandlerMayReplyLaterFromAnotherThread) {
  StartServer();
  TestClient client(port());
  const Clock::time_point start = Clock::now();
  Response response = client.Send(Get("/later"));
  EXPECT_GE(Clock::now() - start, milliseconds(50));
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(Body(response)["answered"], "later");
  EXPECT_EQ(response[http::field::server], "Tessera");
  // The connection is still usable afterwards.
  EXPECT_EQ(client.Send(Get("/healthz")).result(), http::status::ok);
}

TEST_F(HttpServerTest, ThrowingHandlerGives500AndTheServerKeepsRunning) {
  StartServer();
  TestClient client(port());
  Response response = client.Send(Get("/throw"));
  EXPECT_EQ(response.result(), http::status::internal_server_error);
  EXPECT_EQ(Body(response)["code"], "internal");
  EXPECT_EQ(response.body().find("handler failed"), std::string::npos);
  EXPECT_EQ(client.Send(Get("/healthz")).result(), http::status::ok);
  TestClient other(port());
  EXPECT_EQ(other.Send(Get("/healthz")).result(), http::status::ok);
}

TEST_F(HttpServerTest, StopFinishesAnInFlightRequest) {
  StartServer();
  std::future<void> started = slow_started_.get_future();
  std::future<Response> response = std::async(std::launch::async, [port = port()] {
    TestClient client(port);
    return client.Send(Get("/slow"));
  });
  ASSERT_EQ(started.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const Clock::time_point stop_start = Clock::now();
  server_->Stop();  // returns only once the slow reply (200 ms later) has been written
  EXPECT_GE(Clock::now() - stop_start, milliseconds(100));
  ASSERT_EQ(response.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  Response answered = response.get();
  EXPECT_EQ(answered.result(), http::status::ok);
  EXPECT_EQ(Body(answered)["answered"], "slowly");
  EXPECT_FALSE(answered.keep_alive());
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
  StartServer();
  TestClient client(port());
  EXPECT_EQ(client.Send(Get("/healthz")).result(), http::status::ok);
  const Clock::time_point start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(HttpServerTest, ReadTimeoutClosesAStalledConnection) {
  HttpServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  StartServer(options);
  TestClient client(port());
  client.SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finished
  const Clock::time_point start = Clock::now();
  EXPECT_TRUE(client.ServerClosed());  // closed without a response (documented: no 408)
  EXPECT_GE(Clock::now() - start, milliseconds(500));
}

TEST_F(HttpServerTest, ConcurrentClientsAllSucceed) {
  StartServer();
  constexpr int kClients = 8;
  constexpr int kRequests = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      TestClient client(port());
      for (int i = 0; i < kRequests; ++i) {
        const std::string target =
            i % 2 == 0 ? "/healthz" : "/api/v1/surveys/c" + std::to_string(c) + "/draft";
        if (client.Send(Get(target)).result() == http::status::ok) ++ok;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST_F(HttpServerTest, StartFailsAsAValueWhenThePortIsTaken) {
  StartServer();
  HttpServerOptions options;
  options.port = port();
  HttpServer second(options, router_);
  const Status status = second.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

// Installs an ostream sink as the "access" logger for one test.
class HttpAccessLogCapture {
 public:
  HttpAccessLogCapture() {
    spdlog::drop(kAccessLoggerName);
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    sink->set_pattern("%v");
    logger_ = std::make_shared<spdlog::logger>(kAccessLoggerName, sink);
    spdlog::register_logger(logger_);
  }
  ~HttpAccessLogCapture() { spdlog::drop(kAccessLoggerName); }
  std::string text() {
    logger_->flush();
    return stream_.str();
  }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> logger_;
};

TEST_F(HttpServerTest, AccessLogRedactsTokensAndOmitsQueriesAndAddresses) {
  HttpAccessLogCapture capture;
  StartServer();
  {
    TestClient client(port());
    Request request = Get("/api/v1/surveys/SECRET-TOKEN-1/draft?email=someone%40example.org");
    request.set(http::field::user_agent, "SecretAgent/1.0");
    EXPECT_EQ(client.Send(request).result(), http::status::ok);
    EXPECT_EQ(client.Send(Get("/s/SECRET-TOKEN-2")).result(), http::status::not_found);
    EXPECT_EQ(client.Send(Get("/healthz")).result(), http::status::ok);
  }
  server_->Stop();  // every access line is written by now
  const std::string log = capture.text();
  EXPECT_NE(log.find("method=GET path=/api/v1/surveys/[token]/draft status=200 bytes="),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("method=GET path=/s/[token] status=404"), std::string::npos) << log;
  EXPECT_NE(log.find("path=/healthz status=200 bytes=15 duration_ms="), std::string::npos) << log;
  EXPECT_EQ(log.find("SECRET-TOKEN"), std::string::npos) << log;
  EXPECT_EQ(log.find("someone"), std::string::npos) << log;
  EXPECT_EQ(log.find("email"), std::string::npos) << log;
  EXPECT_EQ(log.find("SecretAgent"), std::string::npos) << log;
  EXPECT_EQ(log.find("127.0.0.1"), std::string::npos) << log;
}

TEST_F(HttpServerTest, CustomPathRedactorIsUsed) {
  HttpAccessLogCapture capture;
  HttpServerOptions options;
  options.port = 0;
  server_ = std::make_unique<HttpServer>(options, router_);
  server_->SetPathRedactor([](std::string_view) { return std::string("/redacted"); });
  ASSERT_TRUE(server_->Start().ok());
  {
    TestClient client(port());
    EXPECT_EQ(client.Send(Get("/healthz")).result(), http::status::ok);
  }
  server_->Stop();
  const std::string log = capture.text();
  EXPECT_NE(log.find("path=/redacted status=200"), std::string::npos) << log;
  EXPECT_EQ(log.find("healthz"), std::string::npos) << log;
}

}  // namespace
}  // namespace tessera::server
