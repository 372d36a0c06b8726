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
