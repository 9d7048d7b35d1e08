// Strict reading of a JSON request body. RFC 8259 leaves the meaning of an object that names
// the same key twice to the reader, and nlohmann::json silently keeps the last value, so a body
// such as {"answers": {"DIV-01": 1, "DIV-01": 5}} would be taken as 5 while another reader (a
// proxy, a log, an audit tool) sees 1. A body with a repeated key in any of its objects is
// refused instead, naming the repeated key by its JSON pointer.
#ifndef TESSERA_SURVEY_REQUEST_JSON_H_
#define TESSERA_SURVEY_REQUEST_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tessera::survey {

struct RequestJson {
  enum class Error {
    kNone,
    kNotJson,       // not one JSON text
    kDuplicateKey,  // valid JSON, but an object repeats a key
  };
  Error error = Error::kNone;
  nlohmann::json value;  // the body when error is kNone
  // kDuplicateKey: the JSON pointer of the first repeated key, e.g. "/answers/DIV-01". A key
  // shaped like a survey token is written "[token]", as in answer problems.
  std::string pointer;

  bool ok() const { return error == Error::kNone; }
};

RequestJson ParseRequestJson(std::string_view text);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_REQUEST_JSON_H_
