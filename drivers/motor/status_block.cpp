#include "drivers/motor/status_block.hpp"

#include <algorithm>

namespace tg::motor {

StatusBlock::StatusBlock(const devicemap::DriveMap& map) {
    addresses_ = {map.status_register, map.output_frequency_register};
    if (map.error_register && !map.status_fault) addresses_.push_back(*map.error_register);
    if (map.warning) addresses_.push_back(map.warning->address);
    if (map.fault_detail) addresses_.push_back(map.fault_detail->address);
    std::sort(addresses_.begin(), addresses_.end());
    addresses_.erase(std::unique(addresses_.begin(), addresses_.end()), addresses_.end());
    const int span = addresses_.back() - addresses_.front() + 1;
    contiguous_ = span <= map.max_read_registers;
    for (int a = addresses_.front(); contiguous_ && a <= addresses_.back(); ++a) {
        const auto address = static_cast<std::uint16_t>(a);
        contiguous_ = map.is_documented(address) && !map.is_write_only(address);
    }
    values_.assign(contiguous_ ? static_cast<std::size_t>(span) : addresses_.size(), 0);
}

modbus::LinkStatus StatusBlock::read(modbus::ModbusLink& link) {
    if (contiguous_) return link.read_holding(addresses_.front(), values_);
    for (std::size_t i = 0; i < addresses_.size(); ++i)
        if (auto r = link.read_holding(addresses_[i], std::span(&values_[i], 1)); !r.ok()) return r;
    return modbus::Done{};
}

bool StatusBlock::holds(std::uint16_t address) const {
    return std::binary_search(addresses_.begin(), addresses_.end(), address);
}

std::uint16_t StatusBlock::at(std::uint16_t address) const {
    if (contiguous_) {
        const int i = address - addresses_.front();
        return i >= 0 && i < static_cast<int>(values_.size()) ? values_[static_cast<std::size_t>(i)]
                                                              : 0;
    }
    const auto it = std::lower_bound(addresses_.begin(), addresses_.end(), address);
    return it != addresses_.end() && *it == address
               ? values_[static_cast<std::size_t>(it - addresses_.begin())]
               : 0;
}

} // namespace tg::motor
