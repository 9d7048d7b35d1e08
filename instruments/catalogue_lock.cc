#include "instruments/catalogue_lock.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace tessera::instruments {

CatalogueLock CatalogueLock::Read(const std::filesystem::path& path, Diagnostics* diagnostics) {
  CatalogueLock lock;
  std::ifstream in(path);
  if (!in) return lock;
  static const std::regex kLine(
      R"(^([a-z][a-z0-9-]{1,62}) ([0-9]+\.[0-9]+\.[0-9]+) (sha256:[0-9a-f]{64})$)");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::smatch match;
    auto version =
        std::regex_match(line, match, kLine) ? Version::Parse(match[2].str()) : std::nullopt;
    if (!version) {
      diagnostics->push_back(
          {path.string(), "",
           "line " + std::to_string(number) + ": expected \"ID VERSION sha256:HEX\""});
      continue;
    }
    if (lock.Find(match[1].str(), *version) != nullptr) {
      diagnostics->push_back({path.string(), "",
                              "line " + std::to_string(number) + ": " + match[1].str() + "@" +
                                  version->ToString() + " is listed twice"});
      continue;
    }
    lock.Add(match[1].str(), *version, match[3].str());
  }
  return lock;
}

const std::string* CatalogueLock::Find(const std::string& id, const Version& version) const {
  auto it = entries_.find({id, version});
  return it == entries_.end() ? nullptr : &it->second;
}

void CatalogueLock::Add(const std::string& id, const Version& version, std::string hash) {
  entries_[{id, version}] = std::move(hash);
}

Status CatalogueLock::Write(const std::filesystem::path& path) const {
  std::ostringstream out;
  out << "# Published instrument versions: ID VERSION CONTENT-HASH.\n"
      << "# The hash is the SHA-256 of the version's canonical JSON. Never edit a published\n"
      << "# version; publish a new one with `tessera instruments publish ID@VERSION`.\n";
  for (const auto& [key, hash] : entries_) {
    out << key.first << ' ' << key.second.ToString() << ' ' << hash << '\n';
  }
  const auto temporary = std::filesystem::path(path.string() + ".tmp");
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << out.str();
    file.flush();
    if (!file) return Status::IoError("cannot write " + temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return Status::IoError("cannot replace " + path.string() + ": " + error.message());
  return Status::Ok();
}

}  // namespace tessera::instruments
