#include "scoring/answer_view.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace tessera::scoring {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The high bit of every byte of `word` that is zero (exact: no false positives).
uint64_t ZeroBytes(uint64_t word) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((word & kLow7) + kLow7) | word | kLow7);
}

// The high bit of every byte of `word` below 0x20 (exact).
uint64_t BytesBelow0x20(uint64_t word) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  // A byte b < 0x20 has b + 0x60 < 0x80 in its low seven bits and no high bit of its own.
  return ~(((word & kLow7) + 0x6060606060606060ull) | word | kLow7);
}

// The high bit of every byte of `word` at 0x80 or above (UTF-8 beyond ASCII).
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Steps over one well-formed UTF-8 sequence of two to four bytes starting at `at` (its first
// byte is 0x80 or above), as RFC 3629 and nlohmann::json's lexer define it: no overlong forms,
// no surrogates, nothing above U+10FFFF. False, with `at` unchanged, for anything else.
bool SkipUtf8(const char*& at, const char* end) {
  const auto byte = [&](ptrdiff_t i) { return static_cast<unsigned char>(at[i]); };
  const unsigned char lead = byte(0);
  int length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return false;
  }
  if (end - at < length || byte(1) < low || byte(1) > high) return false;
  for (int i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return false;
  }
  at += length;
  return true;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace

bool AnswerView::Parse(std::string_view json) {
  entries_.clear();
  elements_.clear();
  decoded_.clear();
  decoded_.reserve(json.size());
  at_ = json.data();
  end_ = json.data() + json.size();
  auto fail = [this] {
    entries_.clear();
    elements_.clear();
    return false;
  };
  SkipSpace();
  if (at_ == end_ || *at_ != '{') return fail();
  ++at_;
  SkipSpace();
  if (at_ < end_ && *at_ == '}') {
    ++at_;
  } else {
    for (;;) {
      SkipSpace();
      Entry entry;
      if (!ParseString(entry.item_id)) return fail();
      SkipSpace();
      if (at_ == end_ || *at_ != ':') return fail();
      ++at_;
      SkipSpace();
      if (!ParseValue(entry.value, false)) return fail();
      entry.hash = HashItemId(entry.item_id);
      entries_.push_back(entry);
      SkipSpace();
      if (at_ == end_) return fail();
      if (*at_ == ',') {
        ++at_;
        continue;
      }
      if (*at_ != '}') return fail();
      ++at_;
      break;
    }
  }
  SkipSpace();
  if (at_ != end_) return fail();
  return true;
}

bool AnswerView::ParseString(std::string_view& text) {
  if (at_ == end_ || *at_ != '"') return false;
  const char* start = ++at_;
  // The common case: no escapes, the text is a view into the input. Eight bytes at a time:
  // stop at the first quote, backslash, control character or byte beyond ASCII; a byte beyond
  // ASCII starts a UTF-8 sequence, checked as nlohmann::json checks it, after which the eight-
  // byte steps resume.
  for (;;) {
    while (std::endian::native == std::endian::little && end_ - at_ >= 8) {
      uint64_t word;
      std::memcpy(&word, at_, 8);
      const uint64_t special = ZeroBytes(word ^ 0x2222222222222222ull) |
                               ZeroBytes(word ^ 0x5C5C5C5C5C5C5C5Cull) | BytesBelow0x20(word) |
                               (word & kHighBits);
      if (special != 0) {
        at_ += std::countr_zero(special) / 8;
        break;
      }
      at_ += 8;
    }
    if (at_ == end_ || static_cast<unsigned char>(*at_) < 0x80) break;
    if (!SkipUtf8(at_, end_)) return false;
  }
  while (at_ < end_ && *at_ != '"' && *at_ != '\\') {
    const auto byte = static_cast<unsigned char>(*at_);
    if (byte < 0x20) return false;
    if (byte < 0x80) {
      ++at_;
    } else if (!SkipUtf8(at_, end_)) {
      return false;
    }
  }
  if (at_ == end_) return false;
  if (*at_ == '"') {
    text = std::string_view(start, static_cast<size_t>(at_ - start));
    ++at_;
    return true;
  }
  const size_t decoded_start = decoded_.size();
  decoded_.append(start, at_);
  while (at_ < end_ && *at_ != '"') {
    if (static_cast<unsigned char>(*at_) >= 0x80) {
      const char* from = at_;
      if (!SkipUtf8(at_, end_)) return false;
      decoded_.append(from, at_);
      continue;
    }
    const char c = *at_++;
    if (static_cast<unsigned char>(c) < 0x20) return false;
    if (c != '\\') {
      decoded_.push_back(c);
      continue;
    }
    if (at_ == end_) return false;
    switch (*at_++) {
      case '"':
        decoded_.push_back('"');
        break;
      case '\\':
        decoded_.push_back('\\');
        break;
      case '/':
        decoded_.push_back('/');
        break;
      case 'b':
        decoded_.push_back('\b');
        break;
      case 'f':
        decoded_.push_back('\f');
        break;
      case 'n':
        decoded_.push_back('\n');
        break;
      case 'r':
        decoded_.push_back('\r');
        break;
      case 't':
        decoded_.push_back('\t');
        break;
      case 'u': {
        auto read_unit = [this](uint32_t& unit) {
          if (end_ - at_ < 4) return false;
          unit = 0;
          for (int i = 0; i < 4; ++i) {
            const int digit = HexDigit(at_[i]);
            if (digit < 0) return false;
            unit = unit * 16 + static_cast<uint32_t>(digit);
          }
          at_ += 4;
          return true;
        };
        uint32_t unit = 0;
        if (!read_unit(unit)) return false;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low one.
          if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
          at_ += 2;
          uint32_t low = 0;
          if (!read_unit(low) || low < 0xDC00 || low > 0xDFFF) return false;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
          return false;
        }
        AppendUtf8(decoded_, unit);
        break;
      }
      default:
        return false;
    }
  }
  if (at_ == end_) return false;
  ++at_;
  text = std::string_view(decoded_.data() + decoded_start, decoded_.size() - decoded_start);
  return true;
}

