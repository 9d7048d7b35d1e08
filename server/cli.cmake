# The `tessera` command line's commands that use the store (added to tessera_server).
target_sources(tessera_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/backup_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_context.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_store.cc
  ${CMAKE_CURRENT_LIST_DIR}/demo_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/import_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/links_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/org_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/reliability_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/score_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/score_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/serve_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/survey_routes.cc
)
target_link_libraries(tessera_server PUBLIC tessera::engine tessera::survey)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/demo_command.cc PROPERTIES
  COMPILE_DEFINITIONS
  "TESSERA_SOURCE_DEMO_SPEC=\"${TESSERA_SOURCE_ROOT}/data/demo/organisation.json\";TESSERA_INSTALLED_DEMO_SPEC=\"${CMAKE_INSTALL_PREFIX}/share/tessera/demo/organisation.json\"")
install(FILES ${TESSERA_SOURCE_ROOT}/data/demo/organisation.json DESTINATION share/tessera/demo)
