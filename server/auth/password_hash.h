// Password hashing with argon2id (libsodium's crypto_pwhash_str, interactive limits), and the
// rules a new password must meet.
#ifndef TESSERA_SERVER_AUTH_PASSWORD_HASH_H_
#define TESSERA_SERVER_AUTH_PASSWORD_HASH_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "instruments/status.h"

namespace tessera::server {

inline constexpr std::size_t kMinPasswordLength = 12;   // Unicode code points
inline constexpr std::size_t kMaxPasswordBytes = 1024;  // longer ones are refused

// Ok, or kInvalidArgument with a message for the person choosing the password.
Status CheckPasswordRules(std::string_view password);

// An argon2id hash string ("$argon2id$v=19$m=...") with a fresh random salt; kInternal when
// libsodium fails (out of memory). Does not check the rules.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`. Takes as long as hashing, whatever the outcome.
bool VerifyPassword(const std::string& hash, std::string_view password);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_PASSWORD_HASH_H_
