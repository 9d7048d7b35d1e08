// AtomStatistics: a campaign's answers counted per atom. An atom is the set of respondents who
// gave the same answers to every grouping question (one encoded cell per grouping column, with
// "not stated" — unanswered or a code such as "prefer not to say" — as one value). The anonymity
// audits assume a reader knows how many people fall in every atom and every crossing of atoms;
// what they protect is the answers inside them. Kept incrementally, like CampaignStatistics.
#ifndef TESSERA_SCORING_ATOM_STATISTICS_H_
#define TESSERA_SCORING_ATOM_STATISTICS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "scoring/response_layout.h"

namespace tessera::scoring {

// A grouping cell as atoms hold it: 1 + category, or kAtomNotStated.
inline constexpr uint8_t kAtomNotStated = 0;

// The grouping cells of an encoded row as an atom key: per grouping column, 1 + category, or
// kAtomNotStated for anything else (unanswered, a code).
std::vector<uint8_t> AtomKey(const ResponseLayout& layout, const uint8_t* row);

struct AtomCounts {
  int64_t respondents = 0;
  // Per scored column, at AtomStatistics::SlotOffset: one count for "unanswered", one per scale
  // value (lowest first), one per code — the slots of an ItemHistogram.
  std::vector<int64_t> slots;
  std::vector<int64_t> scored;  // per dimension: respondents with a score
};

class AtomStatistics {
 public:
  explicit AtomStatistics(const ResponseLayout& layout);  // keeps a pointer; layout outlives

  const ResponseLayout& layout() const { return *layout_; }

  // One encoded respondent (ResponseLayout::Encode).
  void Add(const uint8_t* row);
  void Merge(const AtomStatistics& other);

  const std::map<std::vector<uint8_t>, AtomCounts>& atoms() const { return atoms_; }
  int64_t respondents() const { return respondents_; }

  // Where scored column c's slots start in AtomCounts::slots, and how many it has
  // (1 + values + codes).
  size_t SlotOffset(size_t column) const { return offsets_[column]; }
  size_t SlotCount(size_t column) const { return offsets_[column + 1] - offsets_[column]; }

 private:
  const ResponseLayout* layout_;
  std::vector<size_t> offsets_;  // per scored column, then the total
  std::map<std::vector<uint8_t>, AtomCounts> atoms_;
  std::vector<uint8_t> key_;  // scratch
  int64_t respondents_ = 0;
};

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_ATOM_STATISTICS_H_
