// The connection cap, idle shedding and accept backoff (issue 12, part 5: 21,000 idle
// connections from one client exhausted the descriptors, the accept loop spun logging
// "accept failed: Too many open files" millions of times, and /healthz took 16.8 s), and the
// descriptor limit helpers. The clients are plain POSIX sockets with poll() deadlines, so a
// server that never answers fails the test instead of hanging it; the deadlines are generous
// bounds, not timings.
#include <dirent.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/http/descriptor_limit.h"
#include "server/http/http_server.h"
#include "server/http/router.h"

namespace tessera::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

// Descriptors open in this process now.
std::size_t OpenDescriptors() {
  std::size_t count = 0;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory's own descriptor
}

// Lowers the soft RLIMIT_NOFILE for this process (the hard limit is left alone) until destroyed.
class ScopedDescriptorLimit {
 public:
  explicit ScopedDescriptorLimit(std::size_t soft) {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(soft);
    ok_ = setrlimit(RLIMIT_NOFILE, &lowered) == 0;
  }
  ~ScopedDescriptorLimit() { Restore(); }
  void Restore() {
    if (ok_) setrlimit(RLIMIT_NOFILE, &saved_);
    ok_ = false;
  }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

// One client connection to 127.0.0.1 on a blocking POSIX socket; reads wait with poll().
class RawConnection {
 public:
  RawConnection() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
  explicit RawConnection(unsigned short port) : RawConnection() { Connect(port); }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawConnection& operator=(RawConnection&&) = delete;

  bool valid() const { return fd_ >= 0; }

  // The kernel completes the handshake whether or not the server has accepted yet.
  bool Connect(unsigned short port) {
    if (fd_ < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
  }

  bool Send(const std::string& bytes) {
    return fd_ >= 0 && send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(bytes.size());
  }

  // One whole response (head and Content-Length body), or nullopt if none came by `deadline`.
  std::optional<std::string> ReadResponse(Clock::time_point deadline) {
    std::string data;
    while (true) {
      const std::size_t head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t length = 0;
        const std::size_t field = data.find("Content-Length: ");
        if (field != std::string::npos && field < head_end) {
          length = std::stoul(data.substr(field + 16));
        }
        if (data.size() >= head_end + 4 + length) return data.substr(0, head_end + 4 + length);
      }
      char buffer[4096];
      const ssize_t got = ReadSome(buffer, sizeof(buffer), deadline);
      if (got <= 0) return std::nullopt;
      data.append(buffer, static_cast<std::size_t>(got));
    }
  }

  // True when the server closes the connection (end of stream or reset) by `deadline`.
  bool ClosedBy(Clock::time_point deadline) {
    char buffer[4096];
    while (true) {
      const ssize_t got = ReadSome(buffer, sizeof(buffer), deadline);
      if (got == 0) return true;
      if (got < 0) return errno == ECONNRESET;
    }
  }

 private:
  // recv() once data or the end is there; -1 with errno ETIMEDOUT past the deadline.
  ssize_t ReadSome(char* buffer, std::size_t size, Clock::time_point deadline) {
    while (true) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        errno = ETIMEDOUT;
        return -1;
      }
      pollfd wait{fd_, POLLIN, 0};
      const int ready = poll(&wait, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) continue;  // the deadline check above ends it
      return recv(fd_, buffer, size, 0);
    }
  }

  int fd_ = -1;
};

std::string GetRequest(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

bool IsOk(const std::optional<std::string>& response) {
  return response && response->rfind("HTTP/1.1 200 ", 0) == 0;
}

// Installs an ostream sink as spdlog's default logger for one test.
class DefaultLogCapture {
 public:
  DefaultLogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    sink->set_pattern("%v");
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~DefaultLogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return stream_.str();
  }
  std::size_t Count(const std::string& needle) {
    const std::string log = text();
    std::size_t count = 0;
    for (std::size_t at = log.find(needle); at != std::string::npos;
         at = log.find(needle, at + 1)) {
      ++count;
    }
    return count;
  }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> previous_;
};

// The exit code of a child that could not install its seccomp filter.
constexpr int kNoSeccomp = 77;

// Makes every accept(2) and accept4(2) of this process fail with EMFILE, as they do once the
// descriptor limit is reached; for a child process (a seccomp filter cannot be removed). False if
// the filter could not be installed.
bool FailAcceptWithEmfile() {
#if defined(__x86_64__)
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_accept, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_accept4, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EMFILE & SECCOMP_RET_DATA)),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof(filter) / sizeof(filter[0])), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
#else
  return false;
#endif
}

