// Finds an item's position among a fixed list of item ids by hash (open addressing), so that a
// scan matching every answer of every response to its column compares each answer's id once
// rather than walking a sorted list. Ids are hashed with HashItemId, which AnswerView also
// applies to every answer it reads.
#ifndef TESSERA_SCORING_ITEM_INDEX_H_
#define TESSERA_SCORING_ITEM_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::scoring {

// A hash of an item id, reading it eight bytes at a time (ids are short: one or two words).
inline uint64_t HashItemId(std::string_view id) {
  uint64_t hash = static_cast<uint64_t>(id.size()) * 0x9E3779B97F4A7C15ull;
  const char* bytes = id.data();
  size_t left = id.size();
  while (left > 0) {
    uint64_t word = 0;
    if (left >= 8) {
      std::memcpy(&word, bytes, 8);
      bytes += 8;
      left -= 8;
    } else {
      for (size_t i = 0; i < left; ++i) word |= static_cast<uint64_t>(bytes[i] & 0xFF) << (8 * i);
      left = 0;
    }
    hash = (hash ^ word) * 0xBF58476D1CE4E5B9ull;
    hash ^= hash >> 31;
  }
  return hash * 0x94D049BB133111EBull;
}

// Equality of two short texts without a library call (ids, codes and categories are a few
// bytes long, where calling memcmp costs more than comparing).
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

class ItemIndex {
 public:
  static constexpr size_t kNotFound = static_cast<size_t>(-1);

  ItemIndex() = default;
  // Position i answers ids[i]; of repeated ids, the first counts.
  explicit ItemIndex(const std::vector<std::string>& ids);

  // The position of `id` (whose HashItemId is `hash`), or kNotFound.
  size_t Find(std::string_view id, uint64_t hash) const {
    if (slots_.empty()) return kNotFound;
    for (size_t s = Home(hash);; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.position == kNotFound) return kNotFound;
      if (slot.hash == hash && SameText(ids_[slot.position], id)) return slot.position;
    }
  }
  size_t Find(std::string_view id) const { return Find(id, HashItemId(id)); }
  size_t size() const { return ids_.size(); }

 private:
  // The hash's high bits are the best mixed.
  size_t Home(uint64_t hash) const { return static_cast<size_t>(hash >> shift_); }

  struct Slot {
    uint64_t hash = 0;
    size_t position = kNotFound;
  };
  std::vector<std::string> ids_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t mask_ = 0;
  int shift_ = 64;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_ITEM_INDEX_H_
