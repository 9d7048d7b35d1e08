# Accounts, sessions and sign-in (server/auth/) and the `tessera users` command.
target_sources(tessera_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/account_rules.cc
  ${CMAKE_CURRENT_LIST_DIR}/auth_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/auth_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/cookies.cc
  ${CMAKE_CURRENT_LIST_DIR}/login_limiter.cc
  ${CMAKE_CURRENT_LIST_DIR}/login_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/password_hash.cc
  ${CMAKE_CURRENT_LIST_DIR}/principal.cc
  ${CMAKE_CURRENT_LIST_DIR}/redirect_target.cc
  ${CMAKE_CURRENT_LIST_DIR}/role.cc
  ${CMAKE_CURRENT_LIST_DIR}/secret_token.cc
  ${CMAKE_CURRENT_LIST_DIR}/../users_command.cc
)
target_link_libraries(tessera_server PRIVATE PkgConfig::SODIUM)
