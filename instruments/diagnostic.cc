#include "instruments/diagnostic.h"

namespace tessera::instruments {

std::string Diagnostic::ToString() const {
  if (pointer.empty()) return file + ": " + message;  // about the whole document
  return file + ": " + pointer + ": " + message;
}

std::string PointerAppend(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PointerAppend(std::string_view pointer, size_t index) {
  return PointerAppend(pointer, std::to_string(index));
}

}  // namespace tessera::instruments
