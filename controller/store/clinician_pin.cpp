#include "controller/store/clinician_pin.hpp"

#include <algorithm>
#include <array>
#include <sodium.h>
#include <string>

namespace tg::store {

namespace {

constexpr std::size_t min_pin_digits = 4;
constexpr std::size_t max_pin_digits = 12;

Status init_sodium() {
    if (sodium_init() < 0) return make_error(ErrorCode::database, "libsodium failed to initialise");
    return {};
}

Result<std::string> hash_pin(std::string_view pin, const PinHashCost& cost) {
    std::array<char, crypto_pwhash_STRBYTES> hash{};
    if (crypto_pwhash_str(hash.data(), pin.data(), pin.size(), cost.opslimit, cost.memlimit) != 0)
        return make_error(ErrorCode::database,
                          "hashing the PIN failed (out of memory, or cost limits out of range)");
    return std::string(hash.data());
}

} // namespace

PinHashCost PinHashCost::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PinHashCost PinHashCost::minimum() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Status validate_pin_format(std::string_view pin) {
    const bool digits =
        std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < min_pin_digits || pin.size() > max_pin_digits)
        return make_error(ErrorCode::invalid_argument,
                          "a clinician PIN is " + std::to_string(min_pin_digits) + " to " +
                              std::to_string(max_pin_digits) + " decimal digits");
    return {};
}

Result<bool> has_clinician_pin(Store& store) {
    auto stored = store.setting(clinician_pin_setting);
    if (!stored) return stored.error();
    return stored->has_value();
}

Result<bool> verify_clinician_pin(Store& store, std::string_view pin) {
    if (auto status = init_sodium(); !status) return status.error();
    auto stored = store.setting(clinician_pin_setting);
    if (!stored) return stored.error();
    if (!stored->has_value())
        return make_error(ErrorCode::not_found, "no clinician PIN has been set");
    const std::string& hash = *stored.value();
    if (hash.size() >= crypto_pwhash_STRBYTES)
        return make_error(ErrorCode::database, "the stored clinician PIN hash is malformed");
    // A malformed PIN cannot match; hashing it anyway keeps the timing uniform.
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

Status set_clinician_pin(Store& store, std::string_view new_pin,
                         std::optional<std::string_view> old_pin, const PinHashCost& cost) {
    if (auto status = init_sodium(); !status) return status;
    if (auto status = validate_pin_format(new_pin); !status) return status;
    auto existing = has_clinician_pin(store);
    if (!existing) return existing.error();
    if (existing.value()) {
        if (!old_pin)
            return make_error(ErrorCode::permission_denied,
                              "changing the clinician PIN needs the current PIN");
        auto matches = verify_clinician_pin(store, *old_pin);
        if (!matches) return matches.error();
        if (!matches.value())
            return make_error(ErrorCode::permission_denied, "the current clinician PIN is wrong");
    }
    auto hash = hash_pin(new_pin, cost);
    if (!hash) return hash.error();
    return store.set_setting(clinician_pin_setting, hash.value());
}

} // namespace tg::store
