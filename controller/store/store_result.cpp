#include "controller/store/store_result.hpp"

namespace tg::store {

const char* error_code_name(ErrorCode code) {
    switch (code) {
    case ErrorCode::invalid_argument:
        return "invalid_argument";
    case ErrorCode::not_found:
        return "not_found";
    case ErrorCode::already_exists:
        return "already_exists";
    case ErrorCode::conflict:
        return "conflict";
    case ErrorCode::permission_denied:
        return "permission_denied";
    case ErrorCode::database:
        return "database";
    }
    return "unknown";
}

} // namespace tg::store
