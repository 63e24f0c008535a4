#pragma once
// Every store API returns a value or an Error: callers (daemon, CLI) never see an
// exception from the records layer, and the code says what kind of failure it was
// so the local API can map it to a reply.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tg::store {

enum class ErrorCode {
    invalid_argument,  // the caller passed a value the store refuses (NaN, empty name, ...)
    not_found,         // the runner/session/setting does not exist
    already_exists,    // a unique key (runner name, step seq) is taken
    conflict,          // the record is in the wrong state (e.g. steps after the session ended)
    permission_denied, // wrong clinician PIN
    database,          // SQLite or the file system failed
};

const char* error_code_name(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::database;
    std::string message;
};

// A value or an Error. Reading value() of a failed result is a programming error.
template <class T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(state_); }
    T& value() & { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

// Success, or an Error.
class Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

} // namespace tg::store
