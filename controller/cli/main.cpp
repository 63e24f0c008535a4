#include "controller/cli/command.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return tg::cli::dispatch(args, std::cout, std::cerr);
}
