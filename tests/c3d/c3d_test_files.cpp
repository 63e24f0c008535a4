#include "c3d_test_files.hpp"

#include "synthetic_gait.hpp"

#include <cmath>
#include <cstdlib>

namespace tg::c3d::test {

std::vector<double> running_force(double rate_hz, double seconds) {
    gait::test::RunningSpec spec;
    spec.rate_hz = rate_hz;
    spec.steps = static_cast<int>(seconds / spec.step_time_s);
    spec.impact_peak_bw = 0.6;
    spec.noise_n = 3.0;
    const auto run = gait::test::make_running(spec);
    std::vector<double> fz;
    for (const auto& s : run.samples)
        fz.push_back(s.vertical_force_n);
    return fz;
}

namespace {

AnalogChannelData channel(const std::string& label, const std::string& unit,
                          std::vector<double> values) {
    return {label, unit, label + " of plate 1", std::move(values)};
}

// Cross-talk: Fz reads a little of every other channel.
constexpr double crosstalk = 0.02;
constexpr double volts_per_newton = 0.001;

} // namespace

C3dContent plate_content(int type, const std::vector<double>& fz, Processor processor,
                         bool float_data) {
    C3dContent c;
    c.processor = processor;
    c.float_data = float_data;
    c.analog_rate_hz = 1000.0;
    const std::size_t n = fz.size();
    std::vector<double> fx(n), fy(n), mx(n), my(n), mz(n);
    for (std::size_t i = 0; i < n; ++i) {
        fx[i] = 0.1 * fz[i] * std::sin(0.01 * static_cast<double>(i));
        fy[i] = -0.05 * fz[i];
        mx[i] = 80.0 * fz[i]; // N mm: CoP 80 mm off the centre
        my[i] = -120.0 * fz[i];
        mz[i] = 3.0 * fz[i];
    }
    PlateDescription plate;
    plate.type = type;
    plate.corners = {{{300, 450, 0}, {-300, 450, 0}, {-300, -450, 0}, {300, -450, 0}}};
    plate.origin = {0, 0, -40};
    if (type == 3) {
        // Fz1..Fz4 carry shares of the load; Fx/Fy pairs carry the shear.
        plate.origin = {210, 260, -40};
        std::vector<double> q1(n), q2(n), q3(n), q4(n), fx12(n), fx34(n), fy14(n), fy23(n);
        for (std::size_t i = 0; i < n; ++i) {
            q1[i] = 0.4 * fz[i];
            q2[i] = 0.3 * fz[i];
            q3[i] = 0.2 * fz[i];
            q4[i] = 0.1 * fz[i];
            fx12[i] = fx34[i] = 0.5 * fx[i];
            fy14[i] = fy23[i] = 0.5 * fy[i];
        }
        c.channels = {channel("Fx12", "N", fx12), channel("Fx34", "N", fx34),
                      channel("Fy14", "N", fy14), channel("Fy23", "N", fy23),
                      channel("Fz1", "N", q1),    channel("Fz2", "N", q2),
                      channel("Fz3", "N", q3),    channel("Fz4", "N", q4)};
        plate.channels = {1, 2, 3, 4, 5, 6, 7, 8};
    } else {
        c.channels = {channel("Fx1", "N", fx),   channel("Fy1", "N", fy),
                      channel("Fz1", "N", fz),   channel("Mx1", "Nmm", mx),
                      channel("My1", "Nmm", my), channel("Mz1", "Nmm", mz)};
        plate.channels = {1, 2, 3, 4, 5, 6};
    }
    if (type == 4) {
        // Channels in volts: v = S * w with a sensitivity S, CAL_MATRIX = S^-1. Only
        // Fz's row matters here: v_Fz = (Fz - crosstalk * (Fx + Fy)) * volts_per_newton,
        // so CAL row 3 = (crosstalk, crosstalk, 1/volts_per_newton, 0, 0, 0) in N/V.
        plate.cal_rows = 6;
        plate.cal_matrix.assign(36, 0.0);
        for (std::size_t r = 0; r < 6; ++r)
            plate.cal_matrix[r + 6 * r] = 1.0 / volts_per_newton;
        for (std::size_t col : {0u, 1u})
            plate.cal_matrix[2 + 6 * col] = crosstalk / volts_per_newton;
        for (std::size_t i = 0; i < n; ++i) {
            const double fxv = fx[i] * volts_per_newton, fyv = fy[i] * volts_per_newton;
            c.channels[0].values[i] = fxv;
            c.channels[1].values[i] = fyv;
            c.channels[2].values[i] = fz[i] * volts_per_newton - crosstalk * (fxv + fyv);
            c.channels[3].values[i] = mx[i] * volts_per_newton;
            c.channels[4].values[i] = my[i] * volts_per_newton;
            c.channels[5].values[i] = mz[i] * volts_per_newton;
        }
        for (auto& ch : c.channels)
            ch.unit = "V";
    }
    c.plates = {plate};
    return c;
}

std::filesystem::path corpus_dir() {
    const char* source = std::getenv("TG_SOURCE_DIR");
    return std::filesystem::path(source ? source : ".") / "tests" / "c3d" / "corpus";
}

} // namespace tg::c3d::test
