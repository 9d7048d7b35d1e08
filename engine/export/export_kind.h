// The CSV exports of a campaign (responses, scores, summaries, codebook, comments), their
// options and the callbacks they are streamed through.
#ifndef TESSERA_ENGINE_EXPORT_EXPORT_KIND_H_
#define TESSERA_ENGINE_EXPORT_EXPORT_KIND_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace tessera::engine {

enum class ExportKind { kResponses, kScores, kSummaries, kCodebook, kComments };

// "responses" | "scores" | "summaries" | "codebook" | "comments"; nullopt for anything else.
std::optional<ExportKind> ParseExportKind(std::string_view name);
std::string_view ExportKindName(ExportKind kind);

struct ExportOptions {
  bool labels = false;  // responses: value labels instead of codes (does not import back)
  bool bom = false;     // a UTF-8 byte-order mark first, for Excel
};

// Receives the CSV in chunks of about 64 KiB; returns false to stop early (client gone).
using ChunkSink = std::function<bool(std::string_view chunk)>;
// Called as rows are written; rows_total is the number of rows the export will have.
using ExportProgress = std::function<void(int64_t rows_done, int64_t rows_total)>;

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_EXPORT_KIND_H_
