// tessera serve: the HTTP server on the embedded SQLite store.
#include "server/serve_command.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/campaign_instrument_cache.h"
#include "engine/campaign_results.h"
#include "engine/export/campaign_exporter.h"
#include "engine/live_statistics.h"
#include "engine/sqlite_store.h"
#include "engine/submission_queue.h"
#include "engine/survey_intake.h"
#include "server/auth/auth_routes.h"
#include "server/auth/auth_service.h"
#include "server/cli_store.h"
#include "server/http/descriptor_limit.h"
#include "server/http/http_server.h"
#include "server/management/dashboard_routes.h"
#include "server/management/export_routes.h"
#include "server/management/results_api_routes.h"
#include "server/survey_routes.h"
#include "survey/token.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] = R"(Usage: tessera serve [OPTIONS]

Serves the survey pages, the managers' dashboards (sign in at /login), the JSON API and CSV
downloads until SIGINT or SIGTERM, then finishes the requests in flight and commits every
pending submission before it exits.

Options:
  --port N              TCP port (default 8080; 0 picks a free one and prints it)
  --address A           address to listen on (default 127.0.0.1)
  --threads N           I/O threads (default 2)
  --max-connections N   at most N connections at once (default: the descriptor limit, raised
                        to its hard limit at start, less 128 for the database and logs, at
                        most 4096); at the cap the connections idle longest are closed to make
                        room, and if none is idle new connections wait
  --synchronous MODE    normal (default; survives a crash of Tessera) or full (also survives
                        a power cut, slower)
  --rate-limit N        at most N respondent requests per second from one address (default:
                        no limit; opening the shared link is always limited)
  --secure-cookies      mark the session and device cookies Secure (set this when Tessera is
                        behind TLS)
  --db PATH             database file (default: $TESSERA_DB, else ./tessera.db)
  --help                show this help
)";

// Runs Store::Checkpoint() every `period` until destroyed, so the group-commit writer never
// pays for copying the WAL back into the database.
class MaintenanceThread {
 public:
  MaintenanceThread(engine::Store& store, std::chrono::milliseconds period)
      : store_(store), period_(period), thread_([this] { Run(); }) {}
  ~MaintenanceThread() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    (void)store_.Checkpoint();
  }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
      lock.unlock();
      if (Status status = store_.Checkpoint(); !status.ok()) {
        spdlog::warn("checkpoint: {}", status.message());
      }
      lock.lock();
    }
  }

  engine::Store& store_;
  const std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Builds every campaign's statistics once, in the background, so the first dashboard request
