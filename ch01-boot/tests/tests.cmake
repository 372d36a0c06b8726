# ch01-boot tests (label ch01). Host tests compile the hardware-free sources of the modules;
# boot tests run the kernels under QEMU.

ax_host_library(ch01_host
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/axlog/src/format.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axalloc/src/memory_map.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axalloc/src/frame_allocator.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axalloc/src/heap.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axhal/src/acpi_aml.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axruntime/src/ksyms.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axruntime/src/cmdline.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/axlog/include ${CMAKE_CURRENT_SOURCE_DIR}/axhal/include
           ${CMAKE_CURRENT_SOURCE_DIR}/axalloc/include ${CMAKE_CURRENT_SOURCE_DIR}/axerrno/include
           ${CMAKE_CURRENT_SOURCE_DIR}/axruntime/include)

ax_host_test(ch01_host_tests LABEL ch01 LIBS ch01_host
  SOURCES axlog/tests/format_test.cpp axalloc/tests/memory_map_test.cpp
          axalloc/tests/frame_allocator_test.cpp axalloc/tests/heap_test.cpp
          axhal/tests/acpi_aml_test.cpp axruntime/tests/ksyms_test.cpp
          axruntime/tests/cmdline_test.cpp)

# The demo kernel boots, prints its report and exits with success.
ax_boot_test(demo LABEL ch01 KERNEL ch01-kernel
  ARGS --expect "Hello from main\\(\\) on a C\\+\\+ unikernel: global constructors ran"
       --expect "axalloc: [0-9]+ MiB of RAM"
       --expect "Timer: 10 ticks of the 100 Hz LAPIC timer took [0-9]+ us"
       --expect "main returned 0"
       --reject "unexpected interrupt")  # every interrupt of the demo has its handler

# Every ktest case passes inside the guest.
ax_boot_test(ktest LABEL ch01 KERNEL ch01-ktest
  ARGS --expect "ktest: [1-9][0-9]* passed, 0 failed" --reject "FAILED"
       --reject "unexpected interrupt")

# The log level can be chosen at boot, and an argument nobody reads is named in a warning.
ax_boot_test(log_level LABEL ch01 KERNEL ch01-kernel
  ARGS --append "log=debug udp_coutn=5" --expect "DEBUG axalloc/global.cpp:[0-9]+. axalloc: RAM"
       --expect "log level DEBUG"
       --expect "WARN .* unknown kernel argument \"udp_coutn=5\" ignored")

# Negative tests: the harness must fail these kernels, for the right reason.
add_test(NAME ch01.harness.fault_and_hang
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/negative_test.py
          --harness ${AX_HARNESS} --fault $<TARGET_FILE:ch01-fault> --hang $<TARGET_FILE:ch01-hang>
          --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs)
set_tests_properties(ch01.harness.fault_and_hang PROPERTIES LABELS ch01 TIMEOUT 120)

# GDB: a breakpoint at main is hit and the backtrace has source-level names.
add_test(NAME ch01.gdb.break_at_main
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/gdb_test.py --kernel $<TARGET_FILE:ch01-kernel>
          --gdbinit ${AX_ROOT}/.gdbinit --expect-frame main --expect-frame ax_runtime_main
          --expect-frame axhal_entry --expect-frame start_high)
set_tests_properties(ch01.gdb.break_at_main PROPERTIES LABELS ch01 TIMEOUT 120)

# The exercises: each test fails on the pristine tree and passes with its solution.
ax_solutions_check(ch01 ch01-boot)
