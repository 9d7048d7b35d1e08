#include "server/auth/role.h"

namespace tessera::server {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kManager:
      return "manager";
    case Role::kEvaluator:
      return "evaluator";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (Role role : {Role::kAdmin, Role::kManager, Role::kEvaluator}) {
    if (text == RoleName(role)) return role;
  }
  return std::nullopt;
}

}  // namespace tessera::server
