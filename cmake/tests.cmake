# How tests are declared. Every test carries the label of its stage (ch01, ch02, ...) so that
# `make chN-test` runs `ctest -L ^chNN$`; exercise tests carry "exercise" instead and only run
# through `make chN-exercises` and the solutions check.

set(AX_HARNESS ${AX_ROOT}/tools/harness.py)

# Debian's Catch2 library is compiled by the release's default g++. A test built by an older
# g++ (g++-13 on Debian 13, whose default is g++ 14) links against that compiler's libstdc++,
# which lacks symbols the newer one added (__cxa_call_terminate): then the system's runtime
# libstdc++.so.6, the one every test program runs with anyway, is linked in as well.
include(CheckCXXSourceCompiles)
set(AX_HOST_TEST_LIBS "")
set(CMAKE_REQUIRED_LIBRARIES Catch2::Catch2WithMain)
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_compiles("#include <catch2/catch_test_macros.hpp>
  TEST_CASE(\"links\") { CHECK(1 + 1 == 2); }" AX_CATCH2_LINKS)
unset(CMAKE_REQUIRED_LIBRARIES)
if(NOT AX_CATCH2_LINKS)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++.so.6
                  OUTPUT_VARIABLE AX_SYSTEM_LIBSTDCXX OUTPUT_STRIP_TRAILING_WHITESPACE)
  message(STATUS "Catch2 needs a newer libstdc++ than ${CMAKE_CXX_COMPILER}'s: "
                 "linking ${AX_SYSTEM_LIBSTDCXX}")
  set(AX_HOST_TEST_LIBS ${AX_SYSTEM_LIBSTDCXX})
endif()

include(${CMAKE_CURRENT_LIST_DIR}/sanitize.cmake)  # the `sanitize` twins of the host tests
include(${CMAKE_CURRENT_LIST_DIR}/fuzz.cmake)      # libFuzzer targets (`fuzz`)

# ax_host_test(NAME LABEL l SOURCES s... LIBS l...): a Catch2 test program run on the host,
# and its AddressSanitizer + UBSan twin NAME_san (label `sanitize`: cmake/sanitize.cmake).
function(ax_host_test NAME)
  cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${NAME} ${T_SOURCES})
  target_link_libraries(${NAME} PRIVATE ${T_LIBS} Catch2::Catch2WithMain ${AX_HOST_TEST_LIBS})
  target_compile_options(${NAME} PRIVATE -Wall -Wextra -Werror)
  catch_discover_tests(${NAME} TEST_PREFIX "${T_LABEL}.host.${NAME}: "
                       PROPERTIES LABELS ${T_LABEL})
  ax_sanitized_test(${NAME} LABEL ${T_LABEL} SOURCES ${T_SOURCES} LIBS ${T_LIBS})
endfunction()

# ax_boot_test(NAME LABEL l KERNEL k [TIMEOUT s] [ARGS harness-args...]): boots kernel k under
# QEMU through tools/harness.py, which checks the exit status and the expected lines.
function(ax_boot_test NAME)
  cmake_parse_arguments(T "" "LABEL;KERNEL;TIMEOUT" "ARGS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 30)
  endif()
  add_test(NAME ${T_LABEL}.boot.${NAME}
    COMMAND ${Python3_EXECUTABLE} ${AX_HARNESS} --kernel $<TARGET_FILE:${T_KERNEL}>
            --log ${CMAKE_CURRENT_BINARY_DIR}/logs/${NAME}.log --timeout ${T_TIMEOUT} ${T_ARGS})
  set_tests_properties(${T_LABEL}.boot.${NAME} PROPERTIES LABELS ${T_LABEL}
                       TIMEOUT 120)
endfunction()

# ax_solutions_check(LABEL STAGE_DIR): the test LABEL.solutions_check (label LABEL), which
# proves the exercises of solutions/STAGE_DIR real (tools/solutions_check.py). In make test it
# runs the tests of the exercise's own stage on each patched tree (--scope stage); make
# check-all and make chN-solutions-check run every later stage's too (AX_SOLUTIONS_SCOPE=later).
function(ax_solutions_check LABEL STAGE_DIR)
  add_test(NAME ${LABEL}.solutions_check
    COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/solutions_check.py --build ${CMAKE_BINARY_DIR}
            --stage ${STAGE_DIR} --scope stage)
  # 900 s is ample for --scope stage; make check-all's --scope later takes up to 16 minutes for
  # a stage whose solutions change every later kernel (stage 5, under load).
  # In a student's lab tree an exercise whose patch meets the student's own lab code, and
  # that is not solved yet, cannot be checked: the check exits 77, a skipped test.
  set_tests_properties(${LABEL}.solutions_check PROPERTIES LABELS ${LABEL} TIMEOUT 2400
                       SKIP_RETURN_CODE 77)
endfunction()

# ax_stage_build_target(DIR): a target chNN-build (chNN from DIR, e.g. ch01-boot) that builds
# every target DIR's CMakeLists.txt adds to the default build (benchmarks, which are left out
# of it, stay out): the programs of that stage's tests, and what they link.
function(ax_stage_build_target dir)
  string(SUBSTRING ${dir} 0 4 nn)
  get_property(targets DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${dir} PROPERTY BUILDSYSTEM_TARGETS)
  set(deps)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    get_target_property(excluded ${t} EXCLUDE_FROM_ALL)
    if(NOT type STREQUAL "UTILITY" AND NOT type STREQUAL "INTERFACE_LIBRARY" AND NOT excluded)
      list(APPEND deps ${t})
    endif()
  endforeach()
  add_custom_target(${nn}-build)
  if(deps)
    add_dependencies(${nn}-build ${deps})
  endif()
endfunction()
