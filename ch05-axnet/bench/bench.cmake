# `make ch5-bench`: whole-system figures of the stage 5 kernel (bench/bench.py). Not a test.
add_custom_target(ch05-bench
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench.py
          --kernel $<TARGET_FILE:ch05-kernel>
  DEPENDS ch05-kernel
  USES_TERMINAL
  COMMENT "Benchmarking the stage 5 kernel (QEMU user networking and a tap device)")
