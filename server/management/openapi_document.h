// The OpenAPI 3.1 description of Tessera's HTTP API (docs/openapi.json, compiled into the
// binary at build time and served at /api/v1/openapi.json).
#ifndef TESSERA_SERVER_MANAGEMENT_OPENAPI_DOCUMENT_H_
#define TESSERA_SERVER_MANAGEMENT_OPENAPI_DOCUMENT_H_

#include <string_view>

namespace tessera::server {

std::string_view OpenApiDocument();

}  // namespace tessera::server

#endif  // TESSERA_SERVER_MANAGEMENT_OPENAPI_DOCUMENT_H_
