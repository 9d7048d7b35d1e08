// UTF-8 checks for respondents' free text.
#ifndef TESSERA_SURVEY_UTF8_H_
#define TESSERA_SURVEY_UTF8_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace tessera::survey {

// The number of Unicode code points in `text`, or nullopt when it is not valid UTF-8
// (overlong forms, surrogates, code points above U+10FFFF and truncated sequences are invalid).
std::optional<size_t> CountCodePoints(std::string_view text);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_UTF8_H_
