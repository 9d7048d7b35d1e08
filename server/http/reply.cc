#include "server/http/reply.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <string>
#include <string_view>

namespace tessera::server {

void Reply::operator()(Response response) const {
  if (respond_) respond_(std::move(response));
}

void Reply::Stream(StreamedResponse response) const {
  if (stream_) return stream_(std::move(response));
  if (!respond_) return;
  // No connection behind this Reply: collect the body and answer with it whole.
  Response whole = std::move(response.head);
  const unsigned version = whole.version();
  const bool keep_alive = whole.keep_alive();
  std::string body;
  Status status = Status::Internal("no body producer");
  if (response.producer) {
    const ChunkWriter write = [&body](std::string_view chunk) {
      body.append(chunk);
      return true;
    };
    try {
      status = response.producer(write);
    } catch (const std::exception& error) {
      status = Status::Internal(error.what());
    } catch (...) {
      status = Status::Internal("non-standard exception");
    }
  }
  if (!status.ok()) {
    spdlog::error("http streamed body failed: {}", status.ToString());
    respond_(JsonError(http::status::internal_server_error, error_code::kInternal, "internal error",
                       {}, version, keep_alive));
    return;
  }
  whole.body() = std::move(body);
  whole.prepare_payload();
  respond_(std::move(whole));
}

}  // namespace tessera::server
