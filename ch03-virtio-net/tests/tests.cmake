# ch03-virtio-net tests (label ch03): the virtqueue against a simulated device, minnet's
# parsers and interface (host); the driver against QEMU's device (ktest); ARP, ICMP and UDP
# both ways through QEMU user networking (boot tests).

ax_host_library(ch03_host
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/src/virtqueue.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/include
           ${AX_ROOT}/ch02-drivers/driver_common/include ${AX_ROOT}/ch01-boot/axerrno/include
           ${AX_ROOT}/ch01-boot/axlog/include)  # <axlog/lab.h> in a student's tree
ax_host_test(ch03_virtqueue_tests LABEL ch03 LIBS ch03_host
  SOURCES driver_virtio/tests/virtqueue_test.cpp)
include(${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/fuzz/fuzz.cmake)

# In-guest tests of stages 1-3 on a machine with a virtio-net device.
ax_kernel(ch03-ktest MODULES ${AX_CH03_MODULES} ktest
  SOURCES ${AX_ROOT}/ch01-boot/tests/ktest_main.cpp driver_virtio/tests/virtio_net_ktest.cpp
          ${AX_ROOT}/ch01-boot/axalloc/tests/axalloc_ktest.cpp
          ${AX_ROOT}/ch01-boot/axhal/tests/axhal_ktest.cpp
          ${AX_ROOT}/ch02-drivers/driver_net/tests/net_buf_ktest.cpp
          ${AX_ROOT}/ch02-drivers/driver_net/tests/loopback_ktest.cpp)
ax_boot_test(ktest LABEL ch03 KERNEL ch03-ktest
  ARGS --stage ch03 --expect "ktest: [1-9][0-9]* passed, 0 failed" --reject "FAILED")

# The demo kernel alone: ARP and ICMP with QEMU's gateway. A normal boot prints no warning:
# a newcomer reads every WARN as a bug.
ax_boot_test(demo LABEL ch03 KERNEL ch03-kernel
  ARGS --stage ch03 --reject " WARN " --reject "loopback up" --reject " 0 receive buffers"
       --expect "virtio-net: 00:0[0-9a-f].0 up, features 0x[0-9a-f]+, queues of 256, MSI-X"
       --expect "arp: 10\\.0\\.2\\.2 is at 52:55:0a:00:02:02"
       --expect "icmp: reply from 10\\.0\\.2\\.2 seq=3 time=[0-9]+ us")

# ARP, ICMP and 10,000 UDP datagrams each way with real host sockets; the capture parsed.
add_test(NAME ch03.net.udp_both_ways
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/net_test.py
          --kernel $<TARGET_FILE:ch03-kernel> --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/net
          --count 10000)
set_tests_properties(ch03.net.udp_both_ways PROPERTIES LABELS ch03 TIMEOUT 300)

# The exercises: each test fails on the pristine tree and passes with its solution.
ax_solutions_check(ch03 ch03-virtio-net)

# A legacy-only virtio device (no virtio 1.x interface) is refused with a clear message.
ax_boot_test(legacy_refused LABEL ch03 KERNEL ch03-kernel
  ARGS --qemu-arg=-netdev --qemu-arg=user,id=n0 --qemu-arg=-device
       --qemu-arg=virtio-net-pci,netdev=n0,disable-modern=on,disable-legacy=off
       --expect-exit failure
       --expect "legacy-only devices are not supported"
       --expect "virtio-net failed to start: Unsupported"
       --expect "no virtio-net device: boot")

# Without MSI-X (vectors=0) the driver polls, and everything still works.
ax_boot_test(polled LABEL ch03 KERNEL ch03-kernel
  ARGS --qemu-arg=-netdev --qemu-arg=user,id=n0 --qemu-arg=-device
       --qemu-arg=virtio-net-pci,netdev=n0,vectors=0
       --expect "virtio-net: no MSI-X. receive is polled"
       --expect "queues of 256, polled"
       --expect "icmp: reply from 10\\.0\\.2\\.2 seq=3")

# VirtioNetDev itself on the host: the driver's own files (virtio_net.cpp, virtio_pci.cpp,
# virtqueue.cpp, axdriver's msix_route.cpp) compiled unchanged against a simulated virtio-net PCI
# function. tests/host/axhal/mmio.h comes first on the include path and routes every register
# access to the simulation; tests/host_hal.cpp stands in for the kernel's DMA, trap vectors,
# clock and configuration access.
ax_host_library(driver_virtio_host
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/src/virtio_net.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/src/virtio_pci.cpp
          ${AX_ROOT}/ch02-drivers/axdriver/src/msix_route.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/tests/host_hal.cpp
          ${AX_ROOT}/ch01-boot/axlog/src/format.cpp ${AX_ROOT}/ch01-boot/axlog/src/log.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/driver_virtio/tests/host
           ${AX_ROOT}/ch01-boot/axlog/include ${AX_ROOT}/ch01-boot/axalloc/include
  DEPENDS ch03_host ch02_host)
ax_host_test(ch03_virtio_net_tests LABEL ch03 LIBS driver_virtio_host
  SOURCES driver_virtio/tests/virtio_net_test.cpp minnet/tests/host_log.cpp)
