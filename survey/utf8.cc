#include "survey/utf8.h"

#include <cstdint>
#include <cstdio>

namespace tessera::survey {

std::optional<size_t> CountCodePoints(std::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<uint8_t>(text[i]);
    size_t length = 0;
    uint32_t code_point = 0;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07u;
    } else {
      return std::nullopt;  // a continuation byte or 0xF8..0xFF where a sequence should start
    }
    if (text.size() - i < length) return std::nullopt;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length]) return std::nullopt;  // overlong
    if (code_point > 0x10FFFF) return std::nullopt;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return std::nullopt;  // surrogate
    i += length;
    ++count;
  }
  return count;
}

std::optional<char32_t> FindControlCharacter(std::string_view text, TextKind kind) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<uint8_t>(text[i]);
    if (byte < 0x20) {
      if (kind == TextKind::kMultiLine && (byte == '\t' || byte == '\n')) continue;
      return static_cast<char32_t>(byte);
    }
    if (byte == 0x7F) return U'\x7F';
    // U+0080..U+009F are C2 80..C2 9F; in valid UTF-8 a C2 byte always starts a sequence.
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<uint8_t>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return static_cast<char32_t>(next);
    }
  }
  return std::nullopt;
}

std::string NormaliseLineBreaks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string CodePointName(char32_t code_point) {
  char name[16];
  std::snprintf(name, sizeof(name), "U+%04X", static_cast<unsigned>(code_point));
  return name;
}

Status CheckSingleLineText(std::string_view text, std::string_view what, std::string pointer) {
  if (!CountCodePoints(text)) {
    return Status::InvalidArgument(std::string(what) + " is not valid UTF-8", std::move(pointer));
  }
  if (const std::optional<char32_t> control = FindControlCharacter(text, TextKind::kSingleLine)) {
    return Status::InvalidArgument(std::string(what) + " contains a control character (" +
                                       CodePointName(*control) + "), which cannot be stored",
                                   std::move(pointer));
  }
  return Status::Ok();
}

}  // namespace tessera::survey
