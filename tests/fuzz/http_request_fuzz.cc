// Fuzz target: the HTTP request path without sockets. The bytes are what a client sends on one
// connection. They go through a Boost.Beast request parser with the server's header and body
// limits (HttpServerOptions' defaults), as server/http/session.cc reads them; each request that
// parses is dispatched to the real Router with every route `tessera serve` registers (survey API
// and pages, sign-in, dashboards, results API, exports, OpenAPI) over a temporary SQLite store
// holding the demo organisation (data/demo/organisation.json). Up to kMaxRequests pipelined
// requests are handled, while the connection would stay open.
//
// So that the fuzzer can reach what needs a secret, these placeholders in the input are
// replaced before parsing: @LINK@ (an unused personal link of the open staff-attitudes
// campaign), @OPEN_LINK@ (its shared link), @LINK_P@ (an unused personal link of the open
// partnership-charter campaign), @SESSION_A@ / @CSRF_A@ (an administrator's session cookie value
// and CSRF token), @SESSION_M@ / @CSRF_M@ (a manager's), @SESSION_E@ / @CSRF_E@ (an
// evaluator's). A used link is replaced by a fresh one and a signed-out session restored after
// each input; the database is restored from its template every kResetEvery inputs so that it
// cannot grow without bound. The clocks of the intake, the results and the sign-in are fixed.
//
// Checked besides "never crash, never hang": every request gets exactly one reply, never a 500;
// the reply serialises to an HTTP message that parses back to the same status and body; no
// header value holds CR or LF; a JSON reply parses, and a JSON error has a snake_case "code" and
// a "message".
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/campaign_instrument_cache.h"
#include "engine/campaign_results.h"
#include "engine/demo_builder.h"
#include "engine/export/campaign_exporter.h"
#include "engine/live_statistics.h"
#include "engine/sqlite_store.h"
#include "engine/submission_queue.h"
#include "engine/survey_intake.h"
#include "server/auth/auth_routes.h"
#include "server/auth/auth_service.h"
#include "server/auth/password_hash.h"
#include "server/auth/secret_token.h"
#include "server/http/http_server_options.h"
#include "server/http/router.h"
#include "server/management/dashboard_routes.h"
#include "server/management/export_routes.h"
#include "server/management/management_services.h"
#include "server/management/results_api_routes.h"
#include "server/survey_routes.h"
#include "survey/token.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;
using server::Request;
using server::Response;

constexpr int kMaxRequests = 8;
constexpr uint64_t kResetEvery = 20000;
constexpr std::chrono::seconds kReplyTimeout{30};  // below run.sh's libFuzzer -timeout
constexpr int64_t kClockSeconds = 1'795'000'000;   // 2026-11-18, while the demo's campaigns run
constexpr char kToday[] = "2026-11-20";
constexpr char kNow[] = "2026-11-20T10:00:00Z";

std::chrono::system_clock::time_point FixedClock() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(kClockSeconds));
}

struct Account {
  std::string placeholder_session;
  std::string placeholder_csrf;
  int64_t user_id = 0;
  std::string session;  // the cookie value
  std::string csrf;
};

// The links the fuzzer may use, refilled as they are used up.
struct LinkPool {
  std::string placeholder;
  int64_t campaign_id = 0;
  std::vector<std::string> tokens;
  size_t next = 0;
};

// Everything `tessera serve` builds, over one database file.
struct Services {
  explicit Services(const std::string& path) {
    engine::SqliteOptions options;
    options.path = path;
    reader = Open(options);
    engine::SqliteOptions writer_options = options;
    writer = Open(writer_options);
    statistics_store = Open(options);
    export_store = Open(options);
    live = std::make_unique<engine::LiveStatistics>(*statistics_store);
    queue = std::make_unique<engine::SubmissionQueue>(*writer, 512, live.get());
    intake = std::make_unique<engine::SurveyIntake>(*reader, *queue, [] { return kToday; });
    results = std::make_unique<engine::CampaignResults>(*reader, *live, [] { return kNow; });
    exporter = std::make_unique<engine::CampaignExporter>(*export_store, *results);
    instruments = std::make_unique<engine::CampaignInstrumentCache>(*reader);
    server::AuthOptions auth_options;
    auth_options.clock = FixedClock;
    // Every failed sign-in costs an argon2id verification; the fixed clock never lets the
    // limiter forget, so a few failures end them until the next reset.
    auth_options.account_failures = 2;
    auth_options.address_failures = 3;
    auth = std::make_unique<server::AuthService>(*reader, auth_options);
    management = std::make_unique<server::ManagementServices>(
        server::ManagementServices{*reader, *auth, *results, *exporter, *instruments});
    server::AddSystemRoutes(router);
    server::SurveyRouteLimits limits;
    limits.open_link = std::make_shared<server::RateLimiter>(20, 0.5, 100000);
    server::AddSurveyRoutes(router, *intake, limits);
    server::AddAuthRoutes(router, *auth);
    server::AddDashboardRoutes(router, *management);
    server::AddResultsApiRoutes(router, *management);
    server::AddExportRoutes(router, *management);
    server::AddOpenApiRoute(router);
  }
  ~Services() { queue->Stop(); }

