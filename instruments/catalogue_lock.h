// instruments/catalogue.lock: one line per published version, "ID VERSION sha256:HEX".
// A published version never changes; a change is a new version.
#ifndef TESSERA_INSTRUMENTS_CATALOGUE_LOCK_H_
#define TESSERA_INSTRUMENTS_CATALOGUE_LOCK_H_

#include <filesystem>
#include <map>
#include <string>

#include "instruments/diagnostic.h"
#include "instruments/status.h"
#include "instruments/version.h"

namespace tessera::instruments {

class CatalogueLock {
 public:
  // Reads a lock file; a missing file is an empty lock. Malformed lines become diagnostics.
  static CatalogueLock Read(const std::filesystem::path& path, Diagnostics* diagnostics);

  // The recorded hash of id@version, or nullptr when that version is not published.
  const std::string* Find(const std::string& id, const Version& version) const;
  void Add(const std::string& id, const Version& version, std::string hash);
  const std::map<std::pair<std::string, Version>, std::string>& entries() const { return entries_; }

  // Sorted by id then version; written to a temporary file and renamed into place.
  Status Write(const std::filesystem::path& path) const;

 private:
  std::map<std::pair<std::string, Version>, std::string> entries_;
};

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_CATALOGUE_LOCK_H_
