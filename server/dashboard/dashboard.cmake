# The diversity managers' dashboard pages (included from server/CMakeLists.txt): pure renderers
# that turn the engine's result JSON into complete HTML documents with inline SVG charts.
set(TESSERA_DASHBOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
target_sources(tessera_server PRIVATE
  ${TESSERA_DASHBOARD_DIR}/attitudes_page.cc
  ${TESSERA_DASHBOARD_DIR}/campaign_list_page.cc
  ${TESSERA_DASHBOARD_DIR}/capability_page.cc
  ${TESSERA_DASHBOARD_DIR}/dashboard_chrome.cc
  ${TESSERA_DASHBOARD_DIR}/dashboard_format.cc
  ${TESSERA_DASHBOARD_DIR}/evaluator_page.cc
  ${TESSERA_DASHBOARD_DIR}/not_released_page.cc
  ${TESSERA_DASHBOARD_DIR}/perspectives_page.cc
  ${TESSERA_DASHBOARD_DIR}/result_blocks.cc
  ${TESSERA_DASHBOARD_DIR}/svg_band_bars.cc
  ${TESSERA_DASHBOARD_DIR}/svg_common.cc
  ${TESSERA_DASHBOARD_DIR}/svg_diverging_bars.cc
  ${TESSERA_DASHBOARD_DIR}/svg_heatmap.cc
  ${TESSERA_DASHBOARD_DIR}/svg_intervals.cc
  ${TESSERA_DASHBOARD_DIR}/trends_page.cc
)
