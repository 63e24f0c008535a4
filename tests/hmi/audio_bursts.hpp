#pragma once
// Reads the raw S16 mono stream SDL's disk audio driver wrote and cuts it into bursts of
// sound separated by silence, so tests can tell clicks (< 30 ms) from cues (>= 150 ms) and
// measure click onsets to the sample.
#include <cstdint>
#include <string>
#include <vector>

namespace tg::testing {

struct Burst {
    std::int64_t start = 0; // first loud sample
    std::int64_t end = 0;   // one past the last loud sample
    double seconds(int rate) const { return static_cast<double>(end - start) / rate; }
};

std::vector<std::int16_t> read_s16_file(const std::string& path);
// Loud: |sample| >= threshold. A burst ends after `quiet_gap` quiet samples.
std::vector<Burst> find_bursts(const std::vector<std::int16_t>& pcm, int threshold,
                               std::int64_t quiet_gap);

} // namespace tg::testing
