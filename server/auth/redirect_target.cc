#include "server/auth/redirect_target.h"

namespace tessera::server {

bool IsLocalRedirect(std::string_view target) {
  if (target.empty() || target.size() > 2000 || target.front() != '/') return false;
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return false;
  for (char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '\\') return false;
  }
  return true;
}

std::string RedirectAfterLogin(std::string_view next) {
  return IsLocalRedirect(next) ? std::string(next) : std::string(kDefaultAfterLogin);
}

}  // namespace tessera::server
