// Helpers for the export tests: a sink that records the chunks, a CSV parser (the engine's own
// reader), a closed-campaign fixture with an exporter, and the anonymity checks every responses
// export must pass.
#ifndef TESSERA_TESTS_ENGINE_EXPORT_EXPORT_TEST_SUPPORT_H_
#define TESSERA_TESTS_ENGINE_EXPORT_EXPORT_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/campaign_results.h"
#include "engine/csv_reader.h"
#include "engine/export/campaign_exporter.h"
#include "engine/live_statistics.h"
#include "tests/engine/results_test_support.h"

namespace tessera::engine::testing {

// Everything a sink received.
struct Collected {
  std::string text;
  size_t chunks = 0;
  size_t largest = 0;

  ChunkSink Sink() {
    return [this](std::string_view chunk) {
      text.append(chunk);
      ++chunks;
      largest = std::max(largest, chunk.size());
      return true;
    };
  }
};

using Table = std::vector<std::vector<std::string>>;

inline Table ParseCsv(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  Table rows;
  std::vector<std::string> fields;
  while (reader.Next(&fields)) rows.push_back(fields);
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return rows;
}

inline int ColumnOf(const Table& table, const std::string& name) {
  if (table.empty()) return -1;
  for (size_t c = 0; c < table[0].size(); ++c) {
    if (table[0][c] == name) return static_cast<int>(c);
  }
  return -1;
}

// How many data rows hold each value in a column.
inline std::map<std::string, int64_t> ValueCounts(const Table& table, const std::string& name) {
  std::map<std::string, int64_t> counts;
  const int column = ColumnOf(table, name);
  if (column < 0) return counts;
  for (size_t r = 1; r < table.size(); ++r) ++counts[table[r][static_cast<size_t>(column)]];
  return counts;
}

// The smallest non-empty combination of the given columns' values over the data rows.
inline int64_t SmallestCombination(const Table& table, const std::vector<std::string>& names) {
  std::map<std::vector<std::string>, int64_t> counts;
  std::vector<int> columns;
  for (const auto& name : names) columns.push_back(ColumnOf(table, name));
  for (size_t r = 1; r < table.size(); ++r) {
    std::vector<std::string> key;
    for (int c : columns) key.push_back(c < 0 ? "" : table[r][static_cast<size_t>(c)]);
    ++counts[key];
  }
  int64_t smallest = INT64_MAX;
  for (const auto& [key, n] : counts) smallest = std::min(smallest, n);
  return smallest;
}

inline std::string FixedNow() { return "2026-11-26T12:00:00Z"; }

class ExportFixture : public ResultsFixture {
 public:
  LiveStatistics live{*store};
  CampaignResults results{*store, live, FixedNow};
  CampaignExporter exporter{*store, results};

  // The export as text, or the failure.
  Result<std::string> Export(int64_t campaign_id, ExportKind kind, ExportOptions options = {}) {
    Collected collected;
    const Status status = exporter.Write(campaign_id, kind, options, collected.Sink());
    if (!status.ok()) return status;
    return collected.text;
  }
  Table ExportTable(int64_t campaign_id, ExportKind kind, ExportOptions options = {}) {
    Result<std::string> text = Export(campaign_id, kind, options);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? ParseCsv(*text) : Table{};
  }
};

}  // namespace tessera::engine::testing

#endif  // TESSERA_TESTS_ENGINE_EXPORT_EXPORT_TEST_SUPPORT_H_
