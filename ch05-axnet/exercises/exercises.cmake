# Chapter 5's exercises: each test fails on the pristine tree and passes once the exercise is
# solved (label ch05-exercise: `ctest -L ch05-exercise`; tools/solutions_check.py proves both
# with the solutions in solutions/ch05-axnet/).

# Tasks exercise: stack-clash protection makes a frame larger than a page probe each page, so
# it faults in its own guard page instead of writing into the stack below.
ax_kernel(ch05-ex-clash MODULES ${AX_CH01_MODULES} axtask SOURCES exercises/stack_clash_main.cpp)
ax_boot_test(stack_clash LABEL ch05-exercise KERNEL ch05-ex-clash
  ARGS --expect-exit failure
       --expect "stack overflow in task 'culprit' \\(id [0-9]+\\): 0x[0-9a-f]+ is in the guard page"
       --reject "nothing faulted")

# axnet exercise: TCP initial sequence numbers as RFC 6528 asks (lwIP's LWIP_HOOK_TCP_ISN),
# read off the SYNs and SYN-ACKs on the host tests' wire.
add_executable(ch05_exercise_tests exercises/isn_test.cpp
  ${AX_ROOT}/ch03-virtio-net/minnet/tests/host_log.cpp)
target_include_directories(ch05_exercise_tests PRIVATE axnet/tests)
target_link_libraries(ch05_exercise_tests PRIVATE axnet_host Catch2::Catch2WithMain
  ${AX_HOST_TEST_LIBS})
target_compile_options(ch05_exercise_tests PRIVATE -Wall -Wextra -Werror)
catch_discover_tests(ch05_exercise_tests TEST_PREFIX "ch05-exercise.host."
                     PROPERTIES LABELS ch05-exercise TIMEOUT 120)