  static std::unique_ptr<engine::Store> Open(const engine::SqliteOptions& options) {
    auto store = engine::OpenSqliteStore(options);
    if (!store.ok()) Fail(__FILE__, __LINE__, "store opens", store.status().ToString());
    return std::move(*store);
  }

  std::unique_ptr<engine::Store> reader, writer, statistics_store, export_store;
  std::unique_ptr<engine::LiveStatistics> live;
  std::unique_ptr<engine::SubmissionQueue> queue;
  std::unique_ptr<engine::SurveyIntake> intake;
  std::unique_ptr<engine::CampaignResults> results;
  std::unique_ptr<engine::CampaignExporter> exporter;
  std::unique_ptr<engine::CampaignInstrumentCache> instruments;
  std::unique_ptr<server::AuthService> auth;
  std::unique_ptr<server::ManagementServices> management;
  server::Router router;
};

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result.ok()) Fail(__FILE__, __LINE__, what, result.status().ToString());
  return std::move(*result);
}

void Must(const Status& status, const char* what) {
  if (!status.ok()) Fail(__FILE__, __LINE__, what, status.ToString());
}

class World {
 public:
  World() {
    spdlog::set_level(spdlog::level::off);  // handler errors surface as 500s, checked below
    const char* base = std::getenv("TMPDIR");
    std::filesystem::path parent = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    if (base != nullptr && *base != '\0') parent = base;
    RemoveStaleDirectories(parent);
    dir_ = parent / (std::string(kDirPrefix) + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    BuildTemplate();
    Reset();
  }
  ~World() {
    services_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void Run(std::string_view input);

 private:
  static constexpr std::string_view kDirPrefix = "tessera-http-fuzz-";

  static void RemoveStaleDirectories(const std::filesystem::path& parent);
  void BuildTemplate();
  void Reset();
  std::string Substitute(std::string_view input, bool* used_links, bool* used_sessions);
  void Refill(LinkPool& pool);
  void RestoreSessions();
  void Handle(Request& request, bool* keep_open);

  std::filesystem::path dir_;
  std::vector<Account> accounts_;
  std::vector<LinkPool> pools_;
  std::string open_link_;
  std::unique_ptr<Services> services_;
  uint64_t inputs_ = 0;
};

// A run that crashed left its database behind: remove those of processes that are gone.
void World::RemoveStaleDirectories(const std::filesystem::path& parent) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kDirPrefix, 0) != 0) continue;
    const std::string pid = name.substr(kDirPrefix.size());
    if (!std::filesystem::exists("/proc/" + pid)) std::filesystem::remove_all(entry.path(), error);
  }
}

void World::BuildTemplate() {
  engine::SqliteOptions options;
  options.path = (dir_ / "template.db").string();
  auto store = Services::Open(options);
  std::ifstream spec_file(SourceDir() / "data/demo/organisation.json");
  const json spec = json::parse(spec_file);
  engine::DemoSummary summary;
  Must(engine::BuildDemo(*store, ShippedCatalogue(), spec, &summary), "demo builds");
  const int64_t organisation = summary.organisation_id;

  int64_t staff_campaign = 0, charter_campaign = 0;
  for (const engine::DemoCampaignSummary& campaign : summary.campaigns) {
    if (campaign.state != engine::CampaignState::kOpen) continue;
    if (campaign.key == "staff-attitudes-2026-autumn") staff_campaign = campaign.id;
    if (campaign.key == "partnership-charter-2026") charter_campaign = campaign.id;
  }
  if (staff_campaign == 0 || charter_campaign == 0) {
    Fail(__FILE__, __LINE__, "the demo has its two open campaigns", "");
  }
  pools_ = {LinkPool{"@LINK@", staff_campaign, {}, 0},
            LinkPool{"@LINK_P@", charter_campaign, {}, 0}};
  for (LinkPool& pool : pools_) {
    std::vector<std::string> hashes;
    for (int i = 0; i < 32; ++i) {
      pool.tokens.push_back(survey::NewToken());
      hashes.push_back(survey::TokenHash(pool.tokens.back()));
    }
    Must(store->AddLinks(pool.campaign_id, engine::LinkKind::kPersonal, hashes), "links");
  }
  open_link_ = survey::NewToken();
  Must(store->AddLinks(staff_campaign, engine::LinkKind::kOpen, {survey::TokenHash(open_link_)}),
       "open link");

  const std::string password_hash = Must(server::HashPassword("fuzz-password-1"), "hash");
  struct Role {
    const char* email;
    const char* role;
    const char* suffix;
  };
  for (const Role& role :
       {Role{"admin@example.org", "admin", "A"}, Role{"manager@example.org", "manager", "M"},
        Role{"evaluator@example.org", "evaluator", "E"}}) {
    Account account;
    account.placeholder_session = std::string("@SESSION_") + role.suffix + "@";
    account.placeholder_csrf = std::string("@CSRF_") + role.suffix + "@";
    account.user_id = Must(store->CreateUser(role.email, password_hash), "user").id;
    Must(store->SetMembership(account.user_id, organisation, role.role), "membership");
    account.session = server::NewSecretToken();
    account.csrf = server::NewSecretToken();
    Must(store->CreateSession({server::SecretTokenHash(account.session), account.user_id,
                               account.csrf, kClockSeconds, kClockSeconds}),
         "session");
    accounts_.push_back(std::move(account));
  }
  Must(store->Checkpoint(), "checkpoint");
}

