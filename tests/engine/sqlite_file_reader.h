// Reads SQLite files as raw bytes, the way someone holding a copy of them would: the cells of
// every table b-tree leaf page of a database file, and of every frame of a write-ahead log,
// current or stale (frames are read whatever their salts say). Torn or truncated copies, taken
// while SQLite writes, are read as far as they make sense; nothing here throws.
#ifndef TESSERA_TESTS_ENGINE_SQLITE_FILE_READER_H_
#define TESSERA_TESTS_ENGINE_SQLITE_FILE_READER_H_

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::engine::testing {

// One page image: from the database file or from a WAL frame.
struct RawPage {
  uint32_t page_number = 0;
  std::string_view bytes;
};

// One cell of a table b-tree leaf page (a row of a rowid table).
struct RawCell {
  int64_t rowid = 0;
  uint64_t payload_size = 0;           // of the whole record, as the cell declares it
  size_t offset = 0;                   // where the cell starts in its page
  std::vector<uint64_t> serial_types;  // one per column
  std::vector<std::string> columns;    // column bodies, cut short where the page ends
  bool complete = false;               // the whole record is on this page (no overflow)
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A SQLite varint at `at`; advances `at`. False when it runs past `end`.
inline bool ReadVarint(std::string_view bytes, size_t& at, size_t end, uint64_t* value) {
  uint64_t result = 0;
  for (int i = 0; i < 9; ++i) {
    if (at >= end || at >= bytes.size()) return false;
    const auto byte = static_cast<unsigned char>(bytes[at++]);
    if (i == 8) {
      result = (result << 8) | byte;
      break;
    }
    result = (result << 7) | (byte & 0x7Fu);
    if ((byte & 0x80u) == 0) break;
  }
  *value = result;
  return true;
}

inline uint32_t ReadBigEndian(std::string_view bytes, size_t at, int width) {
  uint32_t value = 0;
  for (int i = 0; i < width; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)]);
  }
  return value;
}

inline size_t SerialTypeSize(uint64_t type) {
  static constexpr size_t kSizes[] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0};
  if (type < 12) return kSizes[type];
  return static_cast<size_t>((type - 12) / 2);
}

// The page size a database file's header declares (0 when it is not a database header).
inline size_t DatabasePageSize(std::string_view file) {
  if (file.size() < 100 || file.substr(0, 16) != std::string_view("SQLite format 3\0", 16)) {
    return 0;
  }
  const uint32_t size = ReadBigEndian(file, 16, 2);
  return size == 1 ? 65536 : size;
}

// Every page of a database file.
inline std::vector<RawPage> DatabasePages(std::string_view file) {
  std::vector<RawPage> pages;
  const size_t page_size = DatabasePageSize(file);
  if (page_size == 0) return pages;
  for (size_t at = 0; at + page_size <= file.size(); at += page_size) {
    pages.push_back({static_cast<uint32_t>(at / page_size + 1), file.substr(at, page_size)});
  }
  return pages;
}

// The page of every frame of a WAL file, in file order.
inline std::vector<RawPage> WalPages(std::string_view wal) {
  std::vector<RawPage> pages;
  if (wal.size() < 32) return pages;
  const uint32_t magic = ReadBigEndian(wal, 0, 4);
  if (magic != 0x377f0682u && magic != 0x377f0683u) return pages;
  const size_t page_size = ReadBigEndian(wal, 8, 4);
  if (page_size < 512 || page_size > 65536) return pages;
  for (size_t at = 32; at + 24 + page_size <= wal.size(); at += 24 + page_size) {
    pages.push_back({ReadBigEndian(wal, at, 4), wal.substr(at + 24, page_size)});
  }
  return pages;
}

// The cells of a table b-tree leaf page; empty for any other page. Assumes no reserved bytes
// per page (Tessera never sets any).
inline std::vector<RawCell> TableLeafCells(const RawPage& page) {
  std::vector<RawCell> cells;
  const std::string_view bytes = page.bytes;
  const size_t usable = bytes.size();
  const size_t header = page.page_number == 1 ? 100 : 0;
  if (usable < 512 || bytes.size() < header + 8 ||
      static_cast<unsigned char>(bytes[header]) != 13) {
    return cells;
  }
  const size_t count = ReadBigEndian(bytes, header + 3, 2);
  const size_t max_local = usable - 35;
  const size_t min_local = (usable - 12) * 32 / 255 - 23;
  for (size_t i = 0; i < count; ++i) {
    const size_t pointer_at = header + 8 + 2 * i;
    if (pointer_at + 2 > usable) break;
    size_t at = ReadBigEndian(bytes, pointer_at, 2);
    RawCell cell;
    cell.offset = at;
    uint64_t payload = 0;
    uint64_t rowid = 0;
    if (!ReadVarint(bytes, at, usable, &payload) || !ReadVarint(bytes, at, usable, &rowid)) {
      continue;
    }
    cell.payload_size = payload;
    cell.rowid = static_cast<int64_t>(rowid);
    size_t local = payload;
    if (payload > max_local) {
      const size_t surplus = min_local + (payload - min_local) % (usable - 4);
      local = surplus <= max_local ? surplus : min_local;
    }
    cell.complete = local == payload;
    const size_t end = std::min(usable, at + local);
    const size_t record = at;
    uint64_t header_size = 0;
    if (!ReadVarint(bytes, at, end, &header_size) || header_size > local) continue;
    const size_t header_end = record + header_size;
    bool valid = true;
    while (at < header_end) {
      uint64_t type = 0;
      if (!ReadVarint(bytes, at, header_end, &type) || type == 10 || type == 11) {
        valid = false;
        break;
      }
      cell.serial_types.push_back(type);
    }
    if (!valid) continue;
    size_t body = header_end;
    for (uint64_t type : cell.serial_types) {
      const size_t size = SerialTypeSize(type);
      if (body >= end) {
        cell.columns.emplace_back();
      } else {
        cell.columns.emplace_back(bytes.substr(body, std::min(size, end - body)));
      }
      body += size;
    }
    cells.push_back(std::move(cell));
  }
  return cells;
}

// Text and blob serial types.
inline bool IsTextType(uint64_t type) { return type >= 13 && type % 2 == 1; }
inline bool IsBlobType(uint64_t type) { return type >= 12 && type % 2 == 0; }

// Every page of one copy: a database file's pages and, when given, its WAL's frames.
inline std::vector<RawPage> PagesOfCopy(std::string_view database, std::string_view wal) {
  std::vector<RawPage> pages = DatabasePages(database);
  std::vector<RawPage> frames = WalPages(wal);
  pages.insert(pages.end(), frames.begin(), frames.end());
  return pages;
}

}  // namespace tessera::engine::testing

#endif  // TESSERA_TESTS_ENGINE_SQLITE_FILE_READER_H_
