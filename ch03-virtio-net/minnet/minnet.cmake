# minnet: chapter 3's teaching network stack (Ethernet, ARP, IPv4, ICMP echo, UDP) over
# NetDriverOps. Included from ch03-virtio-net/CMakeLists.txt, so paths are relative to
# ch03-virtio-net. Chapter 5 replaces it with lwIP.

ax_kernel_module(minnet SOURCES minnet/src/wire.cpp minnet/src/interface.cpp
  DEPENDS driver_net driver_common axlog)

# The same two files on the host. interface.cpp logs through axlog, so its formatter and log
# front end come along; tests/host_log.cpp supplies what axhal and axruntime do in the kernel
# (axlog_write, axlog_now_ns, ax_panic_handler).
ax_host_library(minnet_host
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/minnet/src/wire.cpp
          ${CMAKE_CURRENT_SOURCE_DIR}/minnet/src/interface.cpp
          ${AX_ROOT}/ch01-boot/axlog/src/format.cpp ${AX_ROOT}/ch01-boot/axlog/src/log.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/minnet/include ${AX_ROOT}/ch01-boot/axlog/include
  DEPENDS ch02_host)

ax_host_test(ch03_minnet_tests LABEL ch03 LIBS minnet_host
  SOURCES minnet/tests/wire_test.cpp minnet/tests/interface_test.cpp minnet/tests/host_log.cpp)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
