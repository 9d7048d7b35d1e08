# CSV exports: responses, scores, summaries, the codebook and comments (added to tessera_engine).
target_sources(tessera_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/campaign_exporter.cc
  ${CMAKE_CURRENT_LIST_DIR}/codebook_export.cc
  ${CMAKE_CURRENT_LIST_DIR}/comments_export.cc
  ${CMAKE_CURRENT_LIST_DIR}/csv_writer.cc
  ${CMAKE_CURRENT_LIST_DIR}/export_kind.cc
  ${CMAKE_CURRENT_LIST_DIR}/report_groups.cc
  ${CMAKE_CURRENT_LIST_DIR}/response_columns.cc
  ${CMAKE_CURRENT_LIST_DIR}/responses_export.cc
  ${CMAKE_CURRENT_LIST_DIR}/scores_export.cc
  ${CMAKE_CURRENT_LIST_DIR}/summaries_export.cc
)
