# Project-wide compiler settings: warnings are errors on our own code, and the
# sanitizer build (TG_SANITIZE=ON) instruments everything we compile.
option(TG_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
option(TG_WERROR "Treat warnings as errors" ON)

add_library(tg_warnings INTERFACE)
target_compile_options(tg_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
                       -Wimplicit-fallthrough)
if(TG_WERROR)
    target_compile_options(tg_warnings INTERFACE -Werror)
endif()

if(TG_SANITIZE)
    # GCC 12's flow analysis gives false maybe-uninitialized reports inside std::regex
    # and std::function under ASan; the normal build keeps the warning as an error.
    target_compile_options(tg_warnings INTERFACE -Wno-maybe-uninitialized)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
    # Tests whose figures mean nothing under ASan (its allocator keeps freed memory in
    # quarantine) or that starve the process of descriptors ASan's reports need, say so.
    add_compile_definitions(TG_SANITIZE_BUILD=1)
endif()
