#pragma once
// A value or a LinkError. C++20 has no std::expected; this is the small subset we need.
#include "drivers/modbus/link_error.hpp"

#include <cassert>
#include <utility>
#include <variant>

namespace tg::modbus {

template <class T>
class [[nodiscard]] LinkResult {
public:
    LinkResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    LinkResult(LinkError error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const {
        assert(ok());
        return std::get<0>(v_);
    }
    T& value() {
        assert(ok());
        return std::get<0>(v_);
    }
    const LinkError& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }

private:
    std::variant<T, LinkError> v_;
};

struct Done {};
using LinkStatus = LinkResult<Done>;

} // namespace tg::modbus
