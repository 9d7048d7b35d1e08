// `tessera export` through the real binary on a demo database: each kind to a file and to
// standard output (the same bytes), no progress bar in a pipe, the refusal for an open campaign
// (exit 1, no file left behind), usage errors (exit 2).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "export_test_support.h"

namespace tessera::engine {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tessera-export-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

class ExportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    const CliRun demo = Tessera("demo --db " + Db());
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(*dir_, ignored);
    delete dir_;
  }
  static std::string Db() { return *dir_ + "/demo.db"; }

  static CliRun Tessera(const std::string& args) {
    const std::string out = *dir_ + "/stdout";
    const std::string err = *dir_ + "/stderr";
    const std::string command =
        std::string(TESSERA_BINARY) + " " + args + " >" + out + " 2>" + err + " </dev/null";
    const int status = std::system(command.c_str());
    CliRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = Slurp(out);
    run.err = Slurp(err);
    return run;
  }

  static std::string* dir_;
};

std::string* ExportCliTest::dir_ = nullptr;

TEST_F(ExportCliTest, EachKindToAFileAndToStandardOutput) {
  const std::map<std::string, std::string> first_column = {{"responses", "response_id"},
                                                           {"scores", "campaign"},
                                                           {"summaries", "campaign"},
                                                           {"codebook", "item_id"}};
  for (const auto& [kind, first] : first_column) {
    const std::string file = *dir_ + "/" + kind + ".csv";
    const CliRun to_file =
        Tessera("export " + kind + " --campaign 1 --out " + file + " --db " + Db());
    ASSERT_EQ(to_file.exit_code, 0) << kind << ": " << to_file.err;
    EXPECT_EQ(to_file.out, "");
    EXPECT_EQ(to_file.err, "") << "a progress bar in a pipe";
    const std::string written = Slurp(file);
    const testing::Table table = testing::ParseCsv(written);
    ASSERT_GT(table.size(), 1u) << kind;
    EXPECT_EQ(table[0][0], first) << kind;
    const CliRun to_stdout = Tessera("export " + kind + " --campaign 1 --out - --db " + Db());
    ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
    EXPECT_EQ(to_stdout.out, written) << kind;
  }
  // The responses export holds every response (49 in the demo's first campaign).
  EXPECT_EQ(testing::ParseCsv(Slurp(*dir_ + "/responses.csv")).size(), 50u);
}

TEST_F(ExportCliTest, BomAndLabels) {
  const CliRun run = Tessera("export responses --campaign 2 --out - --labels --bom --db " + Db());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(run.out.find("Strongly agree"), std::string::npos);
}

TEST_F(ExportCliTest, AnOpenCampaignIsRefusedAndNoFileIsLeft) {
  const std::string sub = *dir_ + "/refused";
  std::filesystem::create_directory(sub);
  const CliRun run =
      Tessera("export responses --campaign 6 --out " + sub + "/open.csv --db " + Db());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.rfind("tessera export: ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("closes"), std::string::npos) << run.err;
  EXPECT_TRUE(std::filesystem::is_empty(sub));
  EXPECT_EQ(Tessera("export scores --campaign 99 --out - --db " + Db()).exit_code, 1);
}

TEST_F(ExportCliTest, UsageErrors) {
  EXPECT_EQ(Tessera("export").exit_code, 2);
  EXPECT_EQ(Tessera("export everything --campaign 1 --out - --db " + Db()).exit_code, 2);
  EXPECT_EQ(Tessera("export scores --campaign 1 --db " + Db()).exit_code, 2);
  EXPECT_EQ(Tessera("export scores --out - --db " + Db()).exit_code, 2);
  EXPECT_EQ(Tessera("export scores --campaign 1 --out - --labels --db " + Db()).exit_code, 2);
  const CliRun help = Tessera("export --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--bom"), std::string::npos);
}

TEST_F(ExportCliTest, AFailedWriteLeavesTheOldFileAlone) {
  const std::string file = *dir_ + "/keep.csv";
  std::ofstream(file) << "old";
  const CliRun run = Tessera("export responses --campaign 5 --out " + file + " --db " + Db());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(Slurp(file), "old");
}

}  // namespace
}  // namespace tessera::engine
