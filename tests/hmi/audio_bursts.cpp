#include "tests/hmi/audio_bursts.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace tg::testing {

std::vector<std::int16_t> read_s16_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::int16_t> pcm(bytes.size() / 2);
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                           (static_cast<unsigned char>(bytes[2 * i + 1]) << 8));
    return pcm;
}

std::vector<Burst> find_bursts(const std::vector<std::int16_t>& pcm, int threshold,
                               std::int64_t quiet_gap) {
    std::vector<Burst> out;
    std::int64_t last_loud = -quiet_gap - 1;
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        if (std::abs(pcm[i]) < threshold) continue;
        const auto t = static_cast<std::int64_t>(i);
        if (t - last_loud > quiet_gap || out.empty())
            out.push_back({t, t + 1});
        else
            out.back().end = t + 1;
        last_loud = t;
    }
    return out;
}

} // namespace tg::testing
