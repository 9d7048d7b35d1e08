// Imports paper or externally collected responses from CSV: one row per respondent, columns
// named by item id exactly as the responses export writes them. Every row is validated against
// the campaign's pinned instrument; any problem rejects the whole file (nothing is stored), and
// every problem is reported with its row number and column.
//
// Cells: empty or NA = unanswered; scale items take the integer value or a code ("dk");
// choice items the value code; multiple choice items their codes separated by ";"; numbers as
// decimals with a point; free text as written, checked as the API checks it (tab and line breaks
// kept, CR LF stored as LF, other control characters a problem). Export metadata columns
// (response_id, campaign, instrument, submitted_on) are accepted: campaign and instrument must
// match, submitted_on (YYYY-MM-DD) is kept; any other unknown column, a column named twice, a
// control character in a column name (reported by the column's 1-based position, so that the
// message does not carry it) or in a metadata cell is a problem.
#ifndef TESSERA_ENGINE_RESPONSE_IMPORT_H_
#define TESSERA_ENGINE_RESPONSE_IMPORT_H_

#include <istream>
#include <string>
#include <vector>

#include "engine/store.h"
#include "instruments/instrument.h"

namespace tessera::engine {

struct ImportProblem {
  size_t row = 0;      // 1-based data row (the header is row 0); 0 for the header itself
  std::string column;  // item id or header name; empty when the whole row is wrong
  std::string message;

  std::string ToString() const;
};

struct ImportReport {
  size_t imported = 0;
  std::vector<ImportProblem> problems;  // non-empty means nothing was imported
};

// The rows of a responses CSV, read and validated but not stored: every valid row, or the
// problems (non-empty means the file as a whole is rejected).
struct ParsedResponses {
  std::vector<ImportedResponse> responses;
  std::vector<ImportProblem> problems;
};

// Reads and checks a file against `instrument` (team values from `team_slugs`). With a
// campaign, a campaign column must name it. `today` is the submission day when the file has no
// submitted_on column.
Result<ParsedResponses> ReadResponsesCsv(const instruments::Instrument& instrument,
                                         const std::vector<std::string>& team_slugs,
                                         std::istream& csv, const std::string& today,
                                         const Campaign* campaign = nullptr);

// ReadResponsesCsv, then every row stored in one transaction (or nothing).
// `today` is used as the submission day when the file has no submitted_on column.
Result<ImportReport> ImportResponsesCsv(Store& store, const Campaign& campaign,
                                        const instruments::Instrument& instrument,
                                        std::istream& csv, const std::string& today);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_RESPONSE_IMPORT_H_
