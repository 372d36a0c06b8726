# Chapter 4's exercise: a host test that fails on the pristine tree and passes once the
# exercise is solved (label ch04-exercise: `make ch4-exercises`; `make ch4-solutions-check`
# proves both with the solution in solutions/ch04-ixgbe/).
add_executable(ch04_exercise_tests exercises/exercises_test.cpp driver_ixgbe/tests/model.cpp
               driver_ixgbe/tests/model_82599.cpp driver_ixgbe/tests/model_82576.cpp
               driver_ixgbe/tests/log_capture.cpp)
target_link_libraries(ch04_exercise_tests PRIVATE ch04_host Catch2::Catch2WithMain ${AX_HOST_TEST_LIBS})
target_compile_options(ch04_exercise_tests PRIVATE -Wall -Wextra -Werror)
catch_discover_tests(ch04_exercise_tests TEST_PREFIX "ch04-exercise.host."
                     PROPERTIES LABELS ch04-exercise)
