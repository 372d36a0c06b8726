# ch04-ixgbe tests (label ch04): the driver on the 82599 and 82576 register-level models
# (host), and on QEMU's igb (ktest, boot and network tests).

list(TRANSFORM AX_IXGBE_CORE PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
ax_host_library(ch04_host
  SOURCES ${AX_IXGBE_CORE}
          ${AX_ROOT}/ch01-boot/axlog/src/format.cpp ${AX_ROOT}/ch01-boot/axlog/src/log.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/driver_ixgbe/include ${AX_ROOT}/ch01-boot/axlog/include
  DEPENDS ch02_host)
ax_host_test(ch04_ixgbe_tests LABEL ch04 LIBS ch04_host
  SOURCES driver_ixgbe/tests/ixgbe_test.cpp driver_ixgbe/tests/model.cpp
          driver_ixgbe/tests/model_82599.cpp driver_ixgbe/tests/model_82576.cpp
          driver_ixgbe/tests/log_capture.cpp)
