#include "scoring/atom_statistics.h"

namespace tessera::scoring {

std::vector<uint8_t> AtomKey(const ResponseLayout& layout, const uint8_t* row) {
  std::vector<uint8_t> key(layout.groupings().size(), kAtomNotStated);
  for (size_t g = 0; g < key.size(); ++g) {
    const uint8_t cell = row[layout.grouping_cell(g)];
    if (cell >= 1 && cell <= layout.groupings()[g].categories.size()) key[g] = cell;
  }
  return key;
}

AtomStatistics::AtomStatistics(const ResponseLayout& layout) : layout_(&layout) {
  offsets_.reserve(layout.scored().size() + 1);
  size_t offset = 0;
  for (const ScoredColumn& column : layout.scored()) {
    offsets_.push_back(offset);
    offset += 1 + column.values() + column.codes;
  }
  offsets_.push_back(offset);
}

void AtomStatistics::Add(const uint8_t* row) {
  const ResponseLayout& layout = *layout_;
  const size_t groupings = layout.groupings().size();
  key_.resize(groupings);
  for (size_t g = 0; g < groupings; ++g) {
    const uint8_t cell = row[layout.grouping_cell(g)];
    key_[g] = cell >= 1 && cell <= layout.groupings()[g].categories.size() ? cell : kAtomNotStated;
  }
  auto it = atoms_.find(key_);
  if (it == atoms_.end()) {
    AtomCounts empty;
    empty.slots.assign(offsets_.back(), 0);
    empty.scored.assign(layout.dimensions().size(), 0);
    it = atoms_.emplace(key_, std::move(empty)).first;
  }
  AtomCounts& atom = it->second;
  ++atom.respondents;
  ++respondents_;
  const std::vector<ScoredColumn>& scored = layout.scored();
  for (size_t c = 0; c < scored.size(); ++c) {
    const uint32_t cell = row[c];
    const uint32_t values = static_cast<uint32_t>(scored[c].values());
    uint32_t slot = 0;  // unanswered, or an answer not on the scale
    if (cell >= 1 && cell <= values) {
      slot = cell;
    } else if (cell >= kCellCodeBase && cell - kCellCodeBase < scored[c].codes) {
      slot = values + 1 + (cell - kCellCodeBase);
    }
    ++atom.slots[offsets_[c] + slot];
  }
  const std::vector<DimensionColumns>& dimensions = layout.dimensions();
  for (size_t d = 0; d < dimensions.size(); ++d) {
    size_t answered = 0;
    for (size_t c : dimensions[d].columns) {
      const uint32_t cell = row[c];
      if (cell >= 1 && cell <= scored[c].values()) ++answered;
    }
    if (answered >= 1 && answered >= dimensions[d].min_answered) ++atom.scored[d];
  }
}

void AtomStatistics::Merge(const AtomStatistics& other) {
  for (const auto& [key, counts] : other.atoms_) {
    auto [it, inserted] = atoms_.emplace(key, counts);
    if (inserted) continue;
    AtomCounts& atom = it->second;
    atom.respondents += counts.respondents;
    for (size_t i = 0; i < atom.slots.size() && i < counts.slots.size(); ++i) {
      atom.slots[i] += counts.slots[i];
    }
    for (size_t i = 0; i < atom.scored.size() && i < counts.scored.size(); ++i) {
      atom.scored[i] += counts.scored[i];
    }
  }
  respondents_ += other.respondents_;
}

}  // namespace tessera::scoring
