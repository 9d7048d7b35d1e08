#include "instruments/content_hash.h"

#include <gtest/gtest.h>

namespace tessera::instruments {
namespace {

TEST(ContentHashTest, Sha256MatchesKnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ContentHashTest, CanonicalJsonSortsKeysAndDropsWhitespace) {
  auto document = nlohmann::json::parse(R"({ "b": [1, 2.5, "x"], "a": {"z": true, "y": null},
                                             "é": "café" })");
  EXPECT_EQ(CanonicalJson(document),
            "{\"a\":{\"y\":null,\"z\":true},\"b\":[1,2.5,\"x\"],\"\xC3\xA9\":\"caf\xC3\xA9\"}");
}

TEST(ContentHashTest, LayoutDoesNotChangeTheHash) {
  auto compact = nlohmann::json::parse(R"({"id":"x","items":[{"a":1,"b":2}]})");
  auto pretty =
      nlohmann::json::parse("{\n  \"items\": [ { \"b\": 2, \"a\": 1 } ],\n  \"id\": \"x\"\n}");
  EXPECT_EQ(ContentHash(compact), ContentHash(pretty));
  EXPECT_EQ(ContentHash(compact).rfind("sha256:", 0), 0u);
  EXPECT_EQ(ContentHash(compact).size(), 7u + 64u);
}

TEST(ContentHashTest, AnyContentChangeChangesTheHash) {
  auto original = nlohmann::json::parse(R"({"text":"I feel welcome here."})");
  auto edited = nlohmann::json::parse(R"({"text":"I feel welcome here"})");
  EXPECT_NE(ContentHash(original), ContentHash(edited));
}

}  // namespace
}  // namespace tessera::instruments
