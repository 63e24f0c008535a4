#pragma once
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>, which
// breaks under C++20 with GCC 12; include Asio through this header.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on
