#include "controller/fit/fit_activity.hpp"

#include "controller/fit/fit_encoder.hpp"

#include <algorithm>
#include <cmath>

namespace tg::fit {

namespace {

// Global message numbers of the FIT profile.
constexpr std::uint16_t msg_file_id = 0;
constexpr std::uint16_t msg_session = 18;
constexpr std::uint16_t msg_lap = 19;
constexpr std::uint16_t msg_record = 20;
constexpr std::uint16_t msg_event = 21;
constexpr std::uint16_t msg_device_info = 23;
constexpr std::uint16_t msg_activity = 34;
constexpr std::uint16_t msg_field_description = 206;
constexpr std::uint16_t msg_developer_data_id = 207;

constexpr std::uint8_t f_timestamp = 253;
constexpr std::uint8_t f_message_index = 254;
constexpr double sport_running = 1, sub_sport_treadmill = 1;
constexpr double file_type_activity = 4;
constexpr std::uint16_t product_treadguard = 1;
constexpr double software_version = 100; // 1.00, scale 100

// Running cadence in FIT: whole strides per minute plus a fraction in 1/128.
double strides(double spm) {
    return std::floor(spm / 2.0);
}
double stride_fraction(double spm) {
    return std::round((spm / 2.0 - strides(spm)) * 128.0);
}

void header_messages(FitEncoder& e, const FitActivity& a, std::uint32_t start) {
    e.message(msg_file_id,
              {Field::en(0, file_type_activity), Field::u16(1, fit_manufacturer_development),
               Field::u16(2, product_treadguard), Field::u32z(3, a.serial_number),
               Field::u32(4, start)});
    e.message(msg_device_info,
              {Field::u32(f_timestamp, start), Field::u8(0, 0),
               Field::u16(2, fit_manufacturer_development), Field::u16(4, product_treadguard),
               Field::u32z(3, a.serial_number), Field::u16(5, software_version)});
    e.message(msg_developer_data_id, {Field::bytes(1, std::string("treadguard\0\0\0\0\0\0", 16)),
                                      Field::u8(3, FitEncoder::developer_index), Field::u32(4, 1)});
    e.message(msg_field_description,
              {Field::u8(0, FitEncoder::developer_index), Field::u8(1, developer_field_peak_force),
               Field::u8(2, static_cast<double>(BaseType::float32)), Field::str(3, "peak_force"),
               Field::str(8, "BW")});
    e.message(msg_field_description, {Field::u8(0, FitEncoder::developer_index),
                                      Field::u8(1, developer_field_loading_rate),
                                      Field::u8(2, static_cast<double>(BaseType::float32)),
                                      Field::str(3, "loading_rate"), Field::str(8, "BW/s")});
}

void lap_message(FitEncoder& e, const FitLap& lap, std::size_t index, std::uint32_t start) {
    const std::uint32_t lap_start = start + static_cast<std::uint32_t>(std::lround(lap.start_s));
    const std::uint32_t lap_end =
        lap_start + static_cast<std::uint32_t>(std::lround(lap.duration_s));
    const double speed = lap.duration_s > 0 ? lap.distance_m / lap.duration_s : 0.0;
    e.message(msg_lap, {Field::u16(f_message_index, static_cast<double>(index)),
                        Field::u32(f_timestamp, lap_end), Field::en(0, 9 /* lap */),
                        Field::en(1, 1 /* stop */), Field::u32(2, lap_start),
                        Field::u32(7, lap.duration_s * 1000), Field::u32(8, lap.duration_s * 1000),
                        Field::u32(9, lap.distance_m * 100), Field::u16(13, speed * 1000),
                        Field::u8(17, strides(lap.avg_cadence_spm)),
                        Field::en(24, 0 /* manual: a phase change */), Field::en(25, sport_running),
                        Field::en(39, sub_sport_treadmill)});
}

} // namespace

std::vector<std::uint8_t> encode_activity(const FitActivity& a) {
    FitEncoder e;
    const std::uint32_t start = fit_time(a.start_unix_s);
    const std::uint32_t end = start + static_cast<std::uint32_t>(std::lround(a.duration_s));
    header_messages(e, a, start);
    e.message(msg_event, {Field::u32(f_timestamp, start), Field::en(0, 0 /* timer */),
                          Field::en(1, 0 /* start */)});
    for (const FitRecord& r : a.records)
        e.message(msg_record,
                  {Field::u32(f_timestamp, start + static_cast<std::uint32_t>(std::lround(r.t_s))),
                   Field::u32(5, r.distance_m * 100), Field::u16(6, r.speed_m_s * 1000),
                   Field::u8(4, strides(r.cadence_spm)),
                   Field::u8(53, stride_fraction(r.cadence_spm)),
                   Field::dev_f32(developer_field_peak_force, r.peak_force_bw),
                   Field::dev_f32(developer_field_loading_rate, r.loading_rate_bw_s)});
    e.message(msg_event, {Field::u32(f_timestamp, end), Field::en(0, 0 /* timer */),
                          Field::en(1, 4 /* stop all */)});
    for (std::size_t i = 0; i < a.laps.size(); ++i)
        lap_message(e, a.laps[i], i, start);
    const double speed = a.duration_s > 0 ? a.distance_m / a.duration_s : 0.0;
    e.message(msg_session,
              {Field::u16(f_message_index, 0), Field::u32(f_timestamp, end),
               Field::en(0, 8 /* session */), Field::en(1, 1 /* stop */), Field::u32(2, start),
               Field::en(5, sport_running), Field::en(6, sub_sport_treadmill),
               Field::u32(7, a.duration_s * 1000), Field::u32(8, a.duration_s * 1000),
               Field::u32(9, a.distance_m * 100), Field::u32(10, a.steps / 2.0),
               Field::u16(14, speed * 1000), Field::u8(18, strides(a.avg_cadence_spm)),
               Field::u16(25, 0), Field::u16(26, static_cast<double>(a.laps.size())),
               Field::en(28, 0 /* activity end */)});
    e.message(msg_activity,
              {Field::u32(f_timestamp, end), Field::u32(0, a.duration_s * 1000), Field::u16(1, 1),
               Field::en(2, 0 /* manual */), Field::en(3, 26 /* activity */),
               Field::en(4, 1 /* stop */), Field::u32(5, end)});
    return e.finish();
}

} // namespace tg::fit
