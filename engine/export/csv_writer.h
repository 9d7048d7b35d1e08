// An RFC 4180 CSV writer that streams: fields are appended to one reused buffer, and each time a
// row ends with at least a chunk's worth buffered, the buffer goes to the sink. CRLF line ends;
// a field is quoted when it holds a comma, quote, CR or LF (quotes doubled). Text fields that a
// spreadsheet would run as a formula get a leading apostrophe and are quoted (OWASP's "CSV
// Injection"; NeedsNeutralising has the list); numbers (Integer, Number) are written as plain
// numbers and never altered, so -3 stays a number for R and pandas.
#ifndef TESSERA_ENGINE_EXPORT_CSV_WRITER_H_
#define TESSERA_ENGINE_EXPORT_CSV_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/export/export_kind.h"
#include "instruments/status.h"

namespace tessera::engine {

class CsvWriter {
 public:
  static constexpr size_t kChunkSize = 64 * 1024;

  explicit CsvWriter(const ChunkSink& sink, size_t chunk_size = kChunkSize);

  // The UTF-8 byte-order mark; only before the first field.
  void Bom();
  // A text field: neutralised and quoted as needed. Bytes are copied as they are (UTF-8).
  void Text(std::string_view text);
  void Integer(int64_t value);
  // Shortest text that reads back as the same double; an empty field when not finite.
  void Number(double value);
  void Bool(bool value);  // true / false
  void Empty();
  // A field already encoded with AppendField (e.g. from a lookup table).
  void Encoded(std::string_view field);
  // Ends the row with CRLF and hands the buffer to the sink once a chunk is full.
  void EndRow();
  // Hands what is left to the sink. kIoError("stopped") when the sink returned false.
  Status Finish();
  // Whether the sink has asked to stop; later writes are dropped.
  bool stopped() const { return stopped_; }

  // Appends `text` to `out` as one encoded field (neutralised, quoted as needed).
  static void AppendField(std::string& out, std::string_view text);
  // Whether a spreadsheet could take the text as a formula: it starts with tab, CR or LF; or,
  // after leading spaces (U+0020, U+00A0, U+3000) and control characters, with = + - @ | % or
  // a fullwidth form of one of them (U+FF1D U+FF0B U+FF0D U+FF20 U+FF5C U+FF05).
  static bool NeedsNeutralising(std::string_view text);

 private:
  void Separator() {
    if (!first_in_row_) buffer_.push_back(',');
    first_in_row_ = false;
  }
  void Flush();

  const ChunkSink& sink_;
  size_t chunk_size_;
  std::string buffer_;
  bool first_in_row_ = true;
  bool stopped_ = false;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_EXPORT_CSV_WRITER_H_
