# minnet's libFuzzer target (cmake/fuzz.cmake): the frame parser on arbitrary received frames.
# Included from minnet/minnet.cmake.
ax_fuzz_target(minnet_frame_fuzz LABEL ch03
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/frame_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/../src/wire.cpp
  INCLUDES ${CMAKE_CURRENT_LIST_DIR}/../include ${AX_ROOT}/ch02-drivers/driver_net/include
           ${AX_ROOT}/ch02-drivers/driver_common/include ${AX_ROOT}/ch01-boot/axerrno/include
           ${AX_ROOT}/ch01-boot/axhal/include)
