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

# In-guest tests of stages 1-2 and the Intel driver on a machine with QEMU's igb.
ax_kernel(ch04-ktest MODULES ${AX_CH04_MODULES} ktest
  SOURCES ${AX_ROOT}/ch01-boot/tests/ktest_main.cpp driver_ixgbe/tests/igb_ktest.cpp
          ${AX_ROOT}/ch01-boot/axalloc/tests/axalloc_ktest.cpp
          ${AX_ROOT}/ch02-drivers/driver_net/tests/net_buf_ktest.cpp)
target_include_directories(ch04-ktest_app PRIVATE ${AX_ROOT}/ch03-virtio-net/driver_virtio/tests)
ax_boot_test(ktest LABEL ch04 KERNEL ch04-ktest
  ARGS --stage ch04 --expect "ktest: [1-9][0-9]* passed, 0 failed" --reject "FAILED")

# The demo kernel alone: bring-up, ARP and ICMP with QEMU's gateway, woken by MSI-X.
ax_boot_test(demo LABEL ch04 KERNEL ch04-kernel
  ARGS --stage ch04
       --expect "igb: 82576 up, MAC 52:54:00:12:34:56, rings of 256, link up, MSI-X receive interrupt"
       --expect "arp: 10\\.0\\.2\\.2 is at 52:55:0a:00:02:02"
       --expect "icmp: reply from 10\\.0\\.2\\.2 seq=3 time=[0-9]+ us"
       --expect "igb: [0-9]+ frames received, [0-9]+ sent, [1-9][0-9]* receive interrupts")

# ARP, ICMP and 10,000 UDP datagrams each way through igb with real host sockets, the capture
# parsed, MSI-X interrupts counted (chapter 3's script, given the NIC).
add_test(NAME ch04.net.udp_both_ways_msix
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/ch03-virtio-net/tests/net_test.py
          --kernel $<TARGET_FILE:ch04-kernel> --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/net_msix
          --count 10000 --nic igb
          --expect "igb: 82576 up, .*link up, MSI-X receive interrupt"
          --expect "igb: [0-9]+ frames received, [0-9]+ sent, [1-9][0-9]* receive interrupts")
set_tests_properties(ch04.net.udp_both_ways_msix PROPERTIES LABELS ch04 TIMEOUT 300)

# The same polled (msix=0: the driver leaves every interrupt masked; QEMU's igb has no
# `vectors` property). Fewer datagrams: polling waits for the timer tick between frames.
add_test(NAME ch04.net.udp_both_ways_polled
  COMMAND ${Python3_EXECUTABLE} ${AX_ROOT}/ch03-virtio-net/tests/net_test.py
          --kernel $<TARGET_FILE:ch04-kernel> --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/net_polled
          --count 2000 --nic igb --append msix=0
          --expect "igb: 82576 up, .*link up, polled"
          --expect "igb: [0-9]+ frames received, [0-9]+ sent, 0 receive interrupts")
set_tests_properties(ch04.net.udp_both_ways_polled PROPERTIES LABELS ch04 TIMEOUT 300)

# The exercise: its test fails on the pristine tree and passes with its solution.
ax_solutions_check(ch04 ch04-ixgbe)
