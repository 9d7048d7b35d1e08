#include "server/auth/principal.h"

namespace tessera::server {

const Membership* Principal::In(int64_t organisation_id) const {
  for (const Membership& membership : memberships) {
    if (membership.organisation_id == organisation_id) return &membership;
  }
  return nullptr;
}

}  // namespace tessera::server
