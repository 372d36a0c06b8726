# axlibc tests (label ch06): host tests against glibc, the symbol check of the host build, and
# a kernel that uses axlibc booted under QEMU.

# A C file built exactly like the host library, holding what the tests need to see through
# axlibc's own headers (its errno numbers, its FILE pointers).
add_library(axlibc_host_probe STATIC ${CMAKE_CURRENT_LIST_DIR}/host_probe.c)
axlibc_host_compile(axlibc_host_probe)

ax_host_test(axlibc_tests LABEL ch06 LIBS axlibc_host_probe axlibc_host
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/printf_test.cpp ${CMAKE_CURRENT_LIST_DIR}/strtod_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/strtol_test.cpp ${CMAKE_CURRENT_LIST_DIR}/string_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/stdlib_test.cpp ${CMAKE_CURRENT_LIST_DIR}/stdio_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/network_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/getaddrinfo_test.cpp)

# Every global symbol the host library defines is renamed (axlibc_host_names.h).
add_test(NAME ch06.host.axlibc_symbols
  COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DLIB=$<TARGET_FILE:axlibc_host>
          -P ${CMAKE_CURRENT_LIST_DIR}/check_symbols.cmake)
set_tests_properties(ch06.host.axlibc_symbols PROPERTIES LABELS ch06)

# A C program on axlibc in the kernel: console output, the command line as environment,
# exit() running atexit handlers and powering off with the status.
ax_kernel(ch06-libc MODULES ${AX_CH01_MODULES} axlibc SOURCES ${CMAKE_CURRENT_LIST_DIR}/kernel_main.c)
set_target_properties(ch06-libc_app PROPERTIES AX_C_FPU ON)
ax_boot_test(libc LABEL ch06 KERNEL ch06-libc
  ARGS --append "AXLIBC_GREETING=hello"
       --expect "axlibc: getenv AXLIBC_GREETING=hello"
       --expect "axlibc: \\[  -42\\|0x002a\\|\\+7 \\|052\\|ok  \\]"
       --expect "axlibc: strtol 0x7fffffffffffffff errno 0, 0x8000000000000000 errno 34"
       --expect "axlibc: qsort 1 2 3 5 8 13"
       --expect "axlibc: strerror\\(ECONNREFUSED\\) Connection refused"
       --expect "axlibc: float 1.000 1.23e\\+04 0.0001 0x1p\\+0 strtod 2.5"
       --expect "axlibc: atexit handler ran")
