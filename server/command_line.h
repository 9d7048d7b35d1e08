// A small command-line parser: positional words, "--name value" options and "--flag" switches.
// Unknown options are errors, reported with the command's usage.
#ifndef TESSERA_SERVER_COMMAND_LINE_H_
#define TESSERA_SERVER_COMMAND_LINE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "instruments/status.h"

namespace tessera::server {

struct OptionSpec {
  std::string name;  // without the leading "--"
  bool takes_value = false;
  bool repeatable = false;
};

class CommandLine {
 public:
  // Parses `args` (after the command words) against `specs`. "--help" is always accepted.
  static Result<CommandLine> Parse(const std::vector<std::string>& args,
                                   const std::vector<OptionSpec>& specs);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Value(const std::string& name) const;
  std::vector<std::string> Values(const std::string& name) const;
  bool help() const { return Has("help"); }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> values_;
};

// A whole decimal number, or nullopt (no sign for negatives, no trailing text).
std::optional<long long> ParseWholeNumber(const std::string& text);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_COMMAND_LINE_H_
