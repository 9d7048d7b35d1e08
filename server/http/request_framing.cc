#include "server/http/request_framing.h"

#include <cstddef>

namespace tessera::server {
namespace {

bool IsOws(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsOws(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsOws(text.back())) text.remove_suffix(1);
  return text;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

FramingError BadRequest(std::string_view message) {
  return FramingError{http::status::bad_request, error_code::kBadRequest, message};
}

}  // namespace

std::optional<FramingError> CheckRequestFraming(const http::request_header<>& header) {
  const std::size_t hosts = header.count(http::field::host);
  if (hosts > 1) return BadRequest("more than one Host header");
  if (hosts == 0 && header.version() >= 11) return BadRequest("HTTP/1.1 request without Host");

  if (header.count(http::field::transfer_encoding) == 0) return std::nullopt;
  if (header.version() < 11) return BadRequest("Transfer-Encoding in an HTTP/1.0 request");
  std::size_t chunked = 0;
  std::size_t codings = 0;
  bool unknown = false;
  const auto [first, last] = header.equal_range(http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    std::string_view list(field->value().data(), field->value().size());
    while (true) {
      const std::size_t comma = list.find(',');
      const std::string_view coding = Trim(list.substr(0, comma));
      if (!coding.empty()) {
        ++codings;
        if (IEquals(coding, "chunked")) {
          ++chunked;
        } else {
          unknown = true;
        }
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  if (codings == 0) return BadRequest("empty Transfer-Encoding");
  if (unknown) {
    return FramingError{http::status::not_implemented, error_code::kNotImplemented,
                        "unsupported Transfer-Encoding; only chunked is implemented"};
  }
  if (chunked > 1) return BadRequest("chunked applied more than once");
  return std::nullopt;
}

}  // namespace tessera::server
