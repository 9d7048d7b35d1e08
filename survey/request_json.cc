#include "survey/request_json.h"

#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include "instruments/diagnostic.h"
#include "survey/token.h"

namespace tessera::survey {
namespace {

using nlohmann::json;

// Where the parser is: one frame per open object or array.
struct Frame {
  bool object = false;
  std::unordered_set<std::string> keys;  // objects: the keys read so far
  std::string key;                       // objects: the key of the value being read
  size_t index = 0;                      // arrays: the index of the element being read
};

std::string PointerOf(const std::vector<Frame>& stack) {
  std::string pointer;
  for (const Frame& frame : stack) {
    if (frame.object) {
      pointer =
          instruments::PointerAppend(pointer, LooksLikeToken(frame.key) ? "[token]" : frame.key);
    } else {
      pointer = instruments::PointerAppend(pointer, frame.index);
    }
  }
  return pointer;
}

}  // namespace

RequestJson ParseRequestJson(std::string_view text) {
  std::vector<Frame> stack;
  std::optional<std::string> duplicate;
  auto element_read = [&stack] {
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
  };
  // Keeps every value; only watches keys. Events: object_start / array_start when a container
  // opens, key before each member's value, value after each scalar, object_end / array_end.
  const json::parser_callback_t watch = [&](int /*depth*/, json::parse_event_t event,
                                            json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        stack.push_back(Frame{true, {}, {}, 0});
        break;
      case json::parse_event_t::array_start:
        stack.push_back(Frame{false, {}, {}, 0});
        break;
      case json::parse_event_t::key: {
        Frame& top = stack.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second && !duplicate) duplicate = PointerOf(stack);
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        stack.pop_back();
        element_read();
        break;
      case json::parse_event_t::value:
        element_read();
        break;
    }
    return true;
  };
  RequestJson result;
  result.value = json::parse(text, watch, /*allow_exceptions=*/false);
  if (result.value.is_discarded()) {
    result.error = RequestJson::Error::kNotJson;
    result.value = nullptr;
  } else if (duplicate) {
    result.error = RequestJson::Error::kDuplicateKey;
    result.pointer = std::move(*duplicate);
    result.value = nullptr;
  }
  return result;
}

}  // namespace tessera::survey
