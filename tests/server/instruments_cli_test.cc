// `tessera instruments ...` end to end: the real binary, its output and exit codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/server/run_tessera.h"

namespace tessera::server {
namespace {

using tessera::testing::RunTessera;
namespace fs = std::filesystem;

const std::string kCatalogue = std::string(TESSERA_SOURCE_DIR) + "/instruments/catalogue";

// A writable copy of the shipped catalogue and its lock, for commands that change them.
std::string CopyCatalogue() {
  const std::string dir = tessera::testing::MakeTempDir("tessera-catalogue");
  fs::copy(kCatalogue, dir + "/catalogue", fs::copy_options::recursive);
  fs::copy_file(std::string(TESSERA_SOURCE_DIR) + "/instruments/catalogue.lock",
                dir + "/catalogue.lock");
  return dir;
}

TEST(InstrumentsCliTest, ListJsonNamesEveryPublishedVersion) {
  auto run = RunTessera("instruments list --json --catalogue " + kCatalogue);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto list = nlohmann::json::parse(run.out);
  ASSERT_EQ(list.size(), 5u);
  std::set<std::string> refs;
  for (const auto& entry : list) {
    refs.insert(entry["ref"].get<std::string>());
    EXPECT_TRUE(entry["published"].get<bool>());
    EXPECT_EQ(entry["hash"].get<std::string>().size(), 71u);
    EXPECT_GT(entry["counts"]["scored_items"].get<int>(), 0);
  }
  EXPECT_EQ(refs, (std::set<std::string>{"partner-feedback@1.0.0", "partnership-capability@1.0.0",
                                         "partnership-charter@1.0.0", "staff-attitudes@1.0.0",
                                         "staff-attitudes@1.1.0"}));
}

TEST(InstrumentsCliTest, ListTextShowsOneLinePerVersion) {
  auto run = RunTessera("instruments list --catalogue " + kCatalogue);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("partnership-capability@1.0.0"), std::string::npos);
  EXPECT_NE(run.out.find("7 domains"), std::string::npos);
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 5);
}

TEST(InstrumentsCliTest, ShowJsonCarriesTheFullDocumentAndTheLockedHash) {
  auto run = RunTessera("instruments show staff-attitudes@1.1.0 --json --catalogue " + kCatalogue);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto shown = nlohmann::json::parse(run.out);
  EXPECT_EQ(shown["document"]["id"], "staff-attitudes");
  EXPECT_EQ(shown["document"]["version"], "1.1.0");
  std::ifstream lock(std::string(TESSERA_SOURCE_DIR) + "/instruments/catalogue.lock");
  std::string text((std::istreambuf_iterator<char>(lock)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("staff-attitudes 1.1.0 " + shown["hash"].get<std::string>()),
            std::string::npos);
}

TEST(InstrumentsCliTest, ShowWithoutVersionPicksTheLatest) {
  auto run = RunTessera("instruments show staff-attitudes --catalogue " + kCatalogue);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("staff-attitudes@1.1.0  published"), std::string::npos);
  EXPECT_NE(run.out.find("Response scales:"), std::string::npos);
}

TEST(InstrumentsCliTest, ShowUnknownVersionFails) {
  auto run = RunTessera("instruments show staff-attitudes@9.9.9 --catalogue " + kCatalogue);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("staff-attitudes@9.9.9 is not in the catalogue"), std::string::npos);
}

TEST(InstrumentsCliTest, ValidateTheCatalogue) {
  auto run = RunTessera("instruments validate --catalogue " + kCatalogue);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("catalogue valid: 5 instrument versions"), std::string::npos);
}

