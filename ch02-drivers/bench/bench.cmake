# ch02-drivers benchmarks: NetBufPool against malloc, on the host (Google Benchmark) and in the
# guest (the ch02-bench kernel). `ninja ch02-bench` builds and runs both and prints the figures.
# Benchmarks are never tests: nothing here is registered with CTest.

find_package(benchmark REQUIRED)

# Host: the pool code of ch02_host (compiled as the build type says: -Og in Debug, -O2 in
# Release); the benchmark loops themselves at -O2.
add_executable(ch02_net_buf_bench ${CMAKE_CURRENT_SOURCE_DIR}/bench/net_buf_bench.cpp)
target_link_libraries(ch02_net_buf_bench PRIVATE ch02_host benchmark::benchmark_main ${AX_HOST_TEST_LIBS})
target_compile_options(ch02_net_buf_bench PRIVATE -O2 -Wall -Wextra -Werror)

# Guest: the same loops timed with the TSC inside the kernel (ch02-bench-kernel.elf; the name
# ch02-bench is the run target below, which `make ch02-bench` builds).
ax_kernel(ch02-bench-kernel MODULES ${AX_CH02_MODULES} SOURCES bench/bench_main.cpp
  DEFINITIONS AX_DRIVER_DYN=1)

set(ch02_bench_log ${CMAKE_CURRENT_BINARY_DIR}/logs/bench.log)
add_custom_target(ch02-bench
  COMMAND $<TARGET_FILE:ch02_net_buf_bench> --benchmark_min_time=0.2
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/tools/harness.py --kernel $<TARGET_FILE:ch02-bench-kernel>
          --log ${ch02_bench_log} --timeout 60 --stage ch02 --expect "bench: done"
  COMMAND grep "bench:" ${ch02_bench_log}
  DEPENDS ch02_net_buf_bench ch02-bench-kernel
  USES_TERMINAL
  COMMENT "NetBufPool benchmarks: host, then guest")
