// What the management routes share: JSON errors built from a Status (each with its stable
// code), query parameters and ids. HTML pages and redirects are HtmlResponse and SeeOther
// (server/http/message.h).
#ifndef TESSERA_SERVER_MANAGEMENT_RESPONSES_H_
#define TESSERA_SERVER_MANAGEMENT_RESPONSES_H_

#include <string>
#include <string_view>

#include "engine/campaign_results.h"
#include "instruments/status.h"
#include "server/http/message.h"

namespace tessera::server {

// The HTTP status and stable code for a failure from the engine:
// kNotFound 404 not_found, kInvalidArgument 400 invalid_argument, kFailedPrecondition 409
// not_released, kConflict 409 conflict, kUnauthenticated 401, kPermissionDenied 403 forbidden,
// kResourceExhausted 429 rate_limited, anything else 500 internal (whose message is not shown).
std::pair<http::status, std::string_view> HttpStatusFor(const Status& status);

// A JSON error for `status`; `pointer` names the offending field or parameter when one did.
Response JsonErrorFor(const Status& status, const Request& request, std::string_view pointer = {});

// The value of `name` in a query string ("a=1&b=2"), form-decoded; "" when absent.
std::string QueryValue(std::string_view query, std::string_view name);

// Parses a whole positive 64-bit id ("12"); 0 when it is not one.
int64_t ParseId(std::string_view text);

// The window on comment lists that `offset` and `limit` in a query string ask for (the
// defaults when absent); kInvalidArgument naming the parameter when one is not a whole number
// in range.
Result<engine::CommentPage> CommentPageFromQuery(std::string_view query);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_RESPONSES_H_
