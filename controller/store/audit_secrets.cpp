#include "controller/store/audit_secrets.hpp"

#include <array>

namespace tg::store {

bool mentions_pin_field(std::string_view text) {
    constexpr std::array<std::string_view, 3> markers{"\"pin\"", "new_pin", "old_pin"};
    for (std::string_view marker : markers)
        if (text.find(marker) != std::string_view::npos) return true;
    return false;
}

} // namespace tg::store
