#include "instruments/catalogue.h"

#include <algorithm>
#include <cstdlib>

#include "instruments/instrument_rules.h"

#ifndef TESSERA_SOURCE_CATALOGUE
#define TESSERA_SOURCE_CATALOGUE ""
#endif
#ifndef TESSERA_INSTALLED_CATALOGUE
#define TESSERA_INSTALLED_CATALOGUE ""
#endif

namespace tessera::instruments {
namespace fs = std::filesystem;

Catalogue Catalogue::Load(const fs::path& root, const fs::path& lock_file,
                          Diagnostics* diagnostics) {
  Catalogue catalogue;
  catalogue.root_ = root;
  catalogue.lock_file_ = lock_file;
  catalogue.lock_ = CatalogueLock::Read(lock_file, diagnostics);

  std::error_code error;
  if (!fs::is_directory(root, error)) {
    diagnostics->push_back({root.string(), "", "catalogue folder not found"});
    return catalogue;
  }
  // Directory order is unspecified; sort so diagnostics come out the same on every machine.
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  for (const auto& path : files) {
    const std::string file = path.string();
    const size_t before = diagnostics->size();
    auto loaded = LoadInstrumentFile(path, diagnostics);
    if (!loaded) continue;
    const auto& instrument = loaded->instrument;
    const auto relative = path.lexically_relative(root);
    const std::string expected = instrument.id + "/" + instrument.version.ToString() + ".json";
    if (relative.generic_string() != expected) {
      diagnostics->push_back(
          {file, "",
           "id and version say this file belongs at " + expected + " under the catalogue folder"});
    }
    if (const std::string* locked = catalogue.lock_.Find(instrument.id, instrument.version);
        locked != nullptr && *locked != loaded->hash) {
      diagnostics->push_back({file, "",
                              instrument.ref().ToString() +
                                  " is published and must not change: its content hash is " +
                                  loaded->hash + " but catalogue.lock records " + *locked +
                                  ". Undo the edit and make the change in a new version."});
    }
    if (diagnostics->size() != before) continue;
    catalogue.versions_[{instrument.id, instrument.version}] = std::move(loaded);
  }
  for (const auto& [key, hash] : catalogue.lock_.entries()) {
    if (!catalogue.versions_.count(key)) {
      const fs::path expected = root / key.first / (key.second.ToString() + ".json");
      if (!fs::exists(expected)) {
        diagnostics->push_back({lock_file.string(), "",
                                key.first + "@" + key.second.ToString() + " is published but " +
                                    expected.string() + " is missing"});
      }
    }
  }
  // Continuity needs every version loaded first; a version whose references break is dropped.
  const VersionLookup lookup = [&catalogue](const std::string& id, const Version& version) {
    const LoadedInstrument* found = catalogue.Find(id, version);
    return found ? &found->instrument : nullptr;
  };
  for (auto it = catalogue.versions_.begin(); it != catalogue.versions_.end();) {
    const size_t before = diagnostics->size();
    CheckContinuity(it->second->instrument, it->second->file, lookup, diagnostics);
    it = diagnostics->size() != before ? catalogue.versions_.erase(it) : std::next(it);
  }
  return catalogue;
}

size_t Catalogue::ValidateFile(const fs::path& path, Diagnostics* diagnostics) const {
  const size_t before = diagnostics->size();
  auto loaded = LoadInstrumentFile(path, diagnostics);
  if (!loaded) return diagnostics->size() - before;
  const VersionLookup lookup = [this](const std::string& id, const Version& version) {
    const LoadedInstrument* found = Find(id, version);
    return found ? &found->instrument : nullptr;
  };
  CheckContinuity(loaded->instrument, loaded->file, lookup, diagnostics);
  const auto& instrument = loaded->instrument;
  if (const std::string* locked = lock_.Find(instrument.id, instrument.version);
      locked != nullptr && *locked != loaded->hash) {
    diagnostics->push_back({loaded->file, "",
                            instrument.ref().ToString() +
                                " is published with a different content hash (" + *locked +
                                "); a change needs a new version"});
  }
  return diagnostics->size() - before;
}

const LoadedInstrument* Catalogue::Find(const std::string& id, const Version& version) const {
  auto it = versions_.find({id, version});
  return it == versions_.end() ? nullptr : it->second.get();
}

const LoadedInstrument* Catalogue::Latest(const std::string& id) const {
  const LoadedInstrument* latest = nullptr;
  for (const auto& [key, loaded] : versions_) {
    if (key.first == id) latest = loaded.get();
  }
  return latest;
}

std::vector<const LoadedInstrument*> Catalogue::All() const {
  std::vector<const LoadedInstrument*> all;
  for (const auto& [key, loaded] : versions_) all.push_back(loaded.get());
  return all;
}

bool Catalogue::IsPublished(const LoadedInstrument& instrument) const {
  return lock_.Find(instrument.instrument.id, instrument.instrument.version) != nullptr;
}

Status Catalogue::Publish(const InstrumentRef& ref) {
  const LoadedInstrument* loaded = Find(ref);
  if (loaded == nullptr) {
    return Status::NotFound(ref.ToString() + " is not in the catalogue or does not validate");
  }
  if (IsPublished(*loaded)) {
    return Status::AlreadyExists(ref.ToString() + " is already published");
  }
  CatalogueLock updated = lock_;
  updated.Add(ref.id, ref.version, loaded->hash);
  if (Status status = updated.Write(lock_file_); !status.ok()) return status;
  lock_ = std::move(updated);
  return Status::Ok();
}

fs::path DefaultCatalogueDir() {
  if (const char* env = std::getenv("TESSERA_CATALOGUE"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code error;
  if (const fs::path source = TESSERA_SOURCE_CATALOGUE;
      !source.empty() && fs::is_directory(source, error)) {
    return source;
  }
  return TESSERA_INSTALLED_CATALOGUE;
}

fs::path LockFileFor(const fs::path& catalogue_dir) {
  fs::path normal = catalogue_dir.lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();  // "dir/" -> "dir"
  return normal.parent_path() / "catalogue.lock";
}

}  // namespace tessera::instruments
