# The respondent-side services and imports (added to tessera_engine).
target_sources(tessera_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/burst_detector.cc
  ${CMAKE_CURRENT_LIST_DIR}/burst_watch.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_instrument.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_instrument_cache.cc
  ${CMAKE_CURRENT_LIST_DIR}/campaign_results.cc
  ${CMAKE_CURRENT_LIST_DIR}/csv_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/link_usage.cc
  ${CMAKE_CURRENT_LIST_DIR}/live_statistics.cc
  ${CMAKE_CURRENT_LIST_DIR}/plan_codec.cc
  ${CMAKE_CURRENT_LIST_DIR}/response_import.cc
  ${CMAKE_CURRENT_LIST_DIR}/submission_queue.cc
  ${CMAKE_CURRENT_LIST_DIR}/survey_intake.cc
)
find_package(Threads REQUIRED)
target_link_libraries(tessera_engine PUBLIC tessera::survey tessera::scoring Threads::Threads)
