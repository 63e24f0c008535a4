#include "controller/store/sqlite_query.hpp"
#include "controller/store/store.hpp"

namespace tg::store {

Status Store::set_setting(std::string_view key, std::string_view value) {
    if (key.empty()) return make_error(ErrorCode::invalid_argument, "setting key is empty");
    return sqlite::execute(connection_,
                           "INSERT INTO settings (key, value) VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           key, value);
}

Result<std::optional<std::string>> Store::setting(std::string_view key) {
    auto stmt = sqlite::prepare_bound(connection_, "SELECT value FROM settings WHERE key = ?", key);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value()) return std::optional<std::string>{};
    return std::optional<std::string>{stmt->column_text(0)};
}

} // namespace tg::store
