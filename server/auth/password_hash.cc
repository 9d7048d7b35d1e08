#include "server/auth/password_hash.h"

#include <sodium.h>

#include <array>

namespace tessera::server {
namespace {

// At least libsodium's interactive limits (argon2id, 2 passes, 64 MiB).
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace

Status CheckPasswordRules(std::string_view password) {
  if (CodePoints(password) < kMinPasswordLength) {
    return Status::InvalidArgument("the password is too short: use at least " +
                                       std::to_string(kMinPasswordLength) + " characters",
                                   "/password");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument(
        "the password is too long: use at most " + std::to_string(kMaxPasswordBytes) + " bytes",
        "/password");
  }
  for (char c : password) {
    if (c == '\n' || c == '\r' || c == '\0') {
      return Status::InvalidArgument("the password must be one line", "/password");
    }
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (sodium_init() < 0) return Status::Internal("libsodium could not be initialised");
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("hashing the password ran out of memory");
  }
  return std::string(hash.data());
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace tessera::server
