// The controller at start-up works out from the wire arithmetic whether the plate's serial
// link carries the plate's sample rate: it refuses a link that cannot, with the numbers,
// and states the capacity of one that can.
#include "tests/support/sim_process.hpp"

#include <doctest/doctest.h>

using namespace tg;

TEST_CASE("the controller refuses a plate link too slow for 1 kHz, and states the capacity of "
          "one fast enough") {
    const std::string dir = testing::make_temp_dir("tg-platebus");
    {
        testing::SimProcess sim({"--baud", "115200"}, true);
        const std::string cmd =
            testing::bin_dir() + "/treadguard-controller --modbus rtu:" + sim.rtu_path() +
            ":115200:8N1 --api " + dir + "/api.sock --store " + dir + "/slow.db";
        const auto result = testing::run_command(cmd, 30);
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK(result.output.find("plate link cannot carry the plate") != std::string::npos);
        CHECK(result.output.find("at most 760 samples/s") != std::string::npos);
        CHECK(result.output.find("samples at 1000/s") != std::string::npos);
        CHECK(result.output.find("use at least 230400 baud") != std::string::npos);
    }
    {
        testing::SimProcess sim({"--baud", "921600"}, true);
        testing::ChildProcess controller({testing::bin_dir() + "/treadguard-controller", "--modbus",
                                          "rtu:" + sim.rtu_path() + ":921600:8N1", "--api",
                                          dir + "/api.sock", "--store", dir + "/fast.db"});
        const auto line = controller.wait_for_line("plate bus", 20);
        CHECK(line.find("at most 3148 samples/s") != std::string::npos);
        CHECK(line.find("cannot") == std::string::npos);
    }
    (void)std::system(("rm -rf '" + dir + "'").c_str());
}
