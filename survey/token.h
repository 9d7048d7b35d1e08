// Survey link tokens and receipt codes. Tokens carry 256 bits from libsodium's generator,
// URL-safe base64 without padding (43 characters); only their hash is ever stored.
#ifndef TESSERA_SURVEY_TOKEN_H_
#define TESSERA_SURVEY_TOKEN_H_

#include <string>
#include <string_view>

namespace tessera::survey {

std::string NewToken();
// True when `text` has the shape of a token (43 URL-safe base64 characters); cheap rejection
// of garbage before any lookup.
bool LooksLikeToken(std::string_view text);
// Lower-case hex SHA-256 of the token: what the store keeps.
std::string TokenHash(std::string_view token);

// A receipt for the respondent, e.g. "K7QD-9M2X-F3HP-TW8R": 80 random bits in Crockford
// base32, grouped for reading aloud. It names no response and no link.
std::string NewReceiptCode();
bool LooksLikeReceiptCode(std::string_view text);

// Redacts anything after "/s/" or "/surveys/" in a request target, for logs:
// "/api/v1/surveys/abc.../draft" -> "/api/v1/surveys/[token]/draft".
std::string RedactTokens(std::string_view target);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_TOKEN_H_
