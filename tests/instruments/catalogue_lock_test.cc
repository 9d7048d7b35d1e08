#include "instruments/catalogue_lock.h"

#include <gtest/gtest.h>

#include <fstream>

namespace tessera::instruments {
namespace {

std::filesystem::path TempFile(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("tessera-lock-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

const std::string kHash = "sha256:" + std::string(64, 'a');

TEST(CatalogueLockTest, WriteThenReadRoundTrips) {
  CatalogueLock lock;
  lock.Add("staff-attitudes", {1, 1, 0}, kHash);
  lock.Add("staff-attitudes", {1, 0, 0}, "sha256:" + std::string(64, 'b'));
  lock.Add("partner-feedback", {1, 0, 0}, kHash);
  const auto path = TempFile("round-trip.lock");
  ASSERT_TRUE(lock.Write(path).ok());

  Diagnostics diagnostics;
  CatalogueLock read = CatalogueLock::Read(path, &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_EQ(read.entries(), lock.entries());
  ASSERT_NE(read.Find("staff-attitudes", {1, 0, 0}), nullptr);
  EXPECT_EQ(*read.Find("staff-attitudes", {1, 0, 0}), "sha256:" + std::string(64, 'b'));
  EXPECT_EQ(read.Find("staff-attitudes", {2, 0, 0}), nullptr);
}

TEST(CatalogueLockTest, MissingFileIsAnEmptyLock) {
  Diagnostics diagnostics;
  CatalogueLock lock = CatalogueLock::Read(TempFile("does-not-exist.lock"), &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_TRUE(lock.entries().empty());
}

TEST(CatalogueLockTest, ReportsEveryMalformedLineByNumber) {
  const auto path = TempFile("malformed.lock");
  std::ofstream(path) << "# comment\n"
                      << "good 1.0.0 " << kHash << "\n"
                      << "bad-hash 1.0.0 sha256:xyz\n"
                      << "missing-version " << kHash << "\n"
                      << "good 1.0.0 " << kHash << "\n";
  Diagnostics diagnostics;
  CatalogueLock lock = CatalogueLock::Read(path, &diagnostics);
  ASSERT_EQ(diagnostics.size(), 3u);
  EXPECT_NE(diagnostics[0].message.find("line 3"), std::string::npos);
  EXPECT_NE(diagnostics[1].message.find("line 4"), std::string::npos);
  EXPECT_NE(diagnostics[2].message.find("listed twice"), std::string::npos);
  EXPECT_EQ(lock.entries().size(), 1u);
}

}  // namespace
}  // namespace tessera::instruments