class HttpConnectionCapTest : public ::testing::Test {
 protected:
  HttpConnectionCapTest() {
    router_.Add(http::verb::get, "/healthz", [](Request&, RequestContext&, Reply reply) {
      reply(JsonResponse(http::status::ok, {{"status", "ok"}}));
    });
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Idle connections are never timed out during a test: only the cap may close them.
  void StartServer(HttpServerOptions options) {
    options.port = 0;
    options.read_timeout = seconds(600);
    options.shutdown_grace = seconds(2);
    server_ = std::make_unique<HttpServer>(options, router_);
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  unsigned short port() const { return server_->port(); }

  // Waits (up to 10 s) until the server has exactly `count` connections waiting for a request.
  bool WaitForIdle(std::size_t count) {
    const Clock::time_point deadline = Clock::now() + seconds(10);
    while (server_->IdleConnectionCount() != count) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(milliseconds(1));
    }
    return true;
  }

  Router router_;
  std::unique_ptr<HttpServer> server_;
};

// The issue's attack, scaled down: a server capped at 64 connections, with descriptors for
// its cap but not for every idle connection, gets 264 idle connections from one client; a new
// client's /healthz is still answered, and the server never holds more than its cap.
TEST_F(HttpConnectionCapTest, IdleConnectionsBeyondTheCapDoNotStopHealthz) {
  constexpr std::size_t kCap = 64;
  constexpr std::size_t kIdle = kCap + 200;
  HttpServerOptions options;
  options.max_connections = kCap;
  StartServer(options);
  // This process holds both ends: the idle clients, the /healthz client, the server's cap and a
  // margin fit; the server accepting every idle connection as well does not.
  ScopedDescriptorLimit limit(OpenDescriptors() + kIdle + kCap + 32);
  ASSERT_TRUE(limit.ok());

  std::vector<RawConnection> idle;
  idle.reserve(kIdle);
  for (std::size_t i = 0; i < kIdle; ++i) {
    idle.emplace_back();
    ASSERT_TRUE(idle.back().valid()) << "client socket " << i << ": " << std::strerror(errno);
    ASSERT_TRUE(idle.back().Connect(port())) << "connect " << i << ": " << std::strerror(errno);
  }
  RawConnection client;
  ASSERT_TRUE(client.valid()) << "no descriptor left for a new client: " << std::strerror(errno);
  ASSERT_TRUE(client.Connect(port()));
  ASSERT_TRUE(client.Send(GetRequest("/healthz")));
  const std::optional<std::string> response = client.ReadResponse(Clock::now() + seconds(30));
  ASSERT_TRUE(IsOk(response)) << (response ? *response : "no response within 30 s");
  EXPECT_NE(response->find(R"({"status":"ok"})"), std::string::npos);
  EXPECT_LE(server_->ConnectionCount(), kCap);
  EXPECT_EQ(server_->AcceptFailures(), 0u);
}

// At the cap, the connection idle longest is closed for a new one: not the first accepted, the
// one whose last request is oldest.
TEST_F(HttpConnectionCapTest, IdleConnectionsAreShedOldestFirst) {
  HttpServerOptions options;
  options.max_connections = 4;
  StartServer(options);
  const auto deadline = [] { return Clock::now() + seconds(10); };
  std::vector<RawConnection> kept;  // a, b, c, d
  for (std::size_t i = 0; i < 4; ++i) {
    kept.emplace_back(port());
    ASSERT_TRUE(kept.back().Send(GetRequest("/healthz")));
    ASSERT_TRUE(IsOk(kept.back().ReadResponse(deadline()))) << i;
    ASSERT_TRUE(WaitForIdle(i + 1));  // idle in this order
  }
  // a is used again, so b is now the one idle longest.
  ASSERT_TRUE(kept[0].Send(GetRequest("/healthz")));
  ASSERT_TRUE(IsOk(kept[0].ReadResponse(deadline())));
  ASSERT_TRUE(WaitForIdle(4));

  RawConnection fifth(port());
  ASSERT_TRUE(fifth.Send(GetRequest("/healthz")));
  EXPECT_TRUE(IsOk(fifth.ReadResponse(deadline())));
  EXPECT_TRUE(kept[1].ClosedBy(deadline())) << "b, idle longest, was not closed";
  for (int i : {0, 2, 3}) {
    ASSERT_TRUE(kept[static_cast<std::size_t>(i)].Send(GetRequest("/healthz"))) << i;
    EXPECT_TRUE(IsOk(kept[static_cast<std::size_t>(i)].ReadResponse(deadline()))) << i;
  }
  EXPECT_LE(server_->ConnectionCount(), 4u);
}

// At the cap with no idle connection (each is part-way through a request), the server stops
// accepting: the new connection waits in the backlog, never accepted and closed, and is served
// once a connection closes.
TEST_F(HttpConnectionCapTest, BusyConnectionsAtTheCapMakeNewOnesWaitUntilOneCloses) {
  HttpServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  std::vector<RawConnection> busy;
  for (int i = 0; i < 2; ++i) {
    busy.emplace_back(port());
    ASSERT_TRUE(busy.back().Send("GET /healthz HTTP/1.1\r\n"));  // never finished
  }
  // Both accepted and part-way through their requests.
  const Clock::time_point accepted_by = Clock::now() + seconds(10);
  while (server_->ConnectionCount() < 2 && Clock::now() < accepted_by) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  ASSERT_TRUE(WaitForIdle(0));
  RawConnection waiting(port());
  ASSERT_TRUE(waiting.Send(GetRequest("/healthz")));
  EXPECT_FALSE(waiting.ReadResponse(Clock::now() + milliseconds(500)))
      << "a connection beyond the cap was served while none could be closed";
  EXPECT_LE(server_->ConnectionCount(), 2u);
  EXPECT_EQ(server_->AcceptFailures(), 0u);

  busy.pop_back();  // closes one
  EXPECT_TRUE(IsOk(waiting.ReadResponse(Clock::now() + seconds(10))));
}

// Out of descriptors, accept fails with EMFILE for as long as connections wait in the backlog:
// the listener must back off (50 ms doubling to 1 s) instead of spinning, and log the failure
// about once a second. EMFILE comes from the kernel here through a seccomp filter on accept(2) in
// a child process, not from a lowered RLIMIT_NOFILE: with no descriptor to spare, UBSan's vptr
// check (in the sanitizer build the tests run in) cannot open the pipe it probes memory with and
// aborts the process. (The descriptor limit itself is exercised by
// IdleConnectionsBeyondTheCapDoNotStopHealthz, and the issue's scenario on a Release build in
// docs/performance.md.)
TEST_F(HttpConnectionCapTest, AcceptBacksOffWhenDescriptorsRunOut) {
  int results[2];
  ASSERT_EQ(pipe(results), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(results[0]);
    if (!FailAcceptWithEmfile()) _exit(kNoSeccomp);
    DefaultLogCapture log;
    HttpServerOptions options;
    options.max_connections = 1000;
    StartServer(options);
    std::vector<RawConnection> clients;
    for (int i = 0; i < 8; ++i) {
      clients.emplace_back(port());
      clients.back().Send(GetRequest("/healthz"));
    }
    std::this_thread::sleep_for(seconds(1));
    const std::string figures = std::to_string(server_->AcceptFailures()) + " " +
                                std::to_string(log.Count("accept failed")) + " " +
                                std::to_string(server_->ConnectionCount()) + "\n";
    if (write(results[1], figures.data(), figures.size()) < 0) _exit(3);
    _exit(0);  // no destructors: the server's threads are still running
  }
  close(results[1]);
  std::string figures;
  char buffer[256];
  for (ssize_t got; (got = read(results[0], buffer, sizeof(buffer))) > 0;) {
    figures.append(buffer, static_cast<std::size_t>(got));
  }
  close(results[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died: " << status;
  if (WEXITSTATUS(status) == kNoSeccomp) GTEST_SKIP() << "seccomp filters are not available";
  ASSERT_EQ(WEXITSTATUS(status), 0);
  std::istringstream read_back(figures);
  std::uint64_t failures = 0;
  std::size_t logged = 0;
  std::size_t connections = 0;
  ASSERT_TRUE(read_back >> failures >> logged >> connections) << figures;
  EXPECT_GE(failures, 1u) << "accept never failed";
  // 50 + 100 + 200 + 400 ms: about 5 attempts in the second, not thousands.
  EXPECT_LE(failures, 20u) << "the accept loop spun";
  EXPECT_LE(logged, 2u) << "each failure was logged";
  EXPECT_EQ(connections, 0u);
}

TEST(DescriptorLimitTest, RaiseDescriptorLimitSetsTheSoftLimitToTheHardOne) {
  const Result<DescriptorLimit> original = CurrentDescriptorLimit();
  ASSERT_TRUE(original.ok());
  if (original->hard < 128) GTEST_SKIP() << "hard limit too low to lower the soft one";
  {
    ScopedDescriptorLimit lowered(64);
    ASSERT_TRUE(lowered.ok());
    const Result<DescriptorLimit> before = RaiseDescriptorLimit();
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    EXPECT_EQ(before->soft, 64u);
    EXPECT_EQ(before->hard, original->hard);
    const Result<DescriptorLimit> after = CurrentDescriptorLimit();
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->soft, original->hard);
    EXPECT_EQ(after->hard, original->hard);
  }  // restores the original soft limit
  EXPECT_EQ(CurrentDescriptorLimit()->soft, original->soft);
}

TEST(DescriptorLimitTest, DefaultMaxConnectionsLeavesAReserveAndIsCapped) {
  EXPECT_EQ(DefaultMaxConnections(1024), 1024u - kReservedDescriptors);
  EXPECT_EQ(DefaultMaxConnections(65536), kMaxDefaultConnections);
  EXPECT_EQ(DefaultMaxConnections(UINT64_MAX), kMaxDefaultConnections);
  EXPECT_EQ(DefaultMaxConnections(256), 128u);
  EXPECT_EQ(DefaultMaxConnections(100), 50u);
  EXPECT_EQ(DefaultMaxConnections(1), 1u);
}

TEST_F(HttpConnectionCapTest, DefaultCapComesFromTheDescriptorLimit) {
  StartServer(HttpServerOptions{});
  const Result<DescriptorLimit> limit = CurrentDescriptorLimit();
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(server_->max_connections(), DefaultMaxConnections(limit->soft));
}

}  // namespace
}  // namespace tessera::server
