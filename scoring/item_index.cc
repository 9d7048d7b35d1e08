#include "scoring/item_index.h"

namespace tessera::scoring {

ItemIndex::ItemIndex(const std::vector<std::string>& ids) : ids_(ids) {
  size_t capacity = 8;
  shift_ = 61;
  while (capacity < 2 * ids.size()) {
    capacity *= 2;
    --shift_;
  }
  slots_.assign(capacity, Slot());
  mask_ = capacity - 1;
  for (size_t position = 0; position < ids_.size(); ++position) {
    const uint64_t hash = HashItemId(ids_[position]);
    if (Find(ids_[position], hash) != kNotFound) continue;
    size_t s = Home(hash);
    while (slots_[s].position != kNotFound) s = (s + 1) & mask_;
    slots_[s] = Slot{hash, position};
  }
}

}  // namespace tessera::scoring
