#include "hmi/audio/wav_pcm.hpp"

#include <cstdint>
#include <cstring>

namespace tg::hmi::audio {
namespace {

std::uint32_t u32(std::string_view b, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

std::uint16_t u16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                      (static_cast<unsigned char>(b[at + 1]) << 8));
}

} // namespace

std::vector<Sample> resample(const std::vector<Sample>& in, int from_hz, int to_hz) {
    if (in.empty() || from_hz <= 0 || from_hz == to_hz) return in;
    const auto n = static_cast<std::size_t>(static_cast<double>(in.size()) * to_hz / from_hz);
    std::vector<Sample> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i) * from_hz / to_hz;
        const auto j = static_cast<std::size_t>(x);
        const double f = x - static_cast<double>(j);
        const double a = in[std::min(j, in.size() - 1)];
        const double b = in[std::min(j + 1, in.size() - 1)];
        out[i] = static_cast<Sample>(a + (b - a) * f);
    }
    return out;
}

std::optional<PcmClip> pcm_from_wav(std::string_view b, std::string& error) {
    if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") {
        error = "not a RIFF/WAVE stream (byte 0)";
        return std::nullopt;
    }
    std::size_t at = 12;
    int rate = 0;
    while (at + 8 <= b.size()) {
        const std::string_view id = b.substr(at, 4);
        const std::uint32_t size = u32(b, at + 4);
        const std::size_t body = at + 8;
        if (id == "fmt ") {
            if (size < 16 || body + 16 > b.size()) {
                error = "short fmt chunk at byte " + std::to_string(at);
                return std::nullopt;
            }
            const int format = u16(b, body), channels = u16(b, body + 2), bits = u16(b, body + 14);
            if (format != 1 || channels != 1 || bits != 16) {
                error = "want 16-bit mono PCM, got format " + std::to_string(format) + ", " +
                        std::to_string(channels) + " channels, " + std::to_string(bits) +
                        " bits (byte " + std::to_string(body) + ")";
                return std::nullopt;
            }
            rate = static_cast<int>(u32(b, body + 4));
        } else if (id == "data") {
            if (rate <= 0) {
                error = "data before fmt at byte " + std::to_string(at);
                return std::nullopt;
            }
            // A streamed WAV's data size is a placeholder: take what is there.
            const std::size_t bytes =
                std::min<std::size_t>(size, b.size() - body) & ~std::size_t{1};
            std::vector<Sample> pcm(bytes / 2);
            std::memcpy(pcm.data(), b.data() + body, bytes);
            return PcmClip{resample(pcm, rate, sample_rate_hz)};
        }
        if (size > b.size() - body) break;
        at = body + size + (size & 1U);
    }
    error = "no data chunk";
    return std::nullopt;
}

} // namespace tg::hmi::audio
