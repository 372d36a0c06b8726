# `make ch6-bench`: the C httpservers and the throughput peer built for this kernel and, from
# the same sources, static for a Linux guest in the same QEMU configuration (bench/bench.py).
# Not a test.

# bwpeer (ch05-axnet/bench/bwpeer.c) for this kernel, as the C apps are built (apps/c): its
# main renamed, apps/c/c_main.cpp bringing the network up first. Deferred to the end of this
# directory: the C apps' module list is set after this file is included.
function(ch06_bench_kernels)
  if(NOT DEFINED AX_CH06_C_MODULES)
    return()
  endif()
  set(src ${AX_ROOT}/ch05-axnet/bench/bwpeer.c ${CMAKE_CURRENT_SOURCE_DIR}/apps/c/c_main.cpp)
  ax_kernel(ch06-bench-bwpeer MODULES ${AX_CH06_C_MODULES} SOURCES ${src}
    DEFINITIONS AX_DRIVER_DYN=0 AX_NET_DEVICE=driver_virtio::VirtioNetDev
                AX_NET_DEVICE_HEADER=<driver_virtio/virtio_net.h>)
  ax_kernel(ch06-bench-bwpeer-igb MODULES ${AX_CH06_C_MODULES} SOURCES ${src}
    DEFINITIONS AX_DRIVER_DYN=0 AX_NET_DEVICE=driver_ixgbe::IxgbeNic
                AX_NET_DEVICE_HEADER=<driver_ixgbe/ixgbe_nic.h>)
  foreach(k ch06-bench-bwpeer ch06-bench-bwpeer-igb)
    target_compile_definitions(${k}_app PRIVATE $<$<COMPILE_LANGUAGE:C>:main=__ax_c_main>)
    set_target_properties(${k} ${k}_app ${k}.pass1 PROPERTIES EXCLUDE_FROM_ALL ON)
  endforeach()

  ax_bench_linux_static(bench-httpserver-epoll-linux
    ${CMAKE_CURRENT_SOURCE_DIR}/apps/c/httpserver-epoll.c)
  add_custom_target(ch06-bench
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench.py
            --cache ${CMAKE_BINARY_DIR}/linux-guest --build-type ${CMAKE_BUILD_TYPE}
            --app httpserver $<TARGET_FILE:ch06-c-httpserver> $<TARGET_FILE:ch06-c-httpserver-igb>
                  $<TARGET_FILE:bench-httpserver-linux>
            --app httpserver-epoll $<TARGET_FILE:ch06-c-httpserver-epoll>
                  $<TARGET_FILE:ch06-c-httpserver-epoll-igb> $<TARGET_FILE:bench-httpserver-epoll-linux>
            --app bwpeer $<TARGET_FILE:ch06-bench-bwpeer> $<TARGET_FILE:ch06-bench-bwpeer-igb>
                  $<TARGET_FILE:bench-bwpeer-linux>
    DEPENDS ch06-c-httpserver ch06-c-httpserver-igb ch06-c-httpserver-epoll
            ch06-c-httpserver-epoll-igb ch06-bench-bwpeer ch06-bench-bwpeer-igb
            bench-httpserver-linux bench-httpserver-epoll-linux bench-bwpeer-linux
    USES_TERMINAL
    COMMENT "Benchmarking the C httpservers against a Linux guest (tap device in a namespace)")
endfunction()
cmake_language(DEFER CALL ch06_bench_kernels)
