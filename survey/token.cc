#include "survey/token.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

namespace tessera::survey {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr size_t kTokenLength = 43;  // 32 bytes in unpadded base64
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kRedacted = "[token]";

// sodium_init is thread-safe and idempotent; failure leaves no safe source of randomness.
void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) std::abort();
}

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// Replaces the path segment that follows each occurrence of `marker` (e.g. "/s/").
void RedactAfter(std::string& path, std::string_view marker) {
  size_t from = 0;
  while ((from = path.find(marker, from)) != std::string::npos) {
    const size_t begin = from + marker.size();
    size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    if (end > begin) path.replace(begin, end - begin, kRedacted);
    from = begin;
  }
}

// Any other path segment shaped like a token is redacted too.
std::string RedactSegments(std::string_view path) {
  std::string out;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(begin, end - begin);
    out += LooksLikeToken(segment) ? kRedacted : segment;
    if (end == path.size()) break;
    out += '/';
    begin = end + 1;
  }
  return out;
}

std::string RedactQuery(std::string_view query) {
  std::string out;
  size_t begin = 0;
  while (begin <= query.size()) {
    size_t end = query.find('&', begin);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(begin, end - begin);
    const size_t equals = pair.find('=');
    if (equals == std::string_view::npos) {
      out += LooksLikeToken(pair) ? kRedacted : pair;
    } else {
      out += pair.substr(0, equals + 1);
      const std::string_view value = pair.substr(equals + 1);
      out += LooksLikeToken(value) ? kRedacted : value;
    }
    if (end == query.size()) break;
    out += '&';
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string NewToken() {
  EnsureSodium();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.resize(kTokenLength);  // drop the terminating NUL
  sodium_memzero(bytes.data(), bytes.size());
  return encoded;
}

bool LooksLikeToken(std::string_view text) {
  if (text.size() != kTokenLength) return false;
  for (char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

std::string TokenHash(std::string_view token) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::string NewReceiptCode() {
  EnsureSodium();
  std::array<unsigned char, 10> bytes{};  // 80 bits = 16 base32 characters
  randombytes_buf(bytes.data(), bytes.size());
  std::string code;
  uint32_t buffer = 0;
  int bits = 0;
  int emitted = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      if (emitted > 0 && emitted % 4 == 0) code += '-';
      code += kCrockford[(buffer >> bits) & 0x1Fu];
      ++emitted;
    }
    buffer &= (1u << bits) - 1;
  }
  return code;
}

bool LooksLikeReceiptCode(std::string_view text) {
  if (text.size() != 19) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i % 5 == 4) {
      if (text[i] != '-') return false;
    } else if (kCrockford.find(text[i]) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string RedactTokens(std::string_view target) {
  const size_t query_start = target.find('?');
  std::string path(target.substr(0, query_start));
  RedactAfter(path, "/s/");
  RedactAfter(path, "/surveys/");
  std::string out = RedactSegments(path);
  if (query_start != std::string_view::npos) {
    out += '?';
    out += RedactQuery(target.substr(query_start + 1));
  }
  return out;
}

}  // namespace tessera::survey
