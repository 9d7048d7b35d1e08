#include "scoring/anonymity.h"

#include <algorithm>
#include <string>

namespace tessera::scoring {

Status ValidateThreshold(int64_t k) {
  if (k < kMinimumAnonymityThreshold) {
    return Status::InvalidArgument("the anonymity threshold must be at least " +
                                   std::to_string(kMinimumAnonymityThreshold) + ", not " +
                                   std::to_string(k));
  }
  return Status::Ok();
}

int64_t EffectiveThreshold(int64_t k) { return std::max(k, kMinimumAnonymityThreshold); }

std::string_view ToString(Visibility visibility) {
  switch (visibility) {
    case Visibility::kShown:
      return "shown";
    case Visibility::kNoData:
      return "no_data";
    case Visibility::kBelowThreshold:
      return "below_threshold";
  }
  return "below_threshold";
}

Visibility GroupVisibility(int64_t n, int64_t k) {
  if (n <= 0) return Visibility::kNoData;
  return n >= EffectiveThreshold(k) ? Visibility::kShown : Visibility::kBelowThreshold;
}

Visibility FigureVisibility(int64_t group_n, int64_t answering_n, int64_t k) {
  const Visibility group = GroupVisibility(group_n, k);
  if (group != Visibility::kShown) return group;
  return GroupVisibility(std::min(answering_n, group_n), k);
}

bool RevealsEveryAnswer(std::span<const int64_t> option_counts) {
  int chosen = 0;
  for (int64_t count : option_counts) {
    if (count > 0) ++chosen;
  }
  return chosen == 1;
}

}  // namespace tessera::scoring
