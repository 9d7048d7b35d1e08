// Fuzz target: the small parsers of what a browser sends besides a body. The same bytes go to
// each of them:
//  - Cookie headers (server/auth/cookies.h): the input split at '\n' into up to four Cookie
//    header fields, read for the session cookie and another name; what is found never holds ';'
//    or surrounding blanks, and a session id found survives a Set-Cookie round trip;
//  - the session id's shape check and hash (server/auth/secret_token.h), the survey token's
//    (survey/token.h);
//  - sign-in fields: NormaliseEmail (idempotent, the result is a plain address) and the `next`
//    redirect (only ever a local path);
//  - query strings as the management routes read them (QueryValue, ParseId,
//    CommentPageFromQuery) and the survey page's `page` (ParseForm + FirstValue);
//  - RedactTokens, which keeps tokens out of the access log: no path segment or query value of
//    its output is shaped like a token, and it is idempotent.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth/account_rules.h"
#include "server/auth/auth_service.h"
#include "server/auth/cookies.h"
#include "server/auth/redirect_target.h"
#include "server/auth/secret_token.h"
#include "server/management/responses.h"
#include "server/pages/form_parsing.h"
#include "survey/token.h"
#include "tests/fuzz/fuzz_support.h"

namespace tessera::fuzz {
namespace {

using server::Request;
namespace http = server::http;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Whether some Cookie field of `request` holds name="value" (quoted).
bool CookieWasQuoted(const Request& request, std::string_view name, const std::string& value) {
  const std::string quoted = "\"" + value + "\"";
  for (const auto& field : request) {
    const std::string_view text(field.value().data(), field.value().size());
    if (text.find(quoted) != std::string_view::npos && text.find(name) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

void CheckCookies(std::string_view text) {
  Request request{http::verb::get, "/dashboard", 11};
  size_t start = 0;
  for (int header = 0; header < 4 && start <= text.size(); ++header) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos || header == 3) end = text.size();
    const std::string_view value = text.substr(start, end - start);
    request.insert(http::field::cookie, boost::beast::string_view(value.data(), value.size()));
    start = end + 1;
  }
  for (std::string_view name : {server::kSessionCookieName, std::string_view("csrf")}) {
    const std::optional<std::string> value = server::CookieValue(request, name);
    if (!value) continue;
    FUZZ_CHECK(value->find(';') == std::string::npos, *value);
    // Blanks around a value are trimmed; only a quoted value may keep inner ones.
    FUZZ_CHECK(value->empty() || (!IsBlank(value->front()) && !IsBlank(value->back())) ||
                   CookieWasQuoted(request, name, *value),
               *value);
    if (!server::LooksLikeSecretToken(*value)) continue;
    FUZZ_CHECK(server::SecretTokenHash(*value).size() == 64, *value);
    // What Tessera sets is what it reads back.
    const std::string set_cookie = server::SetCookieValue(name, *value, {});
    Request again{http::verb::get, "/", 11};
    const std::string pair = set_cookie.substr(0, set_cookie.find(';'));
    again.set(http::field::cookie, pair);
    FUZZ_CHECK(server::CookieValue(again, name) == value, set_cookie);
  }
}

bool OnlyTokenChars(std::string_view text) {
  for (char c : text) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

void CheckShapes(std::string_view text) {
  const bool secret = server::LooksLikeSecretToken(text);
  const bool token = survey::LooksLikeToken(text);
  FUZZ_CHECK(secret == (text.size() == 43 && OnlyTokenChars(text)), std::string(text));
  FUZZ_CHECK(token == secret, std::string(text));
  if (survey::LooksLikeReceiptCode(text)) FUZZ_CHECK(text.size() == 19, std::string(text));

  Result<std::string> email = server::NormaliseEmail(text);
  if (email.ok()) {
    FUZZ_CHECK(!email->empty() && email->size() <= 254, *email);
    FUZZ_CHECK(email->find('@') != std::string::npos && email->find('@') == email->rfind('@'),
               *email);
    for (char c : *email) {
      FUZZ_CHECK(!(c >= 'A' && c <= 'Z') && static_cast<unsigned char>(c) > 0x20, *email);
    }
    Result<std::string> again = server::NormaliseEmail(*email);
    FUZZ_CHECK(again.ok() && *again == *email, *email);
  } else {
    FUZZ_CHECK(email.status().code() == StatusCode::kInvalidArgument, email.status().ToString());
  }

  const std::string next = server::RedirectAfterLogin(text);
  FUZZ_CHECK(server::IsLocalRedirect(next), next);
  FUZZ_CHECK(next.size() >= 1 && next.front() == '/' &&
                 (next.size() == 1 || (next[1] != '/' && next[1] != '\\')),
             next);
  for (char c : next) {
    FUZZ_CHECK(c != '\\' && static_cast<unsigned char>(c) > 0x20 && c != 0x7F, next);
  }
}

void CheckQuery(std::string_view query) {
  for (std::string_view name : {"org", "by", "with", "labels", "page"}) {
    const std::string value = server::QueryValue(query, name);
    const int64_t id = server::ParseId(value);
    if (id != 0) {
      FUZZ_CHECK(
          id > 0 && !value.empty() && value.find_first_not_of("0123456789") == std::string::npos,
          value);
    }
  }
  Result<engine::CommentPage> page = server::CommentPageFromQuery(query);
  if (page.ok()) {
    FUZZ_CHECK(
        page->offset >= 0 && page->limit >= 1 && page->limit <= engine::CommentPage::kMaxLimit,
        std::to_string(page->offset) + "," + std::to_string(page->limit));
  } else {
    FUZZ_CHECK(page.status().code() == StatusCode::kInvalidArgument, page.status().ToString());
    FUZZ_CHECK(page.status().pointer() == "/offset" || page.status().pointer() == "/limit",
               page.status().ToString());
  }
}

void CheckRedaction(std::string_view target) {
  const std::string redacted = survey::RedactTokens(target);
  FUZZ_CHECK(survey::RedactTokens(redacted) == redacted, redacted);
  const size_t question = redacted.find('?');
  const std::string_view path = std::string_view(redacted).substr(0, question);
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    FUZZ_CHECK(!survey::LooksLikeToken(path.substr(start, end - start)),
               "a token left in the path of " + redacted);
    start = end + 1;
  }
  if (question == std::string::npos) return;
  const std::string_view query = std::string_view(redacted).substr(question + 1);
  start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (const size_t equals = pair.find('='); equals != std::string_view::npos) {
      pair.remove_prefix(equals + 1);
    }
    FUZZ_CHECK(!survey::LooksLikeToken(pair), "a token left in the query of " + redacted);
    start = end + 1;
  }
}

}  // namespace
}  // namespace tessera::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tessera;
  const std::string_view text = fuzz::AsText(data, size);
  fuzz::CheckCookies(text);
  fuzz::CheckShapes(text);
  fuzz::CheckQuery(text);
  fuzz::CheckRedaction(text);
  return 0;
}
