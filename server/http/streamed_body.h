// Streamed (chunked) responses: a header followed by a body produced in pieces by a producer
// running on its own worker thread, so a handler can send a body of any size with flat memory.
// A handler sends one with Reply::Stream (server/http/reply.h).
#ifndef TESSERA_SERVER_HTTP_STREAMED_BODY_H_
#define TESSERA_SERVER_HTTP_STREAMED_BODY_H_

#include <functional>
#include <string_view>

#include "instruments/status.h"
#include "server/http/message.h"

namespace tessera::server {

// Writes the next piece of the body. It blocks while the connection's buffer is full
// (backpressure: at most kStreamQueueChunks chunks of up to kStreamChunkBytes are queued) and
// returns false once the client has gone, the connection timed out or the server is stopping;
// the producer should then return. Empty pieces are ignored (they return true).
using ChunkWriter = std::function<bool(std::string_view chunk)>;

// Called on a worker thread (NOT an io_context thread); writes the body in pieces with `write`
// and returns when done. A non-OK Status returned before any byte reached the client becomes a
// 500 internal JSON error; returned after some bytes were sent, it aborts the connection
// without the terminating chunk (the client sees an incomplete transfer, never a silently
// truncated file). An exception thrown by the producer counts as a non-OK Status.
using BodyProducer = std::function<Status(const ChunkWriter& write)>;

// The head's status and fields (Content-Type, Content-Disposition, ...) are sent as they are,
// plus the standard headers (Cache-Control: no-store unless the head sets one); its body and
// any Content-Length are ignored. HTTP/1.1 clients get Transfer-Encoding: chunked; HTTP/1.0
// clients get the raw body and Connection: close.
struct StreamedResponse {
  Response head;
  BodyProducer producer;
};

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_STREAMED_BODY_H_
