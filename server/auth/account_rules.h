// How account emails are written: trimmed, lower-cased (ASCII) and checked for shape.
#ifndef TESSERA_SERVER_AUTH_ACCOUNT_RULES_H_
#define TESSERA_SERVER_AUTH_ACCOUNT_RULES_H_

#include <string>
#include <string_view>

#include "instruments/status.h"

namespace tessera::server {

// The email as stored: surrounding spaces removed, ASCII letters lower-cased. kInvalidArgument
// when it is not one "local@domain" address of at most 254 bytes without spaces or controls.
Result<std::string> NormaliseEmail(std::string_view email);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_AUTH_ACCOUNT_RULES_H_
