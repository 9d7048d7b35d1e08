// One problem found in an instrument document: FILE: /json/pointer: message.
#ifndef TESSERA_INSTRUMENTS_DIAGNOSTIC_H_
#define TESSERA_INSTRUMENTS_DIAGNOSTIC_H_

#include <string>
#include <string_view>
#include <vector>

namespace tessera::instruments {

struct Diagnostic {
  std::string file;
  std::string pointer;  // JSON pointer (RFC 6901); empty means the whole document
  std::string message;

  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string PointerAppend(std::string_view pointer, std::string_view token);
std::string PointerAppend(std::string_view pointer, size_t index);

}  // namespace tessera::instruments

#endif  // TESSERA_INSTRUMENTS_DIAGNOSTIC_H_
