// An RFC 4180 CSV reader: quoted fields with doubled quotes and embedded line breaks, CRLF or
// LF line ends, a UTF-8 byte-order mark at the start ignored. Reads from a stream record by
// record, so memory stays flat whatever the file size.
#ifndef TESSERA_ENGINE_CSV_READER_H_
#define TESSERA_ENGINE_CSV_READER_H_

#include <istream>
#include <string>
#include <vector>

#include "instruments/status.h"

namespace tessera::engine {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next record into `fields`. Returns false at the end of input; a malformed record
  // (an unterminated quote, a quote inside an unquoted field) sets status() and returns false.
  bool Next(std::vector<std::string>* fields);
  const Status& status() const { return status_; }
  // 1-based number of the line where the last record returned started.
  size_t line() const { return record_line_; }

 private:
  std::istream& in_;
  Status status_;
  size_t next_line_ = 1;
  size_t record_line_ = 0;
  bool started_ = false;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_CSV_READER_H_
