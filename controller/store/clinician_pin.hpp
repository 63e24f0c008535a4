#pragma once
// The clinician PIN that guards raising caps and assigning profiles. Only an
// Argon2id hash (libsodium crypto_pwhash_str: random salt, cost parameters inside
// the string) is kept, in the store's settings table; the PIN itself never is.

#include "controller/store/store.hpp"
#include "controller/store/store_result.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace tg::store {

// Work factors of the hash. Production uses interactive(); tests may use minimum()
// so hashing a PIN takes microseconds instead of a few hundred milliseconds.
struct PinHashCost {
    unsigned long long opslimit = 0;
    std::size_t memlimit = 0;

    static PinHashCost interactive();
    static PinHashCost minimum();
};

inline constexpr std::string_view clinician_pin_setting = "clinician_pin_hash";

// A PIN is 4 to 12 decimal digits.
Status validate_pin_format(std::string_view pin);

Result<bool> has_clinician_pin(Store& store);

// Sets or changes the PIN. Once a PIN is set, old_pin must match it
// (permission_denied otherwise).
Status set_clinician_pin(Store& store, std::string_view new_pin,
                         std::optional<std::string_view> old_pin,
                         const PinHashCost& cost = PinHashCost::interactive());

// true if `pin` matches, false if it does not; not_found if no PIN was ever set.
Result<bool> verify_clinician_pin(Store& store, std::string_view pin);

} // namespace tg::store
