# Helpers so every concept folder declares its library and tests the same way.
#
# tg_library(NAME name SOURCES ... [DEPS ...])
#   A static library `name` with the repository root as include root, so code
#   includes "controller/gait/step_detector.hpp" and the path says where it lives.
function(tg_library)
    cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
    add_library(${ARG_NAME} STATIC ${ARG_SOURCES})
    target_include_directories(${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE tg_warnings)
    target_compile_features(${ARG_NAME} PUBLIC cxx_std_20)
endfunction()

# tg_executable(NAME name SOURCES ... [DEPS ...])  -> build/bin/name
function(tg_executable)
    cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} tg_warnings)
    set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${TG_BIN_DIR})
endfunction()

# tg_test(NAME name SOURCES ... [DEPS ...] [LABELS ...] [TIMEOUT s] [ARGS ...])
#   A doctest executable registered with ctest. Tests get TG_SOURCE_DIR, TG_BIN_DIR
#   and TG_SHARED_DIR in the environment so they can find binaries and ../shared.
function(tg_test)
    cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS;ARGS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} tg_doctest_main tg_warnings)
    set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${TG_TEST_BIN_DIR})
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME} ${ARG_ARGS})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${ARG_NAME} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "TG_SOURCE_DIR=${PROJECT_SOURCE_DIR};TG_BIN_DIR=${TG_BIN_DIR};TG_SHARED_DIR=${TG_SHARED_DIR}")
endfunction()

# tg_add_concept_folders(): adds every child folder that has a CMakeLists.txt, so concept
# folders can be added independently. TG_SKIP_DIRS (paths relative to the repository root)
# leaves folders out, e.g. while one is being rewritten.
function(tg_add_concept_folders)
    file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
    list(SORT children)
    file(RELATIVE_PATH here ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
    foreach(child IN LISTS children)
        if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt AND NOT "${here}/${child}" IN_LIST TG_SKIP_DIRS)
            add_subdirectory(${child})
        endif()
    endforeach()
endfunction()
