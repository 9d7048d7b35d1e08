// Canonical JSON and the SHA-256 content hash that fingerprints a published instrument version.
#ifndef TESSERA_INSTRUMENTS_CONTENT_HASH_H_
#define TESSERA_INSTRUMENTS_CONTENT_HASH_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tessera::instruments {

// Object keys sorted (byte order), no insignificant whitespace, UTF-8 left unescaped,
// numbers as parsed (integers as integers, doubles in shortest round-trip form).
std::string CanonicalJson(const nlohmann::json& document);

// Lower-case hex SHA-256 of `bytes` (libsodium).
std::string Sha256Hex(std::string_view bytes);

// "sha256:" + Sha256Hex(CanonicalJson(document)).
std::string ContentHash(const nlohmann::json& document);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_CONTENT_HASH_H_
