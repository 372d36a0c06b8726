# axtask: tasks, wait queues and the idle loop (chapter 5). Included from
# ch05-axnet/CMakeLists.txt, so paths are relative to ch05-axnet. The same scheduler sources
# build the kernel module (platform_kernel.cpp: guarded stacks, `sti; hlt`) and the host
# library axtask_host (platform_host.cpp) that host tests of axtask and axnet link.

set(AXTASK_CORE_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/axtask/src/scheduler.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/axtask/src/wait_queue.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/axtask/src/idle.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/axtask/src/context_switch.S)

ax_kernel_module(axtask
  SOURCES ${AXTASK_CORE_SOURCES} axtask/src/platform_kernel.cpp
  DEPENDS axerrno axhal axalloc axlog)

ax_host_library(axtask_host
  SOURCES ${AXTASK_CORE_SOURCES} ${CMAKE_CURRENT_SOURCE_DIR}/axtask/src/platform_host.cpp
  INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/axtask/include ${AX_ROOT}/ch01-boot/axerrno/include
           ${AX_ROOT}/ch01-boot/axlog/include)  # <axlog/lab.h> in a student's tree

# Host tests of the scheduler's logic, with real tasks in this process.
ax_host_test(ch05_axtask_tests LABEL ch05 LIBS axtask_host
  SOURCES axtask/tests/axtask_test.cpp axtask/tests/fpu_work.c)

# A task that overflows its stack hits its guard page: the panic names the task, and the
# guest exits with the failure code.
ax_kernel(ch05-guard MODULES ${AX_CH01_MODULES} axtask SOURCES axtask/tests/guard_main.cpp)
ax_boot_test(guard_page LABEL ch05 KERNEL ch05-guard
  ARGS --expect-exit failure
       --expect "guard page: task 'overflow' recursing"
       --expect "CPU exception (8 \\(double fault\\)|14 \\(page fault\\))"
       --expect "stack overflow in task 'overflow' \\(id [0-9]+\\): 0x[0-9a-f]+ is in the guard page below its stack"
       --expect "in \\(anonymous namespace\\)::recurse"
       --reject "guard page missed")