void World::Reset() {
  services_.reset();
  const std::filesystem::path live = dir_ / "live.db";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(live.string() + suffix);
  }
  std::filesystem::copy_file(dir_ / "template.db", live);
  services_ = std::make_unique<Services>(live.string());
  for (LinkPool& pool : pools_) pool.next = 0;
}

std::string World::Substitute(std::string_view input, bool* used_links, bool* used_sessions) {
  std::string text(input);
  auto replace = [&text](const std::string& placeholder, const std::string& value) {
    bool found = false;
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
      found = true;
    }
    return found;
  };
  for (LinkPool& pool : pools_) {
    if (text.find(pool.placeholder) == std::string::npos) continue;
    Refill(pool);
    *used_links |= replace(pool.placeholder, pool.tokens[pool.next]);
  }
  replace("@OPEN_LINK@", open_link_);
  for (const Account& account : accounts_) {
    *used_sessions |= replace(account.placeholder_session, account.session);
    replace(account.placeholder_csrf, account.csrf);
  }
  return text;
}

// Moves past used links; mints more when the pool runs out.
void World::Refill(LinkPool& pool) {
  engine::Store& store = *services_->reader;
  while (pool.next < pool.tokens.size()) {
    auto link = store.FindLink(survey::TokenHash(pool.tokens[pool.next]));
    if (link.ok() && !link->used) return;
    ++pool.next;
  }
  std::vector<std::string> hashes;
  for (int i = 0; i < 16; ++i) {
    pool.tokens.push_back(survey::NewToken());
    hashes.push_back(survey::TokenHash(pool.tokens.back()));
  }
  Must(store.AddLinks(pool.campaign_id, engine::LinkKind::kPersonal, hashes), "more links");
}

// A request may sign out (POST /logout, DELETE /api/v1/session): the session comes back.
void World::RestoreSessions() {
  engine::Store& store = *services_->reader;
  for (const Account& account : accounts_) {
    const std::string hash = server::SecretTokenHash(account.session);
    if (store.FindSession(hash).ok()) continue;
    Must(store.CreateSession({hash, account.user_id, account.csrf, kClockSeconds, kClockSeconds}),
         "session restored");
  }
}

