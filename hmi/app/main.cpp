// treadguard-hmi: the touchscreen client of treadguard-controller (Dear ImGui, SDL2,
// OpenGL3). The socket is polled without blocking once per frame.
#include "hmi/api/api_client.hpp"
#include "hmi/api/unix_line_socket.hpp"
#include "hmi/app/hmi_options.hpp"
#include "hmi/app/hmi_window.hpp"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const tg::hmi::ParsedOptions parsed =
        tg::hmi::parse_hmi_options(std::vector<std::string>(argv + 1, argv + argc));
    if (parsed.options.help) {
        std::fputs(tg::hmi::hmi_usage().c_str(), stdout);
        return 0;
    }
    if (!parsed.error.empty()) {
        std::fprintf(stderr, "treadguard-hmi: %s\n%s", parsed.error.c_str(),
                     tg::hmi::hmi_usage().c_str());
        return 2;
    }
    try {
        tg::hmi::UnixLineSocket socket(parsed.options.api_socket);
        tg::hmi::ApiClient api(socket);
        tg::hmi::HmiWindow window(parsed.options);
        return window.run(api);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "treadguard-hmi: %s\n", e.what());
        return 1;
    }
}
