# Chapter 3's exercises: host tests that fail on the pristine tree and pass once the exercise
# is solved (label ch03-exercise: `make ch3-exercises`; `make ch3-solutions-check` proves both
# with the solutions in solutions/ch03-virtio-net/).
add_executable(ch03_exercise_tests exercises/exercises_test.cpp minnet/tests/host_log.cpp)
target_link_libraries(ch03_exercise_tests PRIVATE minnet_host Catch2::Catch2WithMain ${AX_HOST_TEST_LIBS})
target_compile_options(ch03_exercise_tests PRIVATE -Wall -Wextra -Werror)
catch_discover_tests(ch03_exercise_tests TEST_PREFIX "ch03-exercise.host."
                     PROPERTIES LABELS ch03-exercise)

# Exercise 3 (the driver itself: MRG_RXBUF) runs VirtioNetDev against the simulated device of
# the driver's host tests.
ax_host_test(ch03_virtio_exercise_tests LABEL ch03-exercise LIBS driver_virtio_host
  SOURCES exercises/virtio_exercise_test.cpp minnet/tests/host_log.cpp)
