// The catalogue: every instrument version under one folder (<id>/<version>.json), checked
// against each other (continuity) and against catalogue.lock (published versions never change).
#ifndef TESSERA_INSTRUMENTS_CATALOGUE_H_
#define TESSERA_INSTRUMENTS_CATALOGUE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "instruments/catalogue_lock.h"
#include "instruments/diagnostic.h"
#include "instruments/instrument_loader.h"
#include "instruments/status.h"

namespace tessera::instruments {

class Catalogue {
 public:
  // Loads `root`/<id>/<version>.json and checks the lock `lock_file`. Every problem found is
  // appended to `diagnostics`; only versions without problems are kept.
  static Catalogue Load(const std::filesystem::path& root, const std::filesystem::path& lock_file,
                        Diagnostics* diagnostics);

  // Validates extra documents (paths outside or inside `root`) in the context of this catalogue,
  // so their continuity references resolve. Returns the number of diagnostics added.
  size_t ValidateFile(const std::filesystem::path& path, Diagnostics* diagnostics) const;

  const LoadedInstrument* Find(const std::string& id, const Version& version) const;
  const LoadedInstrument* Find(const InstrumentRef& ref) const { return Find(ref.id, ref.version); }
  // The highest version of `id`, or nullptr.
  const LoadedInstrument* Latest(const std::string& id) const;
  // All versions, sorted by id then version.
  std::vector<const LoadedInstrument*> All() const;
  bool IsPublished(const LoadedInstrument& instrument) const;

  // Records the version's current hash in the lock file. Fails when the version is unknown,
  // already published, or the lock cannot be written.
  Status Publish(const InstrumentRef& ref);

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::filesystem::path lock_file_;
  CatalogueLock lock_;
  std::map<std::pair<std::string, Version>, std::unique_ptr<LoadedInstrument>> versions_;
};

// The catalogue shipped with Tessera: $TESSERA_CATALOGUE, else the source tree's
// instruments/catalogue (compiled in), else <prefix>/share/tessera/catalogue.
std::filesystem::path DefaultCatalogueDir();
// catalogue.lock beside the catalogue folder.
std::filesystem::path LockFileFor(const std::filesystem::path& catalogue_dir);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_CATALOGUE_H_
