#pragma once
// A force plate's Modbus front end described as data (hw/devices/*.toml, kind
// "force-plate"). Two protocols exist: a weighing transmitter that answers the current
// weight of each cell on every read ("weight-registers", e.g. the Dini Argeo DGT4X), and
// a sampling front end that buffers numbered samples in a FIFO ("sample-fifo", the open
// loadcell-fifo-4ch map). The driver and the simulator both read the map.
#include "drivers/devicemap/data_file_error.hpp"
#include "drivers/devicemap/drive_map.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace tg::devicemap {

inline constexpr std::size_t kPlateCells = 4;

enum class PlateProtocol : std::uint8_t { WeightRegisters, SampleFifo };

// One read returns, per cell, a status word and a signed weight in display divisions.
struct WeightRegisterLayout {
    std::uint16_t first_register = 0;
    int registers_per_cell = 5;
    int status_offset = 0;
    int weight_offset = 1;           // int32, high word first, magnitude only
    BitPattern negative;             // status bits that carry the sign of the weight
    std::optional<BitPattern> error; // status bits of an overload / ADC error
    double division_kg = 0.1;        // one count of the weight registers
    std::uint16_t command_register = 0;
    std::uint16_t zero_command = 1;
    std::uint16_t tare_command = 2;

    int block_registers() const { return registers_per_cell * static_cast<int>(kPlateCells); }
};

// Block read: a 5-register header, then samples of 4 int24 packed in 6 registers.
struct FifoLayout {
    static constexpr int kHeaderRegisters = 5;
    static constexpr int kSampleRegisters = 6;

    std::uint16_t identity_register = 0;
    std::uint16_t identity_value = 0;
    std::uint16_t rate_register = 3;
    std::uint16_t block_register = 0x0100;
    std::uint16_t mirror_register = 0x0200; // the last block again, without popping
    std::uint16_t command_register = 0x0010;
    std::uint16_t clear_command = 1;
    double sample_rate_hz = 1000;
    int fifo_depth = 2048;
    BitPattern overflow;
    BitPattern adc_fault;

    // Samples in one read of at most `max_registers` registers.
    int samples_per_read(int max_registers) const {
        return (max_registers - kHeaderRegisters) / kSampleRegisters;
    }
};

struct ForcePlateMap {
    std::string id;
    std::string name;
    std::string source;
    std::string verify; // facts still to be checked against the device's manual
    int default_unit = 2;
    PlateProtocol protocol = PlateProtocol::SampleFifo;
    bool function_06 = true;
    int max_read_registers = 125;

    WeightRegisterLayout weights; // protocol WeightRegisters
    FifoLayout fifo;              // protocol SampleFifo

    // Parameters of treadguard-sim's model of a deck on this front end (not used by
    // the driver): true cell sensitivities and zero offsets, the deck's own mass, noise.
    struct Simulation {
        std::array<double, kPlateCells> counts_per_newton{};
        std::array<double, kPlateCells> offset_counts{};
        double deck_mass_kg = 40;
        double noise_n = 2.0; // standard deviation per cell
    } simulation;
};

std::variant<ForcePlateMap, DataFileError> load_force_plate_map(const std::string& path);

} // namespace tg::devicemap
