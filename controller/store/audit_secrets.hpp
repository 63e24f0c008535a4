#pragma once
// The audit log must never hold a secret. Older daemons logged whole requests, with
// the clinician PIN in them; the store refuses such text instead of trusting every
// writer to strip it (migration 6 scrubs rows written before).

#include <string_view>

namespace tg::store {

// True when the text carries a PIN field: a JSON key "pin", or new_pin / old_pin in
// any form ("new_pin":..., new_pin=...).
bool mentions_pin_field(std::string_view text);

} // namespace tg::store