bool AnswerView::ParseNumber(AnswerValue& value) {
  // JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  const char* start = at_;
  const bool negative = at_ < end_ && *at_ == '-';
  if (negative) ++at_;
  if (at_ == end_ || *at_ < '0' || *at_ > '9') return false;
  // The integer part, accumulated as it is read (answers are mostly small integers).
  uint64_t magnitude = 0;
  int digits = 0;
  if (*at_ == '0') {
    ++at_;
    digits = 1;
  } else {
    while (at_ < end_ && *at_ >= '0' && *at_ <= '9') {
      magnitude = magnitude * 10 + static_cast<uint64_t>(*at_ - '0');
      ++digits;
      ++at_;
    }
  }
  auto skip_digits = [this] {
    const char* from = at_;
    while (at_ < end_ && *at_ >= '0' && *at_ <= '9') ++at_;
    return at_ > from;
  };
  bool integral = true;
  if (at_ < end_ && *at_ == '.') {
    ++at_;
    integral = false;
    if (!skip_digits()) return false;
  }
  if (at_ < end_ && (*at_ == 'e' || *at_ == 'E')) {
    ++at_;
    integral = false;
    if (at_ < end_ && (*at_ == '+' || *at_ == '-')) ++at_;
    if (!skip_digits()) return false;
  }
  if (integral && digits <= 18) {  // no overflow below 10^18
    value.kind = AnswerValue::Kind::kInteger;
    value.integer = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    value.number = static_cast<double>(value.integer);
    return true;
  }
  if (integral) {
    int64_t integer = 0;
    const auto result = std::from_chars(start, at_, integer);
    if (result.ec == std::errc() && result.ptr == at_) {
      value.kind = AnswerValue::Kind::kInteger;
      value.integer = integer;
      value.number = static_cast<double>(integer);
      return true;
    }
  }
  // Beyond int64, or with a fraction or exponent: a double, as strtod reads it. Like
  // nlohmann::json, a number too large for a double ("1e400") is not read as infinity.
  const std::string token(start, at_);
  value.kind = AnswerValue::Kind::kNumber;
  value.number = std::strtod(token.c_str(), nullptr);
  return std::isfinite(value.number);
}

