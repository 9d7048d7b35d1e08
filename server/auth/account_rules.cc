#include "server/auth/account_rules.h"

namespace tessera::server {

Result<std::string> NormaliseEmail(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) email.remove_prefix(1);
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t')) email.remove_suffix(1);
  const Status invalid =
      Status::InvalidArgument("an email address looks like name@example.org", "/email");
  if (email.empty() || email.size() > 254) return invalid;
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size() ||
      email.find('@', at + 1) != std::string_view::npos) {
    return invalid;
  }
  std::string normal;
  normal.reserve(email.size());
  for (char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' ||
        c == '\\') {
      return invalid;
    }
    normal += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return normal;
}

}  // namespace tessera::server
