// libFuzzer target (clang only, not part of the suite):
//   cmake -DCMAKE_CXX_COMPILER=clang++ ... && cmake --build . --target c3d-fuzzer
//   build/tests/bin/c3d-fuzzer tests/c3d/corpus
#include "controller/c3d/c3d_error.hpp"
#include "controller/c3d/c3d_file.hpp"
#include "controller/c3d/force_platforms.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto file = tg::c3d::parse_c3d(std::span(data, size), "fuzz.c3d");
        for (const auto& plate : tg::c3d::force_platforms(file))
            (void)tg::c3d::plate_vertical_force(file, plate);
    } catch (const tg::c3d::C3dError&) {
    }
    return 0;
}
