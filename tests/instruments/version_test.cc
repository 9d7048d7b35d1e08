#include "instruments/version.h"

#include <gtest/gtest.h>

namespace tessera::instruments {
namespace {

TEST(VersionTest, ParsesAndPrints) {
  auto version = Version::Parse("1.10.0");
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->major, 1);
  EXPECT_EQ(version->minor, 10);
  EXPECT_EQ(version->patch, 0);
  EXPECT_EQ(version->ToString(), "1.10.0");
}

TEST(VersionTest, RejectsMalformed) {
  for (const char* text : {"", "1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-beta", "a.b.c", "1..0",
                           "-1.0.0", "1.0.99999999999"}) {
    EXPECT_FALSE(Version::Parse(text).has_value()) << text;
  }
}

TEST(VersionTest, OrdersNumericallyNotLexically) {
  EXPECT_LT(*Version::Parse("1.9.0"), *Version::Parse("1.10.0"));
  EXPECT_LT(*Version::Parse("1.0.9"), *Version::Parse("2.0.0"));
  EXPECT_EQ(*Version::Parse("0.0.0"), (Version{0, 0, 0}));
}

TEST(InstrumentRefTest, ParsesIdAtVersion) {
  auto ref = InstrumentRef::Parse("staff-attitudes@1.1.0");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->id, "staff-attitudes");
  EXPECT_EQ(ref->version, (Version{1, 1, 0}));
  EXPECT_EQ(ref->ToString(), "staff-attitudes@1.1.0");
  EXPECT_FALSE(InstrumentRef::Parse("staff-attitudes").has_value());
  EXPECT_FALSE(InstrumentRef::Parse("@1.0.0").has_value());
  EXPECT_FALSE(InstrumentRef::Parse("x@1.0").has_value());
}

}  // namespace
}  // namespace tessera::instruments
