// Writes the writer-made seeds of tests/c3d/corpus (run once when the writer changes):
//   build/tests/bin/c3d-write-corpus tests/c3d/corpus
#include "c3d_test_files.hpp"
#include "controller/c3d/c3d_writer.hpp"

#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: c3d-write-corpus DIR\n";
        return 2;
    }
    using tg::c3d::Processor;
    struct Seed {
        const char* name;
        int type;
        Processor proc;
        bool float_data;
    };
    const Seed seeds[] = {{"type2-dec-integer", 2, Processor::dec, false},
                          {"type3-mips-float", 3, Processor::mips, true},
                          {"type4-intel-integer", 4, Processor::intel, false}};
    const auto fz = tg::c3d::test::running_force(1000.0, 0.8);
    for (const Seed& s : seeds) {
        const auto bytes = tg::c3d::encode_c3d(
            tg::c3d::test::plate_content(s.type, fz, s.proc, s.float_data), s.name);
        std::ofstream(std::string(argv[1]) + "/" + s.name + ".c3d", std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
    }
    return 0;
}
