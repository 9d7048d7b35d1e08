// Streamed (chunked) responses against a real HttpServer on 127.0.0.1 (port 0): a 50 MB body,
// backpressure, keep-alive, clients that leave or stop reading, producer failures, HTTP/1.0,
// Stop() during a stream, the concurrency limit and the access log.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/http/beast.h"
#include "server/http/http_server.h"
#include "server/http/router.h"
#include "server/http/stream_channel.h"
#include "tests/server/http_stream/stream_client.h"

namespace tessera::server {
namespace {

using server::testing::ByteSource;
using server::testing::Fnv1a;
using server::testing::ReceivedResponse;
using server::testing::StreamClient;

// Generous: only there so a broken build fails instead of hanging.
constexpr std::chrono::seconds kDeadline{60};

constexpr std::uint64_t kMiB = 1024 * 1024;

// Piece sizes the producer cycles through: tiny, odd, exactly a chunk, several chunks.
constexpr std::array<std::size_t, 6> kPieceSizes = {1, 100, 4093, 64 * 1024, 200 * 1024, 7};

bool WaitUntil(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

Response CsvHead(const Request& request) {
  Response head{http::status::ok, request.version()};
  head.set(http::field::content_type, "text/csv; charset=utf-8");
  head.set(http::field::content_disposition, "attachment; filename=\"export.csv\"");
  return head;
}

// Checks a received body against what the /stream producer sends.
class BodyCheck {
 public:
  bool operator()(std::string_view piece) {
    expected_.resize(piece.size());
    source_.Fill(expected_.data(), piece.size());
    if (std::memcmp(expected_.data(), piece.data(), piece.size()) != 0) ++mismatched_pieces_;
    received_.Add(piece);
    wanted_.Add(std::string_view(expected_.data(), expected_.size()));
    return true;
  }
  std::uint64_t mismatched_pieces() const { return mismatched_pieces_; }
  std::uint64_t received_checksum() const { return received_.value(); }
  std::uint64_t expected_checksum() const { return wanted_.value(); }

 private:
  ByteSource source_;
  std::string expected_;
  Fnv1a received_;
  Fnv1a wanted_;
  std::uint64_t mismatched_pieces_ = 0;
};

class HttpStreamTest : public ::testing::Test {
 protected:
  HttpStreamTest() {
    router_.Add(http::verb::get, "/healthz", [](Request&, RequestContext&, Reply reply) {
      reply(JsonResponse(http::status::ok, {{"status", "ok"}}));
    });
    // GET /stream/{bytes}: that many deterministic bytes, in pieces of varying size.
    router_.Add(http::verb::get, "/stream/{bytes}",
                [this](Request& request, RequestContext& context, Reply reply) {
                  const std::uint64_t total = std::stoull(context.params.at("bytes"));
                  reply.Stream({CsvHead(request), [this, total](const ChunkWriter& write) {
                                  ByteSource source;
                                  std::string piece;
                                  std::uint64_t sent = 0;
                                  for (std::size_t i = 0; sent < total; ++i) {
                                    const std::size_t size =
                                        static_cast<std::size_t>(std::min<std::uint64_t>(
                                            kPieceSizes[i % kPieceSizes.size()], total - sent));
                                    piece.resize(size);
                                    source.Fill(piece.data(), size);
                                    if (!write(piece)) return Status::IoError("client gone");
                                    sent += size;
                                    stream_progress_ = sent;
                                  }
                                  return Status::Ok();
                                }});
                });
    // GET /endless: 16 KiB pieces until write returns false; reports the bytes written.
    router_.Add(http::verb::get, "/endless",
                [this](Request& request, RequestContext&, Reply reply) {
                  reply.Stream({CsvHead(request), [this](const ChunkWriter& write) {
                                  const std::string piece(16 * 1024, 'e');
                                  std::uint64_t sent = 0;
                                  while (write(piece)) sent += piece.size();
                                  endless_done_.set_value(sent);
                                  return Status::IoError("client gone");
                                }});
                });
    // GET /gated: 1000 bytes, then waits for the gate, then 1000 more.
    router_.Add(http::verb::get, "/gated", [this](Request& request, RequestContext&, Reply reply) {
      reply.Stream({CsvHead(request), [this, gate = gate_future_](const ChunkWriter& write) {
                      if (!write(std::string(1000, 'g'))) return Status::IoError("gone");
                      NoteStarted();
                      gate.wait();
                      if (!write(std::string(1000, 'h'))) return Status::IoError("gone");
                      return Status::Ok();
                    }});
    });
    // GET /fail-after: 100 KiB, then waits for the gate, then fails.
    router_.Add(
        http::verb::get, "/fail-after", [this](Request& request, RequestContext&, Reply reply) {
          reply.Stream({CsvHead(request), [this, gate = gate_future_](const ChunkWriter& write) {
                          if (!write(std::string(100 * 1024, 'f'))) {
                            return Status::IoError("gone");
                          }
                          NoteStarted();
                          gate.wait();
                          return Status::Internal("the export query failed");
                        }});
        });
    // GET /fail-first: fails before writing anything.
    router_.Add(http::verb::get, "/fail-first", [](Request& request, RequestContext&, Reply reply) {
      reply.Stream({CsvHead(request),
                    [](const ChunkWriter&) { return Status::IoError("database is locked"); }});
    });
  }

  void TearDown() override {
    OpenGate();
    if (server_) server_->Stop();
  }

  void StartServer(HttpServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, router_);
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  unsigned short port() const { return server_->port(); }

  void OpenGate() {
    std::call_once(gate_once_, [this] { gate_.set_value(); });
  }

  void NoteStarted() {
    {
      std::lock_guard lock(mutex_);
      ++started_;
    }
    started_changed_.notify_all();
  }

  bool WaitForStarted(int count) {
    std::unique_lock lock(mutex_);
    return started_changed_.wait_for(lock, kDeadline, [&] { return started_ >= count; });
  }

  std::promise<void> gate_;
  std::shared_future<void> gate_future_ = gate_.get_future().share();
  std::once_flag gate_once_;
  std::mutex mutex_;
  std::condition_variable started_changed_;
  int started_ = 0;
  std::promise<std::uint64_t> endless_done_;
  std::atomic<std::uint64_t> stream_progress_{0};
  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpStreamTest, FiftyMegabytesArriveCompleteAndIdenticalInChunks) {
  StartServer();
  constexpr std::uint64_t kSize = 50 * kMiB;
  StreamClient client(port());
  client.SendGet("/stream/" + std::to_string(kSize));
  BodyCheck check;
  const ReceivedResponse received = client.Read(std::ref(check));
  ASSERT_TRUE(received.complete) << received.error.message();
  EXPECT_EQ(received.head.result(), http::status::ok);
  EXPECT_TRUE(received.chunked);
  EXPECT_EQ(received.head[http::field::transfer_encoding], "chunked");
  EXPECT_EQ(received.head.find(http::field::content_length), received.head.end());
  EXPECT_EQ(received.head[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(received.head[http::field::content_disposition], "attachment; filename=\"export.csv\"");
  EXPECT_EQ(received.head[http::field::cache_control], "no-store");
  EXPECT_EQ(received.head["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(received.head[http::field::server], "Tessera");
  EXPECT_EQ(received.bytes, kSize);
  EXPECT_EQ(check.mismatched_pieces(), 0u);
  EXPECT_EQ(check.received_checksum(), check.expected_checksum());
  EXPECT_LE(received.max_chunk, kStreamChunkBytes);
  EXPECT_GE(received.chunks, kSize / kStreamChunkBytes);
  EXPECT_GE(server_->MaxQueuedStreamChunks(), 1u);
  EXPECT_LE(server_->MaxQueuedStreamChunks(), kStreamQueueChunks);
}

TEST_F(HttpStreamTest, ProducerIsHeldBackWhileTheClientDoesNotRead) {
  StartServer();
  constexpr std::uint64_t kSize = 64 * kMiB;  // far more than the socket buffers hold
  StreamClient client(port());
  client.SendGet("/stream/" + std::to_string(kSize));
  // Not reading: the socket buffers fill, then the queue, and the producer must wait.
  ASSERT_TRUE(WaitUntil([&] { return server_->MaxQueuedStreamChunks() >= kStreamQueueChunks; }));
  EXPECT_LT(stream_progress_.load(), kSize);
  BodyCheck check;
  const ReceivedResponse received = client.Read(std::ref(check));
  ASSERT_TRUE(received.complete) << received.error.message();
  EXPECT_EQ(received.bytes, kSize);
  EXPECT_EQ(check.mismatched_pieces(), 0u);
  // A producer writing 64 MB against a stalled client never had more than the bound queued.
  EXPECT_EQ(server_->MaxQueuedStreamChunks(), kStreamQueueChunks);
}

TEST_F(HttpStreamTest, KeepAliveContinuesAfterAStream) {
  StartServer();
  StreamClient client(port());
  client.SendGet("/stream/" + std::to_string(kMiB));
  BodyCheck check;
  const ReceivedResponse streamed = client.Read(std::ref(check));
  ASSERT_TRUE(streamed.complete) << streamed.error.message();
  EXPECT_NE(streamed.head[http::field::connection], "close");
  EXPECT_EQ(streamed.bytes, kMiB);
  EXPECT_EQ(check.mismatched_pieces(), 0u);

  client.SendGet("/healthz");
  std::string body;
  const ReceivedResponse second = client.Read([&body](std::string_view piece) {
    body.append(piece);
    return true;
  });
  ASSERT_TRUE(second.complete) << second.error.message();
  EXPECT_EQ(second.head.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(body)["status"], "ok");

  // And another stream on the same connection.
  client.SendGet("/stream/1000");
  const ReceivedResponse third = client.Read();
  EXPECT_TRUE(third.complete);
  EXPECT_EQ(third.bytes, 1000u);
}

TEST_F(HttpStreamTest, ClientThatLeavesMidStreamMakesWriteReturnFalse) {
  StartServer();
  std::future<std::uint64_t> done = endless_done_.get_future();
  {
    StreamClient client(port());
    client.SendGet("/endless");
    std::uint64_t seen = 0;
    const ReceivedResponse received = client.Read([&seen](std::string_view piece) {
      seen += piece.size();
      return seen < kMiB;  // stop after about 1 MiB
    });
    ASSERT_TRUE(received.header_read);
    EXPECT_EQ(received.head.result(), http::status::ok);
    client.Close();
  }
  ASSERT_EQ(done.wait_for(kDeadline), std::future_status::ready);
  EXPECT_GE(done.get(), kMiB);
  // The server is still fine.
  StreamClient other(port());
  other.SendGet("/healthz");
  EXPECT_EQ(other.Read().head.result(), http::status::ok);
}

TEST_F(HttpStreamTest, ClientThatStopsReadingIsCutAfterTheWriteTimeout) {
  HttpServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  StartServer(options);
  std::future<std::uint64_t> done = endless_done_.get_future();
  StreamClient client(port());
  client.SendGet("/endless");
  // Never reads: once the buffers are full, the write times out and the producer is released.
  ASSERT_EQ(done.wait_for(kDeadline), std::future_status::ready);
  EXPECT_GT(done.get(), 0u);
}

TEST_F(HttpStreamTest, ProducerErrorAfterSomeBytesAbortsWithoutTheLastChunk) {
  StartServer();
  StreamClient client(port());
  client.SendGet("/fail-after");
  const ReceivedResponse received = client.Read([this](std::string_view) {
    OpenGate();  // some bytes have arrived: now let the producer fail
    return true;
  });
  ASSERT_TRUE(received.header_read);
  EXPECT_EQ(received.head.result(), http::status::ok);
  EXPECT_TRUE(received.chunked);
  EXPECT_GT(received.bytes, 0u);
  EXPECT_LE(received.bytes, 100u * 1024);
  EXPECT_FALSE(received.complete);  // the terminating zero chunk never came
  EXPECT_TRUE(received.error == http::error::partial_message ||
              received.error == boost::asio::error::connection_reset ||
              received.error == boost::asio::error::eof)
      << received.error.message();
}

TEST_F(HttpStreamTest, ProducerErrorBeforeAnyByteGives500AndKeepsTheConnection) {
  StartServer();
  StreamClient client(port());
  client.SendGet("/fail-first");
  std::string body;
  const ReceivedResponse received = client.Read([&body](std::string_view piece) {
    body.append(piece);
    return true;
  });
  ASSERT_TRUE(received.complete) << received.error.message();
  EXPECT_EQ(received.head.result(), http::status::internal_server_error);
  EXPECT_EQ(nlohmann::json::parse(body)["code"], "internal");
  EXPECT_EQ(body.find("locked"), std::string::npos);
  client.SendGet("/healthz");
  EXPECT_EQ(client.Read().head.result(), http::status::ok);
}

TEST_F(HttpStreamTest, Http10ClientGetsTheWholeBodyAndTheConnectionCloses) {
  StartServer();
  StreamClient client(port());
  client.SendRaw("GET /stream/" + std::to_string(kMiB + 17) + " HTTP/1.0\r\nHost: x\r\n\r\n");
  BodyCheck check;
  const ReceivedResponse received = client.Read(std::ref(check));
  ASSERT_TRUE(received.complete) << received.error.message();
  EXPECT_EQ(received.head.version(), 10u);
  EXPECT_EQ(received.head.result(), http::status::ok);
  EXPECT_FALSE(received.chunked);
  EXPECT_EQ(received.head.find(http::field::transfer_encoding), received.head.end());
  EXPECT_EQ(received.head[http::field::connection], "close");
  EXPECT_EQ(received.bytes, kMiB + 17);
  EXPECT_EQ(check.mismatched_pieces(), 0u);
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(HttpStreamTest, StopDuringAnEndlessStreamReturnsAndCutsIt) {
  HttpServerOptions options;
  options.shutdown_grace = std::chrono::seconds(1);
  StartServer(options);
  std::future<std::uint64_t> done = endless_done_.get_future();
  std::future<ReceivedResponse> reader = std::async(std::launch::async, [port = port()] {
    StreamClient client(port);
    client.SendGet("/endless");
    return client.Read([](std::string_view) { return true; });
  });
  ASSERT_TRUE(WaitUntil([&] { return server_->MaxQueuedStreamChunks() >= 1; }));
  std::future<void> stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  ASSERT_EQ(stopped.wait_for(kDeadline), std::future_status::ready);
  ASSERT_EQ(done.wait_for(kDeadline), std::future_status::ready);
  ASSERT_EQ(reader.wait_for(kDeadline), std::future_status::ready);
  const ReceivedResponse received = reader.get();
  EXPECT_TRUE(received.header_read);
  EXPECT_FALSE(received.complete);
  EXPECT_GT(received.bytes, 0u);
}

TEST_F(HttpStreamTest, StopLetsAStreamInProgressFinishWithinTheGrace) {
  StartServer();  // default grace: 10 s
  std::future<ReceivedResponse> reader = std::async(std::launch::async, [port = port()] {
    StreamClient client(port);
    client.SendGet("/gated");
    return client.Read([](std::string_view) { return true; });
  });
  ASSERT_TRUE(WaitForStarted(1));
  const unsigned short listening = port();
  std::future<void> stopped = std::async(std::launch::async, [this] { server_->Stop(); });
  // Once new connections are refused, Stop() is under way: only then may the producer finish.
  ASSERT_TRUE(WaitUntil([listening] {
    boost::asio::io_context context;
    boost::asio::ip::tcp::socket socket(context);
    boost::beast::error_code ec;
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), listening}, ec);
    return ec == boost::asio::error::connection_refused;
  }));
  OpenGate();
  ASSERT_EQ(reader.wait_for(kDeadline), std::future_status::ready);
  const ReceivedResponse received = reader.get();
  EXPECT_TRUE(received.complete) << received.error.message();
  EXPECT_EQ(received.bytes, 2000u);
  ASSERT_EQ(stopped.wait_for(kDeadline), std::future_status::ready);
}

TEST_F(HttpStreamTest, StreamBeyondTheLimitGets503Busy) {
  HttpServerOptions options;
  options.max_streams = 4;
  StartServer(options);
  std::vector<std::unique_ptr<StreamClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<StreamClient>(port()));
    clients.back()->SendGet("/gated");
  }
  ASSERT_TRUE(WaitForStarted(4));

  StreamClient fifth(port());
  fifth.SendGet("/gated");
  std::string body;
  const ReceivedResponse refused = fifth.Read([&body](std::string_view piece) {
    body.append(piece);
    return true;
  });
  ASSERT_TRUE(refused.complete) << refused.error.message();
  EXPECT_EQ(refused.head.result(), http::status::service_unavailable);
  EXPECT_EQ(nlohmann::json::parse(body)["code"], "busy");
  EXPECT_TRUE(nlohmann::json::parse(body).contains("message"));
  EXPECT_EQ(refused.head[http::field::retry_after], "5");

  OpenGate();
  for (const std::unique_ptr<StreamClient>& client : clients) {
    const ReceivedResponse received = client->Read();
    EXPECT_TRUE(received.complete) << received.error.message();
    EXPECT_EQ(received.bytes, 2000u);
  }
  // Once the producers have returned, streams are accepted again.
  EXPECT_TRUE(WaitUntil([&] {
    StreamClient again(port());
    again.SendGet("/stream/10");
    return again.Read().head.result() == http::status::ok;
  }));
}

// Installs an ostream sink as the "access" logger for one test.
class AccessLogCapture {
 public:
  AccessLogCapture() {
    spdlog::drop(kAccessLoggerName);
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    sink->set_pattern("%v");
    logger_ = std::make_shared<spdlog::logger>(kAccessLoggerName, sink);
    spdlog::register_logger(logger_);
  }
  ~AccessLogCapture() { spdlog::drop(kAccessLoggerName); }
  std::string text() {
    logger_->flush();
    return stream_.str();
  }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> logger_;
};

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST_F(HttpStreamTest, AccessLogHasOneLinePerStreamWithTotalBytes) {
  AccessLogCapture capture;
  StartServer();
  {
    StreamClient client(port());
    client.SendGet("/stream/" + std::to_string(3 * kMiB + 5));
    EXPECT_TRUE(client.Read().complete);
    client.SendGet("/healthz");
    EXPECT_TRUE(client.Read().complete);
  }
  server_->Stop();
  const std::string log = capture.text();
  EXPECT_EQ(Count(log, "path=/stream/"), 1u) << log;
  EXPECT_NE(log.find("method=GET path=/stream/3145733 status=200 bytes=3145733 duration_ms="),
            std::string::npos)
      << log;
  EXPECT_EQ(Count(log, "path=/healthz status=200"), 1u) << log;
}

}  // namespace
}  // namespace tessera::server
