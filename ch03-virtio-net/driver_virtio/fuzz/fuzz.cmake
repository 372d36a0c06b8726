# driver_virtio's libFuzzer target (cmake/fuzz.cmake): the split virtqueue against a device
# that writes anything it may write. Included from ch03-virtio-net/tests/tests.cmake.
ax_fuzz_target(virtqueue_used_fuzz LABEL ch03
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/used_ring_fuzz.cpp
          ${CMAKE_CURRENT_LIST_DIR}/../src/virtqueue.cpp
  INCLUDES ${CMAKE_CURRENT_LIST_DIR}/../include ${AX_ROOT}/ch02-drivers/driver_common/include
           ${AX_ROOT}/ch01-boot/axerrno/include)
