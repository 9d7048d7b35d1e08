// Random secrets for sessions and CSRF tokens: 256 bits from libsodium's generator, URL-safe
// base64 without padding (43 characters); their SHA-256 for storage; constant-time comparison.
#ifndef TESSERA_SERVER_AUTH_SECRET_TOKEN_H_
#define TESSERA_SERVER_AUTH_SECRET_TOKEN_H_

#include <string>
#include <string_view>

namespace tessera::server {

std::string NewSecretToken();

// True for 43 URL-safe base64 characters: cheap rejection of garbage before any lookup.
bool LooksLikeSecretToken(std::string_view text);

// Lower-case hex SHA-256 of the token (64 characters).
std::string SecretTokenHash(std::string_view token);

// Constant-time for equal lengths; false when either is empty or the lengths differ.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_SECRET_TOKEN_H_
