#include "server/pages/form_parsing.h"

namespace tessera::server::pages {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      const int high = i + 1 < text.size() ? HexDigit(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        out += c;
        continue;
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

FormFields ParseForm(std::string_view body) {
  FormFields fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view piece = body.substr(start, end - start);
    if (!piece.empty()) {
      const size_t equals = piece.find('=');
      if (equals == std::string_view::npos) {
        fields[FormDecode(piece)].emplace_back();
      } else {
        fields[FormDecode(piece.substr(0, equals))].push_back(FormDecode(piece.substr(equals + 1)));
      }
    }
    start = end + 1;
  }
  return fields;
}

std::string FirstValue(const FormFields& form, const std::string& name) {
  const auto it = form.find(name);
  if (it == form.end() || it->second.empty()) return "";
  return it->second.front();
}

}  // namespace tessera::server::pages
