// Principal: who a signed-in request comes from, with their role in each organisation.
#ifndef TESSERA_SERVER_AUTH_PRINCIPAL_H_
#define TESSERA_SERVER_AUTH_PRINCIPAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "server/auth/role.h"

namespace tessera::server {

struct Membership {
  int64_t organisation_id = 0;
  std::string organisation_name;
  Role role = Role::kEvaluator;
};

struct Principal {
  int64_t user_id = 0;
  std::string email;
  std::vector<Membership> memberships;  // ordered by organisation name
  // This session's CSRF token (forms: hidden field "csrf"; JSON API: header X-CSRF-Token).
  std::string csrf_token;

  // The user's membership in the organisation; nullptr when they have no role there.
  const Membership* In(int64_t organisation_id) const;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_PRINCIPAL_H_
