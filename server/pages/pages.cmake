# Survey pages for respondents (included at the end of server/CMakeLists.txt).
set(TESSERA_PAGES_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TESSERA_ASSETS_DIR ${CMAKE_CURRENT_LIST_DIR}/../assets)
set(TESSERA_ASSET_NAMES survey.css survey.js favicon.svg dashboard.css)
set(TESSERA_ASSETS_GENERATED ${CMAKE_CURRENT_BINARY_DIR}/generated/server/pages/embedded_assets.cc)

set(asset_files "")
foreach(name IN LISTS TESSERA_ASSET_NAMES)
  list(APPEND asset_files ${TESSERA_ASSETS_DIR}/${name})
endforeach()
list(JOIN TESSERA_ASSET_NAMES "|" asset_names_arg)

# The assets become string constants compiled into the binary at build time.
add_custom_command(
  OUTPUT ${TESSERA_ASSETS_GENERATED}
  COMMAND ${CMAKE_COMMAND} -DASSET_DIR=${TESSERA_ASSETS_DIR} "-DASSET_NAMES=${asset_names_arg}"
          -DOUTPUT=${TESSERA_ASSETS_GENERATED} -P ${TESSERA_PAGES_DIR}/embed_assets.cmake
  DEPENDS ${asset_files} ${TESSERA_PAGES_DIR}/embed_assets.cmake
  COMMENT "Embedding survey page assets"
  VERBATIM)

target_sources(tessera_server PRIVATE
  ${TESSERA_PAGES_DIR}/assets.cc
  ${TESSERA_PAGES_DIR}/form_answers.cc
  ${TESSERA_PAGES_DIR}/form_parsing.cc
  ${TESSERA_PAGES_DIR}/html_escape.cc
  ${TESSERA_PAGES_DIR}/item_controls.cc
  ${TESSERA_PAGES_DIR}/message_pages.cc
  ${TESSERA_PAGES_DIR}/page_layout.cc
  ${TESSERA_PAGES_DIR}/problem_summary.cc
  ${TESSERA_PAGES_DIR}/review_page.cc
  ${TESSERA_PAGES_DIR}/survey_page.cc
  ${TESSERA_PAGES_DIR}/survey_view.cc
  ${TESSERA_ASSETS_GENERATED}
)

if(TARGET tessera_survey)
  target_link_libraries(tessera_server PUBLIC tessera::survey)
endif()