bool AnswerView::ParseValue(AnswerValue& value, bool in_array) {
  value = AnswerValue();
  if (at_ == end_) return false;
  auto literal = [this](std::string_view word) {
    if (static_cast<size_t>(end_ - at_) < word.size() ||
        std::string_view(at_, word.size()) != word) {
      return false;
    }
    at_ += word.size();
    return true;
  };
  switch (*at_) {
    case '"':
      value.kind = AnswerValue::Kind::kString;
      return ParseString(value.text);
    case 'n':
      value.kind = AnswerValue::Kind::kNull;
      return literal("null");
    case 't':
      value.kind = AnswerValue::Kind::kBool;
      value.boolean = true;
      return literal("true");
    case 'f':
      value.kind = AnswerValue::Kind::kBool;
      return literal("false");
    case '[': {
      if (in_array) return false;
      ++at_;
      value.kind = AnswerValue::Kind::kArray;
      value.first = static_cast<uint32_t>(elements_.size());
      SkipSpace();
      if (at_ < end_ && *at_ == ']') {
        ++at_;
        return true;
      }
      for (;;) {
        SkipSpace();
        AnswerValue element;
        if (!ParseValue(element, true)) return false;
        elements_.push_back(element);
        SkipSpace();
        if (at_ == end_) return false;
        if (*at_ == ',') {
          ++at_;
          continue;
        }
        if (*at_ != ']') return false;
        ++at_;
        break;
      }
      value.count = static_cast<uint32_t>(elements_.size()) - value.first;
      return true;
    }
    default:
      if (*at_ == '-' || (*at_ >= '0' && *at_ <= '9')) return ParseNumber(value);
      return false;  // an object, or not JSON
  }
}

void AnswerView::FromJson(const nlohmann::json& answers) {
  entries_.clear();
  elements_.clear();
  decoded_.clear();
  if (!answers.is_object()) return;
  auto convert = [](const nlohmann::json& json, AnswerValue& value) {
    value = AnswerValue();
    switch (json.type()) {
      case nlohmann::json::value_t::null:
        value.kind = AnswerValue::Kind::kNull;
        return;
      case nlohmann::json::value_t::boolean:
        value.kind = AnswerValue::Kind::kBool;
        value.boolean = json.get<bool>();
        return;
      case nlohmann::json::value_t::number_integer:
        value.kind = AnswerValue::Kind::kInteger;
        value.integer = json.get<int64_t>();
        value.number = static_cast<double>(value.integer);
        return;
      case nlohmann::json::value_t::number_unsigned:
        if (json.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          value.kind = AnswerValue::Kind::kInteger;
          value.integer = json.get<int64_t>();
          value.number = static_cast<double>(value.integer);
        } else {
          value.kind = AnswerValue::Kind::kNumber;
          value.number = static_cast<double>(json.get<uint64_t>());
        }
        return;
      case nlohmann::json::value_t::number_float:
        value.kind = AnswerValue::Kind::kNumber;
        value.number = json.get<double>();
        return;
      case nlohmann::json::value_t::string:
        value.kind = AnswerValue::Kind::kString;
        value.text = json.get_ref<const std::string&>();
        return;
      default:
        value.kind = AnswerValue::Kind::kOther;
        return;
    }
  };
  for (const auto& [item_id, answer] : answers.get_ref<const nlohmann::json::object_t&>()) {
    Entry entry;
    entry.item_id = item_id;
    entry.hash = HashItemId(item_id);
    if (answer.is_array()) {
      entry.value.kind = AnswerValue::Kind::kArray;
      entry.value.first = static_cast<uint32_t>(elements_.size());
      for (const nlohmann::json& element : answer) {
        AnswerValue converted;
        convert(element, converted);
        if (element.is_array()) converted.kind = AnswerValue::Kind::kOther;
        elements_.push_back(converted);
      }
      entry.value.count = static_cast<uint32_t>(elements_.size()) - entry.value.first;
    } else {
      convert(answer, entry.value);
    }
    entries_.push_back(entry);
  }
}

bool AnswerView::Read(std::string_view json, nlohmann::json& holder) {
  if (Parse(json)) return true;
  holder = nlohmann::json::parse(json, nullptr, false);
  if (holder.is_discarded()) return false;
  FromJson(holder);
  return true;
}

const AnswerValue* AnswerView::Find(std::string_view item_id) const {
  const uint64_t hash = HashItemId(item_id);
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->hash == hash && it->item_id == item_id) return &it->value;
  }
  return nullptr;
}

}  // namespace tessera::scoring
