# ch03-virtio-net tests (label ch03): the virtqueue against a simulated device, minnet's
# parsers and interface (host); the driver against QEMU's device (ktest); ARP, ICMP and UDP
# both ways through QEMU user networking (boot tests).

ax_host_library(ch03_host
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/src/virtqueue.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/include
           ${AX_ROOT}/ch02-drivers/driver_common/include ${AX_ROOT}/ch01-boot/axerrno/include)
ax_host_test(ch03_virtqueue_tests LABEL ch03 LIBS ch03_host
  SOURCES driver_virtio/tests/virtqueue_test.cpp)

# In-guest tests of stages 1-3 on a machine with a virtio-net device.
ax_kernel(ch03-ktest MODULES ${AX_CH03_MODULES} ktest
  SOURCES ${AX_ROOT}/ch01-boot/tests/ktest_main.cpp driver_virtio/tests/virtio_net_ktest.cpp
          ${AX_ROOT}/ch01-boot/axalloc/tests/axalloc_ktest.cpp
          ${AX_ROOT}/ch01-boot/axhal/tests/axhal_ktest.cpp
          ${AX_ROOT}/ch02-drivers/driver_net/tests/net_buf_ktest.cpp
          ${AX_ROOT}/ch02-drivers/driver_net/tests/loopback_ktest.cpp)
ax_boot_test(ktest LABEL ch03 KERNEL ch03-ktest
  ARGS --stage ch03 --expect "ktest: [1-9][0-9]* passed, 0 failed" --reject "FAILED")
