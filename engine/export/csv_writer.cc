#include "engine/export/csv_writer.h"

#include <charconv>
#include <cmath>

namespace tessera::engine {

CsvWriter::CsvWriter(const ChunkSink& sink, size_t chunk_size)
    : sink_(sink), chunk_size_(chunk_size) {
  buffer_.reserve(chunk_size_ + chunk_size_ / 4);
}

void CsvWriter::Bom() { buffer_.append("\xEF\xBB\xBF"); }

bool CsvWriter::NeedsNeutralising(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n':
      return true;
    default:
      return false;
  }
}

void CsvWriter::AppendField(std::string& out, std::string_view text) {
  const bool neutralise = NeedsNeutralising(text);
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    if (neutralise) out.push_back('\'');
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
