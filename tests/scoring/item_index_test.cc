// ItemIndex: every id found at its position, unknown ids (including near misses and ids whose
// hash collides in the table) not found, first of repeated ids kept.
#include "scoring/item_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tessera::scoring {
namespace {

TEST(ItemIndexTest, FindsEveryIdAndNothingElse) {
  for (size_t count : {0u, 1u, 3u, 4u, 5u, 45u, 300u}) {
    std::vector<std::string> ids;
    for (size_t i = 0; i < count; ++i) {
      ids.push_back(i % 3 == 0 ? "Q" + std::to_string(i)
                               : "a-rather-long-item-identifier-" + std::to_string(i));
    }
    const ItemIndex index(ids);
    EXPECT_EQ(index.size(), count);
    for (size_t i = 0; i < count; ++i) {
      EXPECT_EQ(index.Find(ids[i]), i) << ids[i];
      EXPECT_EQ(index.Find(ids[i], HashItemId(ids[i])), i);
      EXPECT_EQ(index.Find(ids[i] + "x"), ItemIndex::kNotFound);
      EXPECT_EQ(index.Find("z" + ids[i]), ItemIndex::kNotFound);
    }
    EXPECT_EQ(index.Find(""), ItemIndex::kNotFound);
    // The same hash with another id is still not a match.
    if (count > 0) {
      EXPECT_EQ(index.Find("nope", HashItemId(ids[0])), ItemIndex::kNotFound);
    }
  }
}

TEST(ItemIndexTest, FirstOfRepeatedIdsCounts) {
  const ItemIndex index(std::vector<std::string>{"a", "b", "a"});
  EXPECT_EQ(index.Find("a"), 0u);
  EXPECT_EQ(index.Find("b"), 1u);
}

TEST(ItemIndexTest, HashSeesEveryByte) {
  // Ids differing in one byte anywhere, including past the first eight, hash apart.
  const std::string base = "abcdefghijklmnopq";
  for (size_t i = 0; i < base.size(); ++i) {
    std::string other = base;
    other[i] = 'Z';
    EXPECT_NE(HashItemId(base), HashItemId(other)) << i;
  }
  EXPECT_NE(HashItemId("ab"), HashItemId(std::string("ab\0", 3)));
  EXPECT_TRUE(SameText("CAP-01", "CAP-01"));
  EXPECT_FALSE(SameText("CAP-01", "CAP-02"));
  EXPECT_FALSE(SameText("CAP-01", "CAP-011"));
}

}  // namespace
}  // namespace tessera::scoring