TEST(InstrumentsCliTest, ValidateReportsEveryProblemAsFilePointerMessage) {
  const std::string dir = tessera::testing::MakeTempDir("tessera-bad");
  auto document = nlohmann::json::parse(std::ifstream(kCatalogue + "/partner-feedback/1.0.0.json"));
  document.erase("title");
  document["version"] = "2.0";
  document["scales"][0]["kind"] = "interval";
  const std::string path = dir + "/bad.json";
  std::ofstream(path) << document.dump(2);
  auto run = RunTessera("instruments validate " + path + " --catalogue " + kCatalogue);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(path + ": missing required field \"title\""), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(path + ": /version: \"2.0\" does not match"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(path + ": /scales/0/kind: must be one of: ordinal, nominal"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(InstrumentsCliTest, EditingAPublishedVersionFailsValidation) {
  const std::string dir = CopyCatalogue();
  const std::string file = dir + "/catalogue/partner-feedback/1.0.0.json";
  auto document = nlohmann::json::parse(std::ifstream(file));
  document["title"] = "Partner feedback survey (edited)";
  std::ofstream(file) << document.dump(2);
  auto run = RunTessera("instruments validate --catalogue " + dir + "/catalogue");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("partner-feedback@1.0.0 is published and must not change"),
            std::string::npos)
      << run.err;
}

TEST(InstrumentsCliTest, PublishRecordsANewVersionOnce) {
  const std::string dir = CopyCatalogue();
  auto document = nlohmann::json::parse(std::ifstream(kCatalogue + "/partner-feedback/1.0.0.json"));
  document["version"] = "1.0.1";
  document["changes"] = "Clarified the introduction.";
  fs::path file = dir + "/catalogue/partner-feedback/1.0.1.json";
  std::ofstream(file) << document.dump(2);

  auto listed = RunTessera("instruments list --catalogue " + dir + "/catalogue");
  EXPECT_NE(listed.out.find("partner-feedback@1.0.1        draft"), std::string::npos)
      << listed.out;
  auto first =
      RunTessera("instruments publish partner-feedback@1.0.1 --catalogue " + dir + "/catalogue");
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("published partner-feedback@1.0.1 sha256:"), std::string::npos);
  auto again =
      RunTessera("instruments publish partner-feedback@1.0.1 --catalogue " + dir + "/catalogue");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already published"), std::string::npos);
  std::ifstream lock(dir + "/catalogue.lock");
  std::string text((std::istreambuf_iterator<char>(lock)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("partner-feedback 1.0.1 sha256:"), std::string::npos);
}

TEST(InstrumentsCliTest, DiffListsRewordedAddedAndRetiredItems) {
  auto run = RunTessera(
      "instruments diff staff-attitudes@1.0.0 staff-attitudes@1.1.0 --catalogue " + kCatalogue);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("1 reworded, 1 added, 1 retired"), std::string::npos) << run.out;
  auto json = RunTessera(
      "instruments diff staff-attitudes@1.0.0 staff-attitudes@1.1.0 --json "
      "--catalogue " +
      kCatalogue);
  ASSERT_EQ(json.exit_code, 0);
  auto diff = nlohmann::json::parse(json.out);
  EXPECT_EQ(diff["counts"]["reworded"], 1);
  EXPECT_EQ(diff["counts"]["added"], 1);
  EXPECT_EQ(diff["counts"]["retired"], 1);
}

TEST(InstrumentsCliTest, UsageErrorsExitTwoWithAClearMessage) {
  auto no_command = RunTessera("");
  EXPECT_EQ(no_command.exit_code, 2);
  auto unknown = RunTessera("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command \"frobnicate\""), std::string::npos);
  auto sub = RunTessera("instruments frobnicate");
  EXPECT_EQ(sub.exit_code, 2);
  EXPECT_NE(sub.err.find("unknown command \"frobnicate\""), std::string::npos);
  auto option = RunTessera("instruments list --verbose");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("unknown option --verbose"), std::string::npos);
  auto bad_ref = RunTessera("instruments diff staff-attitudes staff-attitudes@1.1.0");
  EXPECT_EQ(bad_ref.exit_code, 2);
}

TEST(InstrumentsCliTest, EveryCommandHasHelp) {
  for (const char* command :
       {"--help", "instruments --help", "instruments list --help", "instruments show --help",
        "instruments validate --help", "instruments diff --help", "instruments publish --help"}) {
    auto run = RunTessera(command);
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_NE(run.out.find("Usage: tessera"), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace tessera::server
