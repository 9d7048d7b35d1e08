#include "server/command_line.h"

#include <gtest/gtest.h>

namespace tessera::server {
namespace {

const std::vector<OptionSpec> kSpecs = {{"json"}, {"db", true}, {"scale", true, true}};

TEST(CommandLineTest, SplitsPositionalValuesAndFlags) {
  auto line = CommandLine::Parse(
      {"a", "--json", "--db", "x.db", "b", "--scale=s1", "--scale", "s2"}, kSpecs);
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_EQ(line->positional(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(line->Has("json"));
  EXPECT_EQ(line->Value("db"), "x.db");
  EXPECT_EQ(line->Values("scale"), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_FALSE(line->help());
}

TEST(CommandLineTest, RejectsUnknownRepeatedAndValuelessOptions) {
  EXPECT_EQ(CommandLine::Parse({"--nope"}, kSpecs).status().message(), "unknown option --nope");
  EXPECT_EQ(CommandLine::Parse({"-x"}, kSpecs).status().message(), "unknown option -x");
  EXPECT_EQ(CommandLine::Parse({"--db", "a", "--db", "b"}, kSpecs).status().message(),
            "option --db given twice");
  EXPECT_EQ(CommandLine::Parse({"--db"}, kSpecs).status().message(), "option --db needs a value");
  EXPECT_EQ(CommandLine::Parse({"--json=1"}, kSpecs).status().message(),
            "option --json takes no value");
}

TEST(CommandLineTest, DashDashEndsOptionsAndDashIsPositional) {
  auto line = CommandLine::Parse({"-", "--", "--json"}, kSpecs);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->positional(), (std::vector<std::string>{"-", "--json"}));
  EXPECT_FALSE(line->Has("json"));
}

TEST(CommandLineTest, HelpIsAlwaysAccepted) {
  auto line = CommandLine::Parse({"--help"}, {});
  ASSERT_TRUE(line.ok());
  EXPECT_TRUE(line->help());
}

}  // namespace
}  // namespace tessera::server
