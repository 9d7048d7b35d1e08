// Test helpers for streamed responses: a synchronous Beast client that reads a response body in
// pieces (so a 50 MB body is checked without being held), a deterministic byte source, and an
// FNV-1a checksum.
#ifndef TESSERA_TESTS_SERVER_HTTP_STREAM_STREAM_CLIENT_H_
#define TESSERA_TESTS_SERVER_HTTP_STREAM_STREAM_CLIENT_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "server/http/beast.h"
#include "server/http/message.h"

namespace tessera::server::testing {

// xorshift64*: the same seed gives the same bytes on the producer and the client.
class ByteSource {
 public:
  explicit ByteSource(std::uint64_t seed = 0x9E3779B97F4A7C15ull) : state_(seed) {}
  void Fill(char* out, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      if (left_ == 0) {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        word_ = state_ * 0x2545F4914F6CDD1Dull;
        left_ = 8;
      }
      out[i] = static_cast<char>(word_ & 0xFF);
      word_ >>= 8;
      --left_;
    }
  }

 private:
  std::uint64_t state_;
  std::uint64_t word_ = 0;
  int left_ = 0;
};

class Fnv1a {
 public:
  void Add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001B3ull;
    }
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xCBF29CE484222325ull;
};

struct ReceivedResponse {
  http::response_header<> head;
  bool header_read = false;
  bool complete = false;  // the whole message, terminating chunk included, was parsed
  bool chunked = false;
  boost::beast::error_code error;
  std::uint64_t bytes = 0;
  std::size_t chunks = 0;
  std::uint64_t max_chunk = 0;
};

// One connection.
class StreamClient {
 public:
  explicit StreamClient(unsigned short port) : socket_(context_) {
    socket_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  void SendGet(const std::string& target, unsigned version = 11) {
    Request request{http::verb::get, target, version};
    request.set(http::field::host, "127.0.0.1");
    request.prepare_payload();
    http::write(socket_, request);
  }

  void SendRaw(const std::string& bytes) {
    boost::asio::write(socket_, boost::asio::buffer(bytes));
  }

  // Reads one response; every body piece goes to `on_body` (return false to stop reading).
  ReceivedResponse Read(const std::function<bool(std::string_view)>& on_body = nullptr) {
    ReceivedResponse received;
    http::response_parser<http::buffer_body> parser;
    // Not boost::none: Boost 1.74 then rejects every response with a Content-Length.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    auto on_chunk = [&received](std::uint64_t size, boost::beast::string_view,
                                boost::beast::error_code&) {
      if (size == 0) return;
      ++received.chunks;
      if (size > received.max_chunk) received.max_chunk = size;
    };
    parser.on_chunk_header(on_chunk);
    http::read_header(socket_, buffer_, parser, received.error);
    if (received.error) return received;
    received.header_read = true;
    received.head = parser.get().base();
    received.chunked = parser.chunked();
    while (!parser.is_done()) {
      parser.get().body().data = piece_.data();
      parser.get().body().size = piece_.size();
      http::read(socket_, buffer_, parser, received.error);
      if (received.error == http::error::need_buffer) received.error = {};
      const std::size_t size = piece_.size() - parser.get().body().size;
      received.bytes += size;
      if (size > 0 && on_body && !on_body(std::string_view(piece_.data(), size))) {
        return received;
      }
      if (received.error) return received;
    }
    received.complete = true;
    return received;
  }

  // True when the server has closed the connection (reads end of stream or reset).
  bool ServerClosed() {
    char byte = 0;
    boost::beast::error_code ec;
    socket_.read_some(boost::asio::buffer(&byte, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

  void Close() {
    boost::beast::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::array<char, 64 * 1024> piece_{};
};

}  // namespace tessera::server::testing

#endif  // TESSERA_TESTS_SERVER_HTTP_STREAM_STREAM_CLIENT_H_
