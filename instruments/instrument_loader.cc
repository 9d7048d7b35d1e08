#include "instruments/instrument_loader.h"

#include <fstream>
#include <set>
#include <sstream>

#include "instruments/content_hash.h"
#include "instruments/document_parser.h"
#include "instruments/instrument_rules.h"

namespace tessera::instruments {
namespace {

constexpr std::uintmax_t kMaxDocumentBytes = 4 * 1024 * 1024;

// Reports an object key that appears twice: the JSON parser would silently keep the last.
class DuplicateKeyFinder {
 public:
  DuplicateKeyFinder(const std::string& file, Diagnostics* diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  bool operator()(int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    const auto level = static_cast<size_t>(depth);
    if (event == Event::object_start) {
      keys_.resize(level + 1);
      keys_[level].clear();
    } else if (event == Event::key && level >= 1 && level <= keys_.size()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!keys_[level - 1].insert(key).second) {
        diagnostics_->push_back({file_, "", "the key \"" + key + "\" appears twice in one object"});
      }
    }
    return true;
  }

 private:
  const std::string& file_;
  Diagnostics* diagnostics_;
  std::vector<std::set<std::string>> keys_;
};

}  // namespace

std::unique_ptr<LoadedInstrument> LoadInstrumentText(const std::string& text,
                                                     const std::string& file,
                                                     Diagnostics* diagnostics) {
  const size_t before = diagnostics->size();
  nlohmann::json document = nlohmann::json::parse(text, DuplicateKeyFinder(file, diagnostics),
                                                  /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    // Parse again with exceptions to learn where the syntax breaks.
    try {
      const auto unused = nlohmann::json::parse(text);
      (void)unused;
    } catch (const nlohmann::json::exception& error) {
      // A parse_error, or out_of_range for a number too large for a double ("1e400").
      diagnostics->push_back({file, "", std::string("not valid JSON: ") + error.what()});
      return nullptr;
    }
    diagnostics->push_back({file, "", "not valid JSON"});
    return nullptr;
  }
  auto loaded = std::make_unique<LoadedInstrument>();
  loaded->instrument = ParseInstrumentDocument(document, file, diagnostics);
  CheckInstrumentRules(loaded->instrument, file, diagnostics);
  if (diagnostics->size() != before) return nullptr;
  loaded->hash = ContentHash(document);
  loaded->document = std::move(document);
  loaded->file = file;
  return loaded;
}

std::unique_ptr<LoadedInstrument> LoadInstrumentFile(const std::filesystem::path& path,
                                                     Diagnostics* diagnostics) {
  const std::string file = path.string();
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    diagnostics->push_back({file, "", "cannot read: " + error.message()});
    return nullptr;
  }
  if (size > kMaxDocumentBytes) {
    diagnostics->push_back({file, "", "larger than 4 MiB; an instrument document is far smaller"});
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    diagnostics->push_back({file, "", "cannot read the file"});
    return nullptr;
  }
  return LoadInstrumentText(text.str(), file, diagnostics);
}

}  // namespace tessera::instruments
