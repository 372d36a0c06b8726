# Chapter 6's exercise: a host test that fails on the pristine tree and passes once the
# exercise is solved (label ch06-exercise: `make ch6-exercises`; `make ch6-solutions-check`,
# and the test ch06.solutions_check, prove both with solutions/ch06-api/).
add_executable(ch06_exercise_tests exercises/exercises_test.cpp)
target_link_libraries(ch06_exercise_tests PRIVATE axstd_host Catch2::Catch2WithMain ${AX_HOST_TEST_LIBS})
target_compile_options(ch06_exercise_tests PRIVATE -Wall -Wextra -Werror)
catch_discover_tests(ch06_exercise_tests TEST_PREFIX "ch06-exercise.host."
                     PROPERTIES LABELS ch06-exercise)

ax_solutions_check(ch06 ch06-api)
