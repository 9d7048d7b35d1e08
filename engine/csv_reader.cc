#include "engine/csv_reader.h"

namespace tessera::engine {

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (!status_.ok()) return false;
  if (!started_) {
    started_ = true;
    if (in_.peek() == 0xEF) {
      char bom[3];
      in_.read(bom, 3);
      if (!(bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF')) {
        in_.clear();
        in_.seekg(0);
      }
    }
  }
  if (in_.peek() == std::char_traits<char>::eof()) return false;
  record_line_ = next_line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  for (;;) {
    const int next = in_.get();
    if (next == std::char_traits<char>::eof()) {
      if (quoted) {
        status_ = Status::InvalidArgument("line " + std::to_string(record_line_) +
                                          ": a quoted field is never closed");
        return false;
      }
      fields->push_back(std::move(field));
      return true;
    }
    const char c = static_cast<char>(next);
    if (quoted) {
      if (c == '"') {
        if (in_.peek() == '"') {
          in_.get();
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++next_line_;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && in_.peek() == '\n') {
      continue;  // CRLF: the LF ends the record
    } else if (c == '\n') {
      ++next_line_;
      fields->push_back(std::move(field));
      return true;
    } else if (c == '"') {
      if (!field.empty() || was_quoted) {
        status_ = Status::InvalidArgument("line " + std::to_string(next_line_) +
                                          ": a quote appears inside an unquoted field");
        return false;
      }
      quoted = true;
      was_quoted = true;
    } else {
      if (was_quoted) {
        status_ = Status::InvalidArgument("line " + std::to_string(next_line_) +
                                          ": text follows a closing quote");
        return false;
      }
      field += c;
    }
  }
}

}  // namespace tessera::engine
