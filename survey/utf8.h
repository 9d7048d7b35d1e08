// UTF-8 and control-character checks for text people type: respondents' free text, and the
// names and titles managers give organisations, teams and campaigns.
//
// Control characters are the C0 controls U+0000–U+001F, DEL U+007F and the C1 controls
// U+0080–U+009F. None has a place in text a person writes, and each can do harm where the text
// is shown later: NUL cuts strings short in other programs, ESC starts terminal escape sequences
// in a CLI listing, C1 U+009B is a one-character CSI, and all of them reach spreadsheets and
// dashboards raw. Multi-line text (free-text answers) may hold tab and line feed; carriage
// returns are first turned into line feeds (NormaliseLineBreaks: browsers send a textarea's
// line breaks as CR LF). One-line text (names, titles) may hold none of them.
#ifndef TESSERA_SURVEY_UTF8_H_
#define TESSERA_SURVEY_UTF8_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "instruments/status.h"

namespace tessera::survey {

// The number of Unicode code points in `text`, or nullopt when it is not valid UTF-8
// (overlong forms, surrogates, code points above U+10FFFF and truncated sequences are invalid).
std::optional<size_t> CountCodePoints(std::string_view text);

enum class TextKind {
  kMultiLine,   // tab and line feed allowed
  kSingleLine,  // no control character at all
};

// The first control character in `text` that `kind` does not allow, or nullopt. A carriage
// return counts as one: normalise line breaks first where they are wanted. Reads bytes, so it
// answers for any input; on valid UTF-8 it finds exactly the code points above.
std::optional<char32_t> FindControlCharacter(std::string_view text, TextKind kind);

// `text` with every CR LF pair and every lone CR turned into LF.
std::string NormaliseLineBreaks(std::string_view text);

// "U+001B": how messages name a code point.
std::string CodePointName(char32_t code_point);

// Checks a one-line name or title entered by a user ("organisation name"): valid UTF-8 without
// control characters. kInvalidArgument with `pointer` and a message that starts with `what`.
Status CheckSingleLineText(std::string_view text, std::string_view what, std::string pointer);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_UTF8_H_
