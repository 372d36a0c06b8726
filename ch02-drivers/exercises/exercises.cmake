# Chapter 2's exercises: host tests that fail on the pristine tree and pass once the exercise
# is solved (label ch02-exercise: `make ch2-exercises`; `make ch2-solutions-check` proves both
# with the solutions in solutions/ch02-drivers/).
add_executable(ch02_exercise_tests exercises/exercises_test.cpp)
target_link_libraries(ch02_exercise_tests PRIVATE ch02_host Catch2::Catch2WithMain ${AX_HOST_TEST_LIBS})
target_compile_options(ch02_exercise_tests PRIVATE -Wall -Wextra -Werror)
catch_discover_tests(ch02_exercise_tests TEST_PREFIX "ch02-exercise.host."
                     PROPERTIES LABELS ch02-exercise)
