#include "hw/sim/plate_setup.hpp"

#include "controller/recording/recording_error.hpp"
#include "hw/sim/recording_replay.hpp"
#include "hw/sim/runner_model.hpp"

#include <cmath>

namespace tg::sim {

std::variant<std::unique_ptr<ForcePlateModel>, std::string>
make_force_plate(const SimOptions& o, const VfdModel* drive, double hz_per_kmh,
                 Clock::time_point now) {
    auto map = devicemap::load_force_plate_map(o.plate_map);
    if (auto* e = std::get_if<devicemap::DataFileError>(&map)) return e->message();
    auto geometry = forceplate::load_plate_calibration(o.plate_calibration);
    if (auto* e = std::get_if<devicemap::DataFileError>(&geometry)) return e->message();

    std::unique_ptr<LoadSource> source;
    if (!o.replay.empty()) {
        try {
            source = std::make_unique<RecordingReplay>(o.replay);
        } catch (const recording::RecordingError& e) {
            return std::string(e.what());
        }
    } else {
        RunnerConfig runner;
        runner.mass_kg = o.runner_mass_kg;
        runner.strike = o.strike == "forefoot" ? FootStrike::Forefoot : FootStrike::Rearfoot;
        runner.standing = o.standing;
        runner.walk_run_kmh = o.walk_run_kmh;
        source = std::make_unique<RunnerModel>(runner, o.seed);
    }
    if (o.runner_off) source->set_on_belt(false);
    ForcePlateModel::BeltSpeed belt;
    if (drive != nullptr)
        belt = [drive, hz_per_kmh] { return std::abs(drive->output_hz()) / hz_per_kmh; };
    auto plate = std::make_unique<ForcePlateModel>(
        std::get<devicemap::ForcePlateMap>(std::move(map)),
        std::get<forceplate::PlateCalibration>(geometry), std::move(source), std::move(belt),
        PlateClock{o.time_scale, o.fast_forward}, o.seed, now);
    plate->set_static_load(o.deck_load_kg);
    return plate;
}

} // namespace tg::sim