// after a start does not wait for a scan (LiveStatistics keeps them current afterwards), and
// each released campaign's disclosure plan (read back from the store when it was kept).
class StatisticsWarmer {
 public:
  StatisticsWarmer(engine::Store& store, engine::LiveStatistics& live,
                   engine::CampaignResults& results)
      : thread_([&store, &live, &results, this] {
          auto campaigns = store.ListCampaigns(std::nullopt);
          if (!campaigns.ok()) return;
          for (const engine::Campaign& campaign : *campaigns) {
            if (stopping_.load()) return;
            if (auto held = live.GetShared(campaign.id); !held.ok()) {
              spdlog::warn("statistics for campaign {}: {}", campaign.id, held.status().message());
            }
          }
          for (const engine::Campaign& campaign : *campaigns) {
            if (stopping_.load()) return;
            if (campaign.state != engine::CampaignState::kClosed) continue;
            auto disclosed = results.DisclosurePlan(campaign.id);
            if (!disclosed.ok() && disclosed.status().code() != StatusCode::kFailedPrecondition) {
              spdlog::warn("disclosure plan for campaign {}: {}", campaign.id,
                           disclosed.status().message());
            }
          }
        }) {}
  ~StatisticsWarmer() {
    stopping_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace

int RunServer(CliContext& context, const ServeSettings& settings) {
  // Every connection, database file and download holds a descriptor: use all the process may.
  if (auto before = RaiseDescriptorLimit(); !before.ok()) {
    spdlog::warn("{}", before.status().message());
  } else if (before->soft != before->hard) {
    spdlog::info("descriptor limit raised from {} to {} (the hard limit)", before->soft,
                 before->hard);
  } else {
    spdlog::info("descriptor limit: {} (already the hard limit)", before->soft);
  }
  engine::SqliteOptions options;
  options.path = settings.database;
  options.synchronous_full = settings.synchronous_full;
  // Request handlers read through one connection; the group-commit writer has its own.
  auto reader = engine::OpenSqliteStore(options);
  if (!reader.ok()) return CliFail(context, "serve", reader.status());
  engine::SqliteOptions writer_options = options;
  writer_options.auto_checkpoint = false;  // the maintenance thread below checkpoints instead
  auto writer = engine::OpenSqliteStore(writer_options);
  if (!writer.ok()) return CliFail(context, "serve", writer.status());
  auto maintenance = engine::OpenSqliteStore(options);
  if (!maintenance.ok()) return CliFail(context, "serve", maintenance.status());
  MaintenanceThread checkpoints(**maintenance, std::chrono::milliseconds(200));
  // The statistics behind every result have their own connection (a first scan holds it), and
  // are updated by the submission writer as each batch commits.
  auto statistics_store = engine::OpenSqliteStore(options);
  if (!statistics_store.ok()) return CliFail(context, "serve", statistics_store.status());
  engine::LiveStatistics live(**statistics_store);
  // CSV downloads stream rows for as long as the client reads: a connection of their own.
  auto export_store = engine::OpenSqliteStore(options);
  if (!export_store.ok()) return CliFail(context, "serve", export_store.status());
  engine::SubmissionQueue queue(**writer, 512, &live);
  engine::SurveyIntake intake(**reader, queue);
  engine::CampaignResults results(**reader, live);
  engine::CampaignExporter exporter(**export_store, results);
  engine::CampaignInstrumentCache instruments(**reader);
  AuthOptions auth_options;
  auth_options.secure_cookies = settings.secure_cookies;
  AuthService auth(**reader, auth_options);
  ManagementServices services{**reader, auth, results, exporter, instruments};
  StatisticsWarmer warmer(**maintenance, live, results);

  Router router;
  AddSystemRoutes(router);
  // Minting from the shared link: per device and, sized for an office behind one address, per
  // address (docs/api.md, "Rate limits").
  AddSurveyRoutes(router, intake,
                  ServeSurveyRouteLimits(settings.rate_limit, settings.secure_cookies));
  AddAuthRoutes(router, auth);
  AddDashboardRoutes(router, services);
  AddResultsApiRoutes(router, services);
  AddExportRoutes(router, services);
  AddOpenApiRoute(router);

  HttpServerOptions server_options;
  server_options.address = settings.address;
  server_options.port = settings.port;
  server_options.threads = settings.threads;
  server_options.max_connections = settings.max_connections;
  HttpServer server(server_options, router);
  server.SetPathRedactor([](std::string_view path) { return survey::RedactTokens(path); });
  if (Status started = server.Start(); !started.ok()) return CliFail(context, "serve", started);
  context.out << "Tessera is listening on http://" << settings.address << ":" << server.port()
              << " (database " << settings.database << "); press Ctrl-C to stop\n"
              << "Dashboard: http://" << settings.address << ":" << server.port() << "/dashboard\n";
  if (settings.on_listening) settings.on_listening(server.port());
  context.out.flush();
  server.WaitForSignal();
  queue.Stop();                 // commit everything acknowledged or queued before exiting
  intake.WaitForBurstChecks();  // and record any burst those responses make
  spdlog::info("stopped: {} submissions committed in {} batches", queue.committed(),
               queue.batches());
  return kExitOk;
}

std::vector<OptionSpec> ServeOptionSpecs() {
  return {DbOption(),
          {"port", true},
          {"address", true},
          {"threads", true},
          {"max-connections", true},
          {"synchronous", true},
          {"rate-limit", true},
          {"secure-cookies", false}};
}

Status ReadServeSettings(const CommandLine& line, ServeSettings* settings) {
  settings->database = DatabasePath(line);
  settings->address = line.Value("address").value_or(settings->address);
  if (auto port = line.Value("port")) {
    auto number = ParseWholeNumber(*port);
    if (!number || *number < 0 || *number > 65535) {
      return Status::InvalidArgument("--port must be a number from 0 to 65535");
    }
    settings->port = static_cast<unsigned short>(*number);
  }
  if (auto threads = line.Value("threads")) {
    auto number = ParseWholeNumber(*threads);
    if (!number || *number < 1 || *number > 64) {
      return Status::InvalidArgument("--threads must be a number from 1 to 64");
    }
    settings->threads = static_cast<int>(*number);
  }
  if (auto connections = line.Value("max-connections")) {
    auto number = ParseWholeNumber(*connections);
    if (!number || *number < 1 || *number > 1000000) {
      return Status::InvalidArgument("--max-connections must be a number from 1 to 1000000");
    }
    settings->max_connections = static_cast<std::size_t>(*number);
  }
  if (auto limit = line.Value("rate-limit")) {
    auto number = ParseWholeNumber(*limit);
    if (!number || *number < 0 || *number > 1000000) {
      return Status::InvalidArgument("--rate-limit must be a whole number of requests per second");
    }
    settings->rate_limit = static_cast<int>(*number);
  }
  settings->secure_cookies = line.Has("secure-cookies");
  if (auto mode = line.Value("synchronous")) {
    if (*mode != "normal" && *mode != "full") {
      return Status::InvalidArgument("--synchronous must be normal or full");
    }
    settings->synchronous_full = *mode == "full";
  }
  return Status::Ok();
}

int RunServeCommand(CliContext& context) {
  auto line = CommandLine::Parse(context.args, ServeOptionSpecs());
  if (!line.ok()) return CliUsage(context, "serve", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (!line->positional().empty()) return CliUsage(context, "serve", "unexpected argument");
  ServeSettings settings;
  if (Status read = ReadServeSettings(*line, &settings); !read.ok()) {
    return CliUsage(context, "serve", read.message());
  }
  return RunServer(context, settings);
}

}  // namespace tessera::server
