#pragma once
// Reads the [clinic] table of the controller configuration: bounds checked, unknown keys
// refused (by the caller's section reader), paths relative to the config file's folder.
#include "controller/clinic_sync/clinic_settings.hpp"
#include "drivers/devicemap/toml_fields.hpp"

#include <filesystem>

namespace tg::clinic_sync {

ClinicSettings read_clinic_settings(devicemap::TomlFields& fields,
                                    const std::filesystem::path& config_dir);

} // namespace tg::clinic_sync
