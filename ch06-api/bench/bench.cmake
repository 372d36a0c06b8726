# `make ch6-bench`: whole-system figures of the C++ httpserver (bench/bench.py). Not a test.
add_custom_target(ch06-bench
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench.py
          --kernel $<TARGET_FILE:ch06-httpserver>
  DEPENDS ch06-httpserver
  USES_TERMINAL
  COMMENT "Benchmarking the C++ httpserver (QEMU user networking, wrk)")
