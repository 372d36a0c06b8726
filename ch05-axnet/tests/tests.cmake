# ch05-axnet tests (label ch05): axnet and lwIP on the host over fake NICs (Catch2); the demo
# kernel on QEMU user networking with real clients on the host (tests/net_test.py, one guest
# per case).

ax_host_test(ch05_axnet_tests LABEL ch05 LIBS axnet_host
  SOURCES axnet/tests/axnet_test.cpp axnet/tests/dns_test.cpp
          ${AX_ROOT}/ch03-virtio-net/minnet/tests/host_log.cpp)

# lwIP's first ephemeral ports from the worst random start: a program of its own, because the
# start is drawn once per process, when lwIP starts.
ax_host_test(ch05_port_start_tests LABEL ch05 LIBS axnet_host
  SOURCES axnet/tests/port_start_test.cpp ${AX_ROOT}/ch03-virtio-net/minnet/tests/host_log.cpp)

foreach(case http bulk conns udp client dhcp faults)
  add_test(NAME ch05.net.${case}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/net_test.py
            --kernel $<TARGET_FILE:ch05-kernel> --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/net
            --case ${case})
  set_tests_properties(ch05.net.${case} PROPERTIES LABELS ch05 TIMEOUT 300)
endforeach()

# The same suite against the kernel on igb.
foreach(case http bulk conns udp client dhcp faults)
  add_test(NAME ch05.net.igb.${case}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/net_test.py
            --kernel $<TARGET_FILE:ch05-kernel-igb> --device igb
            --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/net-igb --case ${case})
  set_tests_properties(ch05.net.igb.${case} PROPERTIES LABELS ch05 TIMEOUT 300)
endforeach()
