// A small synchronous Beast client for tests against a real server on 127.0.0.1.
#ifndef TESSERA_TESTS_SERVER_HTTP_TEST_CLIENT_H_
#define TESSERA_TESTS_SERVER_HTTP_TEST_CLIENT_H_

#include <string>

#include "server/http/beast.h"
#include "server/http/message.h"

namespace tessera::server::testing {

// One connection; requests are sent in turn.
class TestClient {
 public:
  explicit TestClient(unsigned short port) : socket_(context_) {
    socket_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  Response Send(Request request) {
    request.set(http::field::host, "127.0.0.1");
    request.prepare_payload();
    http::write(socket_, request);
    return Read();
  }

  void SendRaw(const std::string& bytes) {
    boost::asio::write(socket_, boost::asio::buffer(bytes));
  }

  Response Read() {
    Response response;
    http::read(socket_, buffer_, response);
    return response;
  }

  // True when the server has closed the connection (reads end of stream or reset).
  bool ServerClosed() {
    char byte = 0;
    boost::beast::error_code ec;
    socket_.read_some(boost::asio::buffer(&byte, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace tessera::server::testing

#endif  // TESSERA_TESTS_SERVER_HTTP_TEST_CLIENT_H_