bool IsSnakeCase(const std::string& code) {
  if (code.empty()) return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

std::string Show(const Request& request, const Response& response) {
  std::ostringstream out;
  out << request.method_string() << " " << request.target() << " -> " << response.result_int()
      << " " << response.body().substr(0, 300);
  return out.str();
}

// What Session::OnReply and Session::Write do to a reply, then checks of what goes on the wire.
void CheckReply(const Request& request, Response response, bool keep_alive) {
  const std::string shown = Show(request, response);
  FUZZ_CHECK(response.result() != http::status::internal_server_error, shown);
  response.version(request.version());
  response.keep_alive(keep_alive);
  server::ApplyStandardHeaders(response.base());
  response.prepare_payload();
  for (const auto& field : response) {
    const std::string_view value(field.value().data(), field.value().size());
    FUZZ_CHECK(value.find_first_of("\r\n") == std::string_view::npos,
               "CR or LF in header " + std::string(field.name_string()) + ": " + shown);
  }
  std::ostringstream wire;
  wire << response;
  const std::string bytes = wire.str();
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(boost::none);
  if (request.method() == http::verb::head) parser.skip(true);
  beast::error_code ec;
  parser.put(boost::asio::buffer(bytes), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  FUZZ_CHECK(!ec && parser.is_done(), "the reply does not parse (" + ec.message() + "): " + shown);
  FUZZ_CHECK(parser.get().result() == response.result(), shown);
  if (request.method() != http::verb::head) {
    FUZZ_CHECK(parser.get().body() == response.body(), "the body changes on the wire: " + shown);
  }

  const auto type = response[http::field::content_type];
  if (type.starts_with("application/json")) {
    const json body = json::parse(response.body(), nullptr, false);
    FUZZ_CHECK(!body.is_discarded(), "a JSON reply that is not JSON: " + shown);
    if (response.result_int() >= 400) {
      FUZZ_CHECK(body.is_object() && body.contains("code") && body["code"].is_string() &&
                     IsSnakeCase(body["code"].get<std::string>()) && body.contains("message") &&
                     body["message"].is_string(),
                 "a JSON error without code and message: " + shown);
    }
  }
}

void World::Handle(Request& request, bool* keep_open) {
  server::RequestContext context;
  context.remote_address = "192.0.2.1";
  auto promise = std::make_shared<std::promise<Response>>();
  auto calls = std::make_shared<std::atomic<int>>(0);
  std::future<Response> replied = promise->get_future();
  server::Reply reply([promise, calls](Response response) {
    if (calls->fetch_add(1) == 0) promise->set_value(std::move(response));
  });
  services_->router.Dispatch(request, context, reply);
  if (replied.wait_for(kReplyTimeout) != std::future_status::ready) {
    Fail(__FILE__, __LINE__, "a reply within 30 s",
         std::string(request.method_string()) + " " + std::string(request.target()));
  }
  Response response = replied.get();
  // TESSERA_FUZZ_VERBOSE=1: one line per request, to see what a corpus reaches.
  static const bool verbose = std::getenv("TESSERA_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "  %s\n", Show(request, response).substr(0, 300).c_str());
  FUZZ_CHECK(calls->load() == 1, "replied " + std::to_string(calls->load()) + " times");
  const bool keep_alive = request.keep_alive();
  CheckReply(request, std::move(response), keep_alive);
  *keep_open = keep_alive;
}

void World::Run(std::string_view input) {
  if (++inputs_ % kResetEvery == 0) Reset();
  bool used_links = false, used_sessions = false;
  const std::string text = Substitute(input, &used_links, &used_sessions);
  const server::HttpServerOptions limits;
  std::string_view rest = text;
  for (int n = 0; n < kMaxRequests; ++n) {
    // As http::async_read in Session::DoRead: everything the client sent is available.
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(static_cast<std::uint64_t>(limits.body_limit));
    parser.eager(true);
    beast::error_code ec;
    while (!parser.is_done()) {
      size_t used = 0;
      if (!rest.empty()) {
        used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
        rest.remove_prefix(used);
        if (ec == http::error::need_more) ec = {};
        if (ec) break;
      }
      if (rest.empty() || used == 0) {
        // The client sent nothing more.
        if (parser.is_done()) break;
        if (!parser.got_some()) {
          ec = http::error::end_of_stream;
        } else {
          parser.put_eof(ec);
        }
        break;
      }
    }
    if (ec) {
      // Session::OnRead answers these without the router and closes the connection.
      const Request unused;
      if (ec == http::error::body_limit) {
        CheckReply(
            unused,
            server::JsonError(http::status::payload_too_large, server::error_code::kPayloadTooLarge,
                              "request body too large"),
            false);
      } else if (ec == http::error::header_limit) {
        CheckReply(
            unused,
            server::JsonError(http::status::request_header_fields_too_large,
                              server::error_code::kHeaderTooLarge, "request header too large"),
            false);
      }
      break;
    }
    Request request = parser.release();
    bool keep_open = false;
    Handle(request, &keep_open);
    if (!keep_open || rest.empty()) break;
  }
  if (used_links) {
    for (LinkPool& pool : pools_) Refill(pool);
  }
  if (used_sessions) RestoreSessions();
}

}  // namespace
}  // namespace tessera::fuzz

namespace {
tessera::fuzz::World* the_world = nullptr;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (the_world == nullptr) {
    the_world = new tessera::fuzz::World();
    // Stop the submission writer and remove the database before the process's statics go.
    std::atexit([] {
      delete the_world;
      the_world = nullptr;
    });
  }
  the_world->Run(tessera::fuzz::AsText(data, size));
  return 0;
}
