#include "scoring/reliability_rows.h"

#include <memory>
#include <string>

namespace tessera::scoring {

Status AddItemRow(std::span<const std::optional<int>> row, const ItemKeying& keying,
                  PairwiseMoments* moments) {
  if (keying.min >= keying.max) {
    return Status::InvalidArgument("the lowest value (" + std::to_string(keying.min) +
                                   ") must be below the highest (" + std::to_string(keying.max) +
                                   ")");
  }
  const size_t items = moments->variables();
  if (row.size() != items || keying.reverse.size() != items) {
    return Status::InvalidArgument("a row has " + std::to_string(row.size()) + " values and " +
                                   std::to_string(keying.reverse.size()) + " keying flags for " +
                                   std::to_string(items) + " items");
  }
  std::unique_ptr<int[]> values(new int[items]);
  std::unique_ptr<bool[]> present(new bool[items]);
  for (size_t i = 0; i < items; ++i) {
    present[i] = row[i].has_value();
    values[i] = 0;
    if (!present[i]) continue;
    const int x = *row[i];
    if (x < keying.min || x > keying.max) {
      return Status::InvalidArgument("item " + std::to_string(i + 1) + ": " + std::to_string(x) +
                                     " is outside " + std::to_string(keying.min) + ".." +
                                     std::to_string(keying.max));
    }
    values[i] = keying.reverse[i] ? keying.min + keying.max - x : x;
  }
  moments->Add(values.get(), present.get());
  return Status::Ok();
}

Result<PairwiseMoments> MomentsFromRows(const std::vector<std::vector<std::optional<int>>>& rows,
                                        const ItemKeying& keying) {
  PairwiseMoments moments(keying.reverse.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    Status status = AddItemRow(rows[r], keying, &moments);
    if (!status.ok()) {
      return Status::InvalidArgument("row " + std::to_string(r + 1) + ": " + status.message());
    }
  }
  return moments;
}

}  // namespace tessera::scoring
