#include "server/command_line.h"

#include <charconv>

namespace tessera::server {

Result<CommandLine> CommandLine::Parse(const std::vector<std::string>& args,
                                       const std::vector<OptionSpec>& specs) {
  CommandLine line;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-") {
        return Status::InvalidArgument("unknown option " + arg);
      }
      line.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (name == "help") {
      line.values_["help"].push_back("");
      continue;
    }
    const OptionSpec* spec = nullptr;
    for (const auto& candidate : specs) {
      if (candidate.name == name) spec = &candidate;
    }
    if (spec == nullptr) return Status::InvalidArgument("unknown option --" + name);
    if (!spec->repeatable && line.values_.count(name)) {
      return Status::InvalidArgument("option --" + name + " given twice");
    }
    if (!spec->takes_value) {
      if (inline_value) return Status::InvalidArgument("option --" + name + " takes no value");
      line.values_[name].push_back("");
      continue;
    }
    if (inline_value) {
      line.values_[name].push_back(*inline_value);
    } else if (i + 1 < args.size()) {
      line.values_[name].push_back(args[++i]);
    } else {
      return Status::InvalidArgument("option --" + name + " needs a value");
    }
  }
  return line;
}

std::optional<std::string> CommandLine::Value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> CommandLine::Values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<long long> ParseWholeNumber(const std::string& text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace tessera::server
