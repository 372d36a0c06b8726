# `make ch5-bench`: whole-system figures of the stage 5 kernel beside a Linux guest in the same
# QEMU configuration (bench/bench.py, tools/linux_guest.py). Not a test.

# ax_bench_linux_static(NAME SOURCE): a C program built for Linux, static (the Linux guest has
# no C library of its own), with the flags the Linux guest's figures are stated with.
function(ax_bench_linux_static NAME SOURCE)
  add_executable(${NAME} ${SOURCE})
  target_compile_options(${NAME} PRIVATE -O2 -Wall -Wextra -Werror)
  target_link_options(${NAME} PRIVATE -static -pthread)
  set_target_properties(${NAME} PROPERTIES EXCLUDE_FROM_ALL ON)
endfunction()

# The Linux side of the stage 5 figures: the throughput/echo peer, and stage 6's C httpserver
# (the stage 5 demo's HTTP service has no C twin; chapter 5, section 9 says what differs).
ax_bench_linux_static(bench-bwpeer-linux ${CMAKE_CURRENT_SOURCE_DIR}/bench/bwpeer.c)
ax_bench_linux_static(bench-httpserver-linux ${AX_ROOT}/ch06-api/apps/c/httpserver.c)

add_custom_target(ch05-bench
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench.py
          --kernel $<TARGET_FILE:ch05-kernel>
          --linux-http $<TARGET_FILE:bench-httpserver-linux>
          --linux-peer $<TARGET_FILE:bench-bwpeer-linux>
          --cache ${CMAKE_BINARY_DIR}/linux-guest --build-type ${CMAKE_BUILD_TYPE}
  DEPENDS ch05-kernel bench-httpserver-linux bench-bwpeer-linux
  USES_TERMINAL
  COMMENT "Benchmarking the stage 5 kernel against a Linux guest (tap device in a namespace)")
