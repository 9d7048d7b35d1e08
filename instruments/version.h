// Semantic version MAJOR.MINOR.PATCH of an instrument document.
#ifndef TESSERA_INSTRUMENTS_VERSION_H_
#define TESSERA_INSTRUMENTS_VERSION_H_

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::instruments {

struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;

  // Accepts digits only, no leading zeros (except "0"), no pre-release or build suffix.
  static std::optional<Version> Parse(std::string_view text);
  std::string ToString() const;

  auto operator<=>(const Version&) const = default;
};

// "id@1.2.3" split into its parts; nullopt when malformed.
struct InstrumentRef {
  std::string id;
  Version version;

  static std::optional<InstrumentRef> Parse(std::string_view text);
  std::string ToString() const { return id + "@" + version.ToString(); }
};

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_VERSION_H_
