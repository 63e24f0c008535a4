// Whether a serial bus carries the FIFO plate's 1 kHz, from the wire arithmetic.
#include "drivers/forceplate/force_plate.hpp"
#include "drivers/forceplate/plate_bus_capacity.hpp"
#include "plate_test_support.hpp"

#include <doctest/doctest.h>

using namespace tg;

namespace {

modbus::LinkConfig plate_link(const devicemap::ForcePlateMap& map, const std::string& spec) {
    modbus::LinkConfig c;
    REQUIRE_FALSE(modbus::parse_link_spec(spec, c));
    return forceplate::link_config_for(map, c);
}

} // namespace

TEST_CASE("921600 baud carries 1 kHz of 4 cells in 125-register blocks; 115200 does not") {
    const auto map = testing::plate_map("loadcell-fifo-4ch");
    auto fast = forceplate::plate_bus_capacity(map, plate_link(map, "rtu:/dev/x:921600:8N1"));
    REQUIRE(fast);
    CHECK(fast->block_registers == 125);
    CHECK(fast->samples_per_block == 20);
    // 263 characters of 10 bits at 921600 (2.854 ms) + 2 x t3.5 (1.75 ms)
    CHECK(fast->block_ms == doctest::Approx(6.354).epsilon(1e-3));
    CHECK(fast->samples_per_s == doctest::Approx(20 * 1000 / 6.354).epsilon(1e-3));
    CHECK(fast->required_per_s == 1000);
    CHECK(fast->carries());

    const auto slow_link = plate_link(map, "rtu:/dev/x:115200:8N1");
    auto slow = forceplate::plate_bus_capacity(map, slow_link);
    REQUIRE(slow);
    // 22.83 ms + 3.5 ms a block: 760 samples/s
    CHECK(slow->samples_per_s == doctest::Approx(759.5).epsilon(2e-3));
    CHECK_FALSE(slow->carries());
    CHECK(slow->lowest_standard_baud == 230400);
    const auto text = slow->describe(slow_link);
    CHECK(text.find("at most 760 samples/s") != std::string::npos);
    CHECK(text.find("samples at 1000/s") != std::string::npos);
    CHECK(text.find("use at least 230400 baud") != std::string::npos);

    // parity costs a bit per character: 8E1 at 230400 still carries it
    CHECK(forceplate::plate_bus_capacity(map, plate_link(map, "rtu:/dev/x:230400:8E1"))->carries());
}

TEST_CASE("no wire limit over TCP, nor for a weighing transmitter read one sample at a time") {
    const auto fifo = testing::plate_map("loadcell-fifo-4ch");
    CHECK_FALSE(forceplate::plate_bus_capacity(fifo, plate_link(fifo, "tcp:127.0.0.1:502")));
    const auto dgt = testing::plate_map("dini-argeo-dgt4x");
    CHECK_FALSE(forceplate::plate_bus_capacity(dgt, plate_link(dgt, "rtu:/dev/x:9600:8N1")));
}
