// tessera export responses|scores|summaries|codebook|comments --campaign C --out FILE|- [--labels]
// [--bom]
#include "server/export_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "engine/campaign_results.h"
#include "engine/export/campaign_exporter.h"
#include "engine/live_statistics.h"
#include "server/cli_store.h"

namespace tessera::server {
namespace {

constexpr char kUsage[] =
    R"(Usage: tessera export responses|scores|summaries|codebook|comments --campaign C --out FILE|-
                      [--labels] [--bom] [--db PATH]

Writes a closed campaign's results as CSV (RFC 4180, UTF-8, CRLF line ends, a header row):
  responses   one row per response: response_id, campaign, instrument, the grouping answers the
              anonymity rules allow, one column per item except free text (codes; labels with
              --labels); imports back with `tessera import responses`
  scores      per domain or scale and group: n, mean, SD, SE, 95% CI, index, level, suppressed
  summaries   per item and group: the distribution and favourable / neutral / unfavourable
  codebook    per column and item: type, text, scale, reverse keying, values, source, version
  comments    the free-text answers on their own: question, group, comment, for the lists the
              dashboard shows (no response id, no other answer)
Nothing is exported until the campaign is closed with at least k responses; groups under k
are withheld as in every result. Text cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a line break) get a leading apostrophe. docs/exports.md
describes every column.

Options:
  --campaign C   the campaign (its number)
  --out FILE     the file to write (through a temporary file renamed at the end); - for
                 standard output
  --labels       responses: value labels instead of codes (such a file does not import back)
  --bom          start with a UTF-8 byte-order mark, for Excel
  --db PATH      database file (default: $TESSERA_DB, else ./tessera.db)
  --help         show this help
)";

// A bar on standard error, redrawn when the percentage changes; nothing when not a terminal.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, std::string label, bool enabled)
      : err_(err), label_(std::move(label)), enabled_(enabled) {}
  ~ProgressBar() {
    if (drawn_) err_ << "\n" << std::flush;
  }
  void Update(int64_t done, int64_t total) {
    if (!enabled_ || total <= 0) return;
    const int percent = static_cast<int>(std::min<int64_t>(100, done * 100 / total));
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    err_ << "\r" << label_ << " [" << std::string(static_cast<size_t>(filled), '#')
         << std::string(static_cast<size_t>(kWidth - filled), ' ') << "] " << percent << "% "
         << done << "/" << total << std::flush;
    drawn_ = true;
  }

 private:
  std::ostream& err_;
  std::string label_;
  bool enabled_;
  int last_percent_ = -1;
  bool drawn_ = false;
};

// A file written under a temporary name beside the target and renamed over it only by
// Commit(); removed otherwise.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)) {}
  ~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty() && !committed_) ::unlink(temp_.c_str());
  }
  Status Open() {
    const std::filesystem::path target(path_);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    std::string pattern = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) return Status::IoError("cannot write in " + dir.string() + ": " + Errno());
    temp_ = pattern;
    return Status::Ok();
  }
  bool Write(std::string_view chunk) {
    while (!chunk.empty()) {
      const ssize_t written = ::write(fd_, chunk.data(), chunk.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        error_ = Errno();
        return false;
      }
      chunk.remove_prefix(static_cast<size_t>(written));
    }
    return true;
  }
  const std::string& error() const { return error_; }
  Status Commit() {
    if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
      fd_ = -1;
      return Status::IoError("cannot write " + path_ + ": " + Errno());
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), path_.c_str()) != 0) {
      return Status::IoError("cannot rename the temporary file to " + path_ + ": " + Errno());
    }
    committed_ = true;
    return Status::Ok();
  }

 private:
  static std::string Errno() { return std::strerror(errno); }

  std::string path_;
  std::string temp_;
  std::string error_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

int RunExportCommand(CliContext& context) {
  if (int code = CliHelpIfAsked(context, kUsage); code >= 0) return code;
  auto line = CommandLine::Parse(
      context.args,
      {DbOption(), {"campaign", true}, {"out", true}, {"labels", false}, {"bom", false}});
  if (!line.ok()) return CliUsage(context, "export", line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (line->positional().size() != 1) {
    return CliUsage(context, "export",
                    "name one export: responses, scores, summaries, codebook or comments");
  }
  const auto kind = engine::ParseExportKind(line->positional()[0]);
  if (!kind) {
    return CliUsage(context, "export",
                    "unknown export \"" + line->positional()[0] +
                        "\" (responses, scores, summaries, codebook or comments)");
  }
  auto campaign_text = line->Value("campaign");
  auto out = line->Value("out");
  if (!campaign_text || !out || out->empty()) {
    return CliUsage(context, "export",
                    "give --campaign C and --out FILE (or - for standard output)");
  }
  if (line->Has("labels") && *kind != engine::ExportKind::kResponses) {
    return CliUsage(context, "export", "--labels goes with the responses export only");
  }
  auto store = OpenStore(*line);
  if (!store.ok()) return CliFail(context, "export", store.status());
  auto campaign = ResolveCampaign(**store, *campaign_text);
  if (!campaign.ok()) return CliFail(context, "export", campaign.status());
  engine::LiveStatistics live(**store);
  engine::CampaignResults results(**store, live);
  engine::CampaignExporter exporter(**store, results);
  if (Status checked = exporter.Check(campaign->id, *kind); !checked.ok()) {
    return CliFail(context, "export", checked);
  }
  engine::ExportOptions options;
  options.labels = line->Has("labels");
  options.bom = line->Has("bom");
  ProgressBar bar(context.err, "exporting " + std::string(engine::ExportKindName(*kind)),
                  ::isatty(STDERR_FILENO) == 1);
  auto progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };

  if (*out == "-") {
    std::string error;
    const Status written = exporter.Write(
        campaign->id, *kind, options,
        [&context](std::string_view chunk) {
          context.out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          return context.out.good();
        },
        progress);
    context.out.flush();
    if (!written.ok()) {
      return CliFail(context, "export",
                     written.message() == "stopped"
                         ? Status::IoError("cannot write to standard output")
                         : written);
    }
    return kExitOk;
  }
  AtomicFile file(*out);
  if (Status opened = file.Open(); !opened.ok()) return CliFail(context, "export", opened);
  const Status written = exporter.Write(
      campaign->id, *kind, options, [&file](std::string_view chunk) { return file.Write(chunk); },
      progress);
  if (!written.ok()) {
    return CliFail(context, "export",
                   written.message() == "stopped" && !file.error().empty()
                       ? Status::IoError("cannot write " + *out + ": " + file.error())
                       : written);
  }
  if (Status committed = file.Commit(); !committed.ok()) {
    return CliFail(context, "export", committed);
  }
  return kExitOk;
}

}  // namespace tessera::server
