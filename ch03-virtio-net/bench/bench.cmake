# `make ch3-bench`: whole-system figures of the virtio-net driver (bench/bench.py). Not a test.
add_custom_target(ch03-bench
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench.py
          --kernel $<TARGET_FILE:ch03-kernel>
  DEPENDS ch03-kernel
  USES_TERMINAL
  COMMENT "Benchmarking the virtio-net driver (QEMU user networking and a tap device)")
