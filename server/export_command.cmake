# `tessera export` (added to tessera_server).
target_sources(tessera_server PRIVATE ${CMAKE_CURRENT_LIST_DIR}/export_command.cc)
