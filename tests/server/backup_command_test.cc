// `tessera backup` through the real binary: what it prints, that the copy opens as a Tessera
// database, and that it never overwrites a file.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using tessera::testing::RunTessera;

TEST(BackupCommandTest, WritesANewFileAndSaysWhatItWrote) {
  const std::string dir = tessera::testing::MakeTempDir("tessera-backup");
  const std::string db = " --db " + dir + "/t.db";
  ASSERT_EQ(RunTessera("org create --name Riverside" + db).exit_code, 0);
  ASSERT_EQ(RunTessera("campaign create --org Riverside --instrument staff-attitudes@1.1.0 "
                       "--title 'Wave 2'" +
                       db)
                .exit_code,
            0);
  const std::string out = dir + "/copy.db";
  tessera::testing::Run backup = RunTessera("backup --out " + out + db);
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_EQ(
      backup.out.rfind(
          "wrote " + out + ": " + std::to_string(std::filesystem::file_size(out)) + " bytes", 0),
      0u)
      << backup.out;
  EXPECT_NE(backup.out.find("1 campaigns, 0 responses, 0 free pages, no write-ahead log"),
            std::string::npos)
      << backup.out;
  // The copy is a Tessera database of its own.
  tessera::testing::Run listed = RunTessera("campaign list --db " + out);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("Wave 2"), std::string::npos) << listed.out;

  tessera::testing::Run again = RunTessera("backup --out " + out + db);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("tessera backup: " + out + " already exists"), std::string::npos)
      << again.err;

  EXPECT_EQ(RunTessera("backup" + db).exit_code, 2);
  tessera::testing::Run missing =
      RunTessera("backup --out " + dir + "/x.db --db " + dir + "/no.db");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no database at"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.db"));
  EXPECT_EQ(RunTessera("backup --help").exit_code, 0);
}

}  // namespace
}  // namespace tessera::server
