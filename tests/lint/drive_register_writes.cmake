# Fails if code outside drivers/motor and hw/sim (and the map loader, drivers/devicemap) touches
# a drive's setpoint, command, fault-reset or fast-stop register: every write to the belt's
# drive goes through MotorDrive, which only takes a safety::LimitedSpeed.
#   cmake -DROOT=<source tree> -P drive_register_writes.cmake
if(NOT ROOT)
    message(FATAL_ERROR "pass -DROOT=<source tree>")
endif()
file(GLOB_RECURSE sources RELATIVE ${ROOT}
     ${ROOT}/controller/*.cpp ${ROOT}/controller/*.hpp ${ROOT}/drivers/*.cpp ${ROOT}/drivers/*.hpp
     ${ROOT}/hw/*.cpp ${ROOT}/hw/*.hpp ${ROOT}/hmi/*.cpp ${ROOT}/hmi/*.hpp)
set(offences "")
foreach(f IN LISTS sources)
    if(f MATCHES "^(drivers/motor|hw/sim|drivers/devicemap)/")
        continue()
    endif()
    file(STRINGS ${ROOT}/${f} lines)
    set(drive_map_included FALSE)
    foreach(line IN LISTS lines)
        if(line MATCHES "#include \"drivers/devicemap/drive_map.hpp\"")
            set(drive_map_included TRUE)
        endif()
    endforeach()
    set(n 0)
    foreach(line IN LISTS lines)
        math(EXPR n "${n} + 1")
        if(line MATCHES "frequency_setpoint_register|fault_reset_register|fast_stop->register_address"
           OR (drive_map_included AND line MATCHES "\\.command_register"))
            string(APPEND offences "  ${f}:${n}: ${line}\n")
        endif()
    endforeach()
endforeach()
if(offences)
    message(FATAL_ERROR "drive registers written outside drivers/motor and hw/sim "
                        "(go through motor::MotorDrive):\n${offences}")
endif()
message(STATUS "no drive register writes outside drivers/motor and hw/sim")
