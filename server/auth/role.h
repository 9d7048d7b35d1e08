// Roles a user can hold in an organisation, and their names as stored and shown.
#ifndef TESSERA_SERVER_AUTH_ROLE_H_
#define TESSERA_SERVER_AUTH_ROLE_H_

#include <optional>
#include <string_view>

namespace tessera::server {

// admin: campaigns, links and users; manager: dashboards and exports; evaluator: exports and
// the reliability view.
enum class Role { kAdmin, kManager, kEvaluator };

// "admin" | "manager" | "evaluator".
std::string_view RoleName(Role role);

// The role named exactly (lower case), or nullopt.
std::optional<Role> ParseRole(std::string_view text);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_ROLE_H_
