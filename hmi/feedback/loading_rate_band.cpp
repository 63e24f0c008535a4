#include "hmi/feedback/loading_rate_band.hpp"

#include <algorithm>
#include <cmath>

namespace tg::hmi {

LoadingBand loading_band(double valr, std::optional<double> baseline, double advisory) {
    if (valr >= advisory) return LoadingBand::red;
    const double amber_from = baseline && *baseline > 0 ? std::min(*baseline, advisory)
                                                        : advisory * amber_share_of_advisory;
    return valr >= amber_from ? LoadingBand::amber : LoadingBand::green;
}

const char* to_string(LoadingBand band) {
    switch (band) {
    case LoadingBand::green:
        return "green";
    case LoadingBand::amber:
        return "amber";
    case LoadingBand::red:
        return "red";
    }
    return "green";
}

double loading_tone_hz(double valr, double advisory) {
    constexpr double low_hz = 300.0, high_hz = 1200.0;
    const double lo = advisory * 0.5, hi = advisory * 1.5;
    const double x = std::clamp(valr, lo, hi);
    const double t = std::log(x / lo) / std::log(hi / lo);
    return low_hz * std::pow(high_hz / low_hz, t);
}

} // namespace tg::hmi
