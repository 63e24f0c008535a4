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

// One read of `registers` registers from first_register returns, per cell, a status word and
// an int32 gross weight magnitude (cell c's at c * cell_stride), then the four net weights
// (int32 each, from net_offset). The signs are status bits (DGT4X: b0 gross, b5 net).
struct WeightRegisterLayout {
    std::uint16_t first_register = 0;
    int registers = 20;
    int cell_stride = 3;
    int status_offset = 0;
    int gross_offset = 1; // int32, high word first, magnitude only
    int net_offset = 12;  // block-relative; cell c's net at net_offset + 2 c
    BitPattern gross_negative;
    BitPattern net_negative;
    std::optional<BitPattern> error;     // overload / ADC error
    std::optional<BitPattern> underload; // below the instrument's range
    double division_kg = 0.1;            // one count of the weight registers
    std::uint16_t command_register = 0;
    std::uint16_t no_command = 0; // written before every command: a repeat needs it
    std::uint16_t zero_command = 1;
    std::uint16_t tare_command = 2;

    int block_registers() const { return registers; }
    std::size_t status_at(std::size_t cell) const {
        return cell * static_cast<std::size_t>(cell_stride) +
               static_cast<std::size_t>(status_offset);
    }
    std::size_t gross_at(std::size_t cell) const {
        return cell * static_cast<std::size_t>(cell_stride) +
               static_cast<std::size_t>(gross_offset);
    }
    std::size_t net_at(std::size_t cell) const {
        return static_cast<std::size_t>(net_offset) + 2 * cell;
    }
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
    // From the end of a request (after t3.5) to the first byte of the reply
    // ([modbus] reply_delay_us; 0 when the map does not give it).
    std::chrono::microseconds reply_delay{0};

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
