#include "engine/export/export_kind.h"

namespace tessera::engine {

std::optional<ExportKind> ParseExportKind(std::string_view name) {
  for (ExportKind kind : {ExportKind::kResponses, ExportKind::kScores, ExportKind::kSummaries,
                          ExportKind::kCodebook, ExportKind::kComments}) {
    if (ExportKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view ExportKindName(ExportKind kind) {
  switch (kind) {
    case ExportKind::kResponses:
      return "responses";
    case ExportKind::kScores:
      return "scores";
    case ExportKind::kSummaries:
      return "summaries";
    case ExportKind::kCodebook:
      return "codebook";
    case ExportKind::kComments:
      return "comments";
  }
  return "";
}

}  // namespace tessera::engine
