# ch06-api native side tests (label ch06): axstd's addresses, io helpers and Result on the host
# (Catch2); the compile-time feature gate; the C++ applications on QEMU with real clients.

# axlog's headers are on the path only for <axlog/lab.h>: a lab tree's stubs include it.
ax_host_library(axstd_host SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/axstd/src/addr.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/axstd/include ${CMAKE_CURRENT_SOURCE_DIR}/arceos_api/include
           ${AX_ROOT}/ch01-boot/axlog/include ${AX_ROOT}/ch01-boot/axruntime/include
  DEPENDS axerrno)
ax_host_test(ch06_axstd_tests LABEL ch06 LIBS axstd_host SOURCES tests/axstd_test.cpp)

# The gate: an application without `net` that calls ax_tcp_socket() must not compile, and the
# compiler must say which feature to enable (tests/gate_test.py runs the kernel compiler with
# the flags ax_app gives an application, on tests/gate/no_net_app.cpp).
add_test(NAME ch06.gate.net_needs_feature
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/gate_test.py
          --cxx ${CMAKE_CXX_COMPILER} --source ${CMAKE_CURRENT_SOURCE_DIR}/tests/gate/no_net_app.cpp
          --include ${CMAKE_CURRENT_SOURCE_DIR}/arceos_api/include
          --include ${CMAKE_CURRENT_SOURCE_DIR}/axstd/include
          --include ${AX_ROOT}/ch01-boot/axerrno/include --include ${AX_ROOT}/ch01-boot/axlog/include)
set_tests_properties(ch06.gate.net_needs_feature PROPERTIES LABELS ch06 TIMEOUT 60)

if(TARGET axnet)
  # axstd in the guest, over the loopback interface: RAII, misuse, UDP, threads.
  ax_app(ch06-ktest FEATURES net MODULES ktest SOURCES tests/axstd_ktest.cpp)
  ax_boot_test(axstd_ktest LABEL ch06 KERNEL ch06-ktest TIMEOUT 60
    ARGS --expect "ktest: [1-9][0-9]* passed, 0 failed" --reject "FAILED" --stage ch03)
  foreach(pair http:httpserver idle:httpserver echo:echoserver udp:udpserver client:httpclient
               bwbench:bwbench)
    string(REPLACE ":" ";" pair ${pair})
    list(GET pair 0 case)
    list(GET pair 1 app)
    add_test(NAME ch06.app.${case}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/apps_test.py
              --kernel $<TARGET_FILE:ch06-${app}> --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/apps
              --case ${case})
    set_tests_properties(ch06.app.${case} PROPERTIES LABELS ch06 TIMEOUT 300)
  endforeach()
  # The servers on the 82576 (QEMU's igb).
  if(TARGET driver_ixgbe)
    foreach(pair http:httpserver echo:echoserver udp:udpserver)
      string(REPLACE ":" ";" pair ${pair})
      list(GET pair 0 case)
      list(GET pair 1 app)
      add_test(NAME ch06.app.${case}.igb
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/apps_test.py
                --kernel $<TARGET_FILE:ch06-${app}-igb> --nic igb
                --logdir ${CMAKE_CURRENT_BINARY_DIR}/logs/apps --case ${case})
      set_tests_properties(ch06.app.${case}.igb PROPERTIES LABELS ch06 TIMEOUT 300)
    endforeach()
  endif()
endif()
