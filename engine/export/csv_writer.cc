#include "engine/export/csv_writer.h"

#include <charconv>
#include <cmath>

namespace tessera::engine {

CsvWriter::CsvWriter(const ChunkSink& sink, size_t chunk_size)
    : sink_(sink), chunk_size_(chunk_size) {
  buffer_.reserve(chunk_size_ + chunk_size_ / 4);
}

void CsvWriter::Bom() { buffer_.append("\xEF\xBB\xBF"); }

namespace {

// Characters a spreadsheet skips before it looks for a formula: spaces (U+0020, no-break space
// U+00A0, ideographic space U+3000) and control characters (C0, DEL, C1). Returns the length of
// the one at the start of `text`, or 0.
size_t BlankAt(std::string_view text) {
  const auto byte = static_cast<unsigned char>(text.front());
  if (byte <= 0x20 || byte == 0x7F) return 1;
  if (byte == 0xC2 && text.size() >= 2) {
    const auto next = static_cast<unsigned char>(text[1]);
    if (next <= 0xA0 && next >= 0x80) return 2;  // C1 controls U+0080..U+009F, U+00A0
  }
  if (text.substr(0, 3) == "\xE3\x80\x80") return 3;  // U+3000
  return 0;
}

}  // namespace

bool CsvWriter::NeedsNeutralising(std::string_view text) {
  // OWASP's list: a cell that starts with tab, CR or LF; or with =, +, -, @ (and | and %, which
  // some spreadsheets also read as the start of a formula or a DDE call) once leading blanks
  // are skipped; or with the fullwidth forms of those six, which spreadsheets in East Asian
  // locales turn into their ASCII forms.
  while (!text.empty()) {
    const char first = text.front();
    if (first == '\t' || first == '\r' || first == '\n') return true;
    const size_t blank = BlankAt(text);
    if (blank == 0) break;
    text.remove_prefix(blank);
  }
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '|':
    case '%':
      return true;
    case '\xEF':
      break;
    default:
      return false;
  }
  // U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠, U+FF5C ｜, U+FF05 ％.
  for (const std::string_view fullwidth : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
                                           "\xEF\xBC\xA0", "\xEF\xBD\x9C", "\xEF\xBC\x85"}) {
    if (text.substr(0, fullwidth.size()) == fullwidth) return true;
  }
  return false;
}

void CsvWriter::AppendField(std::string& out, std::string_view text) {
  const bool neutralise = NeedsNeutralising(text);
  // A neutralised cell is also quoted, as OWASP advises: =1+1 is written "'=1+1".
  const bool quote = neutralise || text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(text);
    return;
  }
  out.push_back('"');
  if (neutralise) out.push_back('\'');
  size_t start = 0;
  for (;;) {
    const size_t quote_at = text.find('"', start);
    if (quote_at == std::string_view::npos) {
      out.append(text.substr(start));
      break;
    }
    out.append(text.substr(start, quote_at + 1 - start));
    out.push_back('"');
    start = quote_at + 1;
  }
  out.push_back('"');
}

void CsvWriter::Text(std::string_view text) {
  Separator();
  AppendField(buffer_, text);
}

void CsvWriter::Integer(int64_t value) {
  Separator();
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof(digits), value);
  buffer_.append(digits, result.ptr);
}

void CsvWriter::Number(double value) {
  Separator();
  if (!std::isfinite(value)) return;
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof(digits), value);
  buffer_.append(digits, result.ptr);
}

void CsvWriter::Bool(bool value) {
  Separator();
  buffer_.append(value ? "true" : "false");
}

void CsvWriter::Empty() { Separator(); }

void CsvWriter::Encoded(std::string_view field) {
  Separator();
  buffer_.append(field);
}

void CsvWriter::EndRow() {
  buffer_.append("\r\n");
  first_in_row_ = true;
  if (buffer_.size() >= chunk_size_) Flush();
}

void CsvWriter::Flush() {
  if (stopped_) {
    buffer_.clear();
    return;
  }
  if (!buffer_.empty() && !sink_(buffer_)) stopped_ = true;
  buffer_.clear();
}

Status CsvWriter::Finish() {
  Flush();
  if (stopped_) return Status::IoError("stopped");
  return Status::Ok();
}

}  // namespace tessera::engine
