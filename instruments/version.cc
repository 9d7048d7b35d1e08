#include "instruments/version.h"

#include <charconv>

namespace tessera::instruments {
namespace {

// Parses one numeric component; rejects empty, leading zeros and overflow.
std::optional<int> ParseComponent(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;  // from_chars would accept a leading '-'
  }
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Version> Version::Parse(std::string_view text) {
  const auto first = text.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = text.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto major = ParseComponent(text.substr(0, first));
  auto minor = ParseComponent(text.substr(first + 1, second - first - 1));
  auto patch = ParseComponent(text.substr(second + 1));
  if (!major || !minor || !patch) return std::nullopt;
  return Version{*major, *minor, *patch};
}

std::string Version::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<InstrumentRef> InstrumentRef::Parse(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  auto version = Version::Parse(text.substr(at + 1));
  if (!version) return std::nullopt;
  return InstrumentRef{std::string(text.substr(0, at)), *version};
}

}  // namespace tessera::instruments
