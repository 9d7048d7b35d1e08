# Management routes: dashboards, the results JSON API, CSV downloads and campaign
# administration (added to tessera_server), and the OpenAPI document compiled in.
set(TESSERA_OPENAPI_SOURCE ${TESSERA_SOURCE_ROOT}/docs/openapi.json)
set(TESSERA_OPENAPI_GENERATED
    ${CMAKE_CURRENT_BINARY_DIR}/generated/server/management/openapi_document.cc)
add_custom_command(
  OUTPUT ${TESSERA_OPENAPI_GENERATED}
  COMMAND ${CMAKE_COMMAND} -DINPUT=${TESSERA_OPENAPI_SOURCE} -DOUTPUT=${TESSERA_OPENAPI_GENERATED}
          -DFUNCTION=OpenApiDocument -P ${CMAKE_CURRENT_LIST_DIR}/embed_text.cmake
  DEPENDS ${TESSERA_OPENAPI_SOURCE} ${CMAKE_CURRENT_LIST_DIR}/embed_text.cmake
  COMMENT "Embedding the OpenAPI document"
  VERBATIM)
target_sources(tessera_server PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/access_control.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_admin.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_directory.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_views.cc
  ${CMAKE_CURRENT_LIST_DIR}/dashboard_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/export_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/responses.cc
  ${CMAKE_CURRENT_LIST_DIR}/results_api_routes.cc
  ${TESSERA_OPENAPI_GENERATED}
)
