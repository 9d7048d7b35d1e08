#include "instruments/content_hash.h"

#include <sodium.h>

#include <array>

namespace tessera::instruments {

std::string CanonicalJson(const nlohmann::json& document) {
  // nlohmann::json keeps objects in a std::map, so dump() already writes keys in byte order.
  return document.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

std::string ContentHash(const nlohmann::json& document) {
  return "sha256:" + Sha256Hex(CanonicalJson(document));
}

}  // namespace tessera::instruments
