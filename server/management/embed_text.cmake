# Writes OUTPUT: a C++ source defining `std::string_view FUNCTION()` in namespace
# tessera::server that returns the bytes of INPUT (run with cmake -P at build time).
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT}; do not edit.\n"
  "#include <string_view>\n"
  "namespace tessera::server {\n"
  "namespace {\nconstexpr unsigned char kBytes[] = {${bytes}};\n}  // namespace\n"
  "std::string_view ${FUNCTION}() {\n  return std::string_view(reinterpret_cast<const char*>(kBytes), sizeof(kBytes));\n}\n"
  "}  // namespace tessera::server\n")
