#include "scoring/comment_order.h"

#include <algorithm>
#include <bit>
#include <map>
#include <set>
#include <utility>

#include "scoring/anonymity.h"

namespace tessera::scoring {
namespace {

void SipRound(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3) {
  v0 += v1;
  v1 = std::rotl(v1, 13);
  v1 ^= v0;
  v0 = std::rotl(v0, 32);
  v2 += v3;
  v3 = std::rotl(v3, 16);
  v3 ^= v2;
  v0 += v3;
  v3 = std::rotl(v3, 21);
  v3 ^= v0;
  v2 += v1;
  v1 = std::rotl(v1, 17);
  v1 ^= v2;
  v2 = std::rotl(v2, 32);
}

bool IsBlank(const std::string& text) { return IsBlankComment(text); }

bool Matches(const GroupValues& groups, const GroupValues& filter) {
  for (const auto& [grouping, value] : filter) {
    const auto it = groups.find(grouping);
    if (it == groups.end() || it->second != value) return false;
  }
  return true;
}

}  // namespace

bool IsBlankComment(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

uint64_t SipHash24(const CommentOrderKey& key, std::string_view text) {
  uint64_t v0 = key.k0 ^ 0x736f6d6570736575ULL;
  uint64_t v1 = key.k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = key.k0 ^ 0x6c7967656e657261ULL;
  uint64_t v3 = key.k1 ^ 0x7465646279746573ULL;
  const size_t length = text.size();
  const size_t whole = length - length % 8;
  auto byte = [&text](size_t i) {
    return static_cast<uint64_t>(static_cast<unsigned char>(text[i]));
  };
  for (size_t offset = 0; offset < whole; offset += 8) {
    uint64_t m = 0;
    for (size_t i = 0; i < 8; ++i) m |= byte(offset + i) << (8 * i);
    v3 ^= m;
    SipRound(v0, v1, v2, v3);
    SipRound(v0, v1, v2, v3);
    v0 ^= m;
  }
  uint64_t last = static_cast<uint64_t>(length & 0xff) << 56;
  for (size_t i = whole; i < length; ++i) last |= byte(i) << (8 * (i - whole));
  v3 ^= last;
  SipRound(v0, v1, v2, v3);
  SipRound(v0, v1, v2, v3);
  v0 ^= last;
  v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) SipRound(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

std::optional<std::vector<std::string>> CommentsForDisplay(std::vector<std::string> comments,
                                                           int64_t group_n, int64_t k,
                                                           const CommentOrderKey& key) {
  const int64_t threshold = EffectiveThreshold(k);
  if (group_n < threshold) return std::nullopt;
  std::erase_if(comments, IsBlank);
  if (static_cast<int64_t>(comments.size()) < threshold) return std::nullopt;
  std::vector<std::pair<uint64_t, std::string>> keyed;
  keyed.reserve(comments.size());
  for (std::string& text : comments) {
    const uint64_t hash = SipHash24(key, text);
    keyed.emplace_back(hash, std::move(text));
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> ordered;
  ordered.reserve(keyed.size());
  for (auto& [hash, text] : keyed) ordered.push_back(std::move(text));
  return ordered;
}

Status CheckCommentViews(std::span<const GroupsCount> commenters,
                         std::span<const GroupValues> views, int64_t k) {
  const int64_t threshold = EffectiveThreshold(k);
  const std::vector<GroupValues> distinct = [&views] {
    const std::set<GroupValues> set(views.begin(), views.end());
    return std::vector<GroupValues>(set.begin(), set.end());
  }();
  for (const GroupValues& view : distinct) {
    for (const auto& [grouping, value] : view) {
      if (grouping.empty() || value.empty()) {
        return Status::InvalidArgument("a view's filter has an empty grouping or value");
      }
    }
  }
  // Commenters by the set of views that hold them.
  std::map<std::vector<bool>, int64_t> by_views;
  for (const GroupsCount& row : commenters) {
    if (row.n < 0) return Status::InvalidArgument("a cross-tabulation count is negative");
    std::vector<bool> in(distinct.size(), false);
    bool any = false;
    for (size_t i = 0; i < distinct.size(); ++i) {
      in[i] = Matches(row.groups, distinct[i]);
      any = any || in[i];
    }
    if (any) by_views[in] += row.n;
  }
  for (const auto& [in, n] : by_views) {
    if (n > 0 && n < threshold) {
      return Status::FailedPrecondition(
          "comparing the comments shown in these views would narrow some comments down to "
          "fewer than " +
          std::to_string(threshold) + " people who wrote one");
    }
  }
  return Status::Ok();
}

}  // namespace tessera::scoring
