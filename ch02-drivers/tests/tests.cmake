# ch02-drivers tests (label ch02): host tests of the pool, the loopback NIC and PCI parsing;
# the in-guest tests; boot tests of the demo kernels with QEMU's network devices.

ax_host_library(ch02_host
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/driver_net/src/net_buf.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/driver_net/src/loopback.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axdriver/src/pci.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/axdriver/src/msix.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/driver_net/include
           ${CMAKE_CURRENT_SOURCE_DIR}/driver_common/include
           ${CMAKE_CURRENT_SOURCE_DIR}/axdriver/include
           ${CMAKE_CURRENT_SOURCE_DIR}/driver_net/tests  # host_pool.h, for every stage's tests
           ${AX_ROOT}/ch01-boot/axerrno/include ${AX_ROOT}/ch01-boot/axhal/include
           ${AX_ROOT}/ch01-boot/axlog/include)  # <axlog/lab.h> in a student's tree

ax_host_test(ch02_host_tests LABEL ch02 LIBS ch02_host
  SOURCES driver_net/tests/net_buf_test.cpp driver_net/tests/loopback_test.cpp
          axdriver/tests/pci_test.cpp axdriver/tests/msix_test.cpp)
include(${CMAKE_CURRENT_SOURCE_DIR}/axdriver/fuzz/fuzz.cmake)

# The PCI table shows the devices QEMU was given (tools/axqemu.py: virtio-net-pci and igb),
# and frames pass through the loopback NIC intact.
ax_boot_test(demo LABEL ch02 KERNEL ch02-kernel
  ARGS --stage ch02
       --expect "00:00.0  8086:29c0"
       --expect "1af4:(1000|1041) +02.00.00 network +no driver"
       --expect "8086:10c9 +02.00.00 network +no driver"
       --expect "BAR[0-9] mem(32|64) 0x[0-9a-f]+ +[0-9]+ KiB"
       --expect "caps: .*MSI-X@0x"
       --expect "MSI-X: [0-9]+ vectors, table BAR1\\+0x0, PBA BAR1\\+0x800"
       --expect "MSI-X: 10 vectors, table BAR3\\+0x0, PBA BAR3\\+0x2000"
       --expect "axdriver: net0: loopback up, MAC 02:00:00:00:00:01"
       --expect "AllDevices: 1 network device\\(s\\), virtual dispatch"
       --expect "dispatch: 1000000 calls of tx_queue_size\\(\\) .* per call \\(virtual\\)"
       --expect "loopback: 10000 frames of 1514 bytes sent, 10000 received, 0 corrupt"
       --reject "malformed")

ax_boot_test(demo_static LABEL ch02 KERNEL ch02-kernel-static
  ARGS --stage ch02
       --expect "AllDevices: 1 network device\\(s\\), static dispatch"
       --expect "dispatch: 1000000 calls of tx_queue_size\\(\\) .* per call \\(static\\)"
       --expect "loopback: 10000 frames of 1514 bytes sent, 10000 received, 0 corrupt")

ax_boot_test(ktest LABEL ch02 KERNEL ch02-ktest
  ARGS --stage ch02 --expect "ktest: [1-9][0-9]* passed, 0 failed" --reject "FAILED")

# The exercises: each test fails on the pristine tree and passes with its solution.
ax_solutions_check(ch02 ch02-drivers)
