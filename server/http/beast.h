// The one place Boost.Beast and Boost.Asio are included. Debian 12's Boost 1.74 Asio uses
// std::exchange (awaitable.hpp) without including <utility>, which breaks under C++20 unless
// <utility> comes first. Include this header instead of any Boost.Beast/Asio header.
#ifndef TESSERA_SERVER_HTTP_BEAST_H_
#define TESSERA_SERVER_HTTP_BEAST_H_

// clang-format off
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#endif  // TESSERA_SERVER_HTTP_BEAST_H_
