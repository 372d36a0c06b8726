# How tests are declared. Every test carries the label of its stage (ch01, ch02, ...) so that
# `make chN-test` runs `ctest -L ^chNN$`; exercise tests carry "exercise" instead and only run
# through `make chN-exercises` and the solutions check.

set(AX_HARNESS ${AX_ROOT}/tools/harness.py)

include(${CMAKE_CURRENT_LIST_DIR}/sanitize.cmake)  # the `sanitize` twins of the host tests
include(${CMAKE_CURRENT_LIST_DIR}/fuzz.cmake)      # libFuzzer targets (`fuzz`)

# ax_host_test(NAME LABEL l SOURCES s... LIBS l...): a Catch2 test program run on the host,
# and its AddressSanitizer + UBSan twin NAME_san (label `sanitize`: cmake/sanitize.cmake).
function(ax_host_test NAME)
  cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${NAME} ${T_SOURCES})
  target_link_libraries(${NAME} PRIVATE ${T_LIBS} Catch2::Catch2WithMain)
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
