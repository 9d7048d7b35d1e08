// The checks RFC 9112 asks of a request header that Boost.Beast's parser leaves to us, made as
// soon as the header is in (before any body is read):
// - Host: an HTTP/1.1 request without one, or any request with more than one, is 400
//   bad_request (RFC 9112 section 3.2);
// - Transfer-Encoding: the only coding implemented is chunked, so any other coding is 501
//   not_implemented (section 6.1), also when a Content-Length is present (Beast would frame such
//   a body by the Content-Length); chunked twice, an empty list, or a Transfer-Encoding in an
//   HTTP/1.0 request is faulty framing, 400 bad_request (sections 6.1 and 6.3).
// Either way the server closes the connection after answering.
#ifndef TESSERA_SERVER_HTTP_REQUEST_FRAMING_H_
#define TESSERA_SERVER_HTTP_REQUEST_FRAMING_H_

#include <optional>
#include <string_view>

#include "server/http/message.h"

namespace tessera::server {

struct FramingError {
  http::status status = http::status::bad_request;
  std::string_view code;
  std::string_view message;
};

// The reason to refuse `header`, or nullopt when it may be read and handled.
std::optional<FramingError> CheckRequestFraming(const http::request_header<>& header);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_REQUEST_FRAMING_H_
