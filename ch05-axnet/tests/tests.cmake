# ch05-axnet tests (label ch05): axnet and lwIP on the host over fake NICs (Catch2).

ax_host_test(ch05_axnet_tests LABEL ch05 LIBS axnet_host
  SOURCES axnet/tests/axnet_test.cpp ${AX_ROOT}/ch03-virtio-net/minnet/tests/host_log.cpp)
