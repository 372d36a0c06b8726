# Chapter 1's exercises: each test fails on the pristine tree and passes once the exercise is
# solved (label ch01-exercise: `make ch1-exercises`; `make ch1-solutions-check` proves both
# with the solutions in solutions/ch01-boot/).

# Exercise 1: read the RTC. QEMU's clock is pinned, so the expected line is known.
ax_boot_test(rtc LABEL ch01-exercise KERNEL ch01-kernel
  ARGS --qemu-arg=-rtc --qemu-arg=base=2024-02-29T13:45:30
       --expect "RTC: 2024-02-29 13:45:[3-5][0-9] UTC")

# Exercise 2: a guard page under the boot stack turns an overflow into a clear panic.
ax_kernel(ch01-ex-stack MODULES ${AX_CH01_MODULES} SOURCES exercises/stack_overflow_main.cpp)
ax_boot_test(stack_guard LABEL ch01-exercise KERNEL ch01-ex-stack
  ARGS --expect-exit failure --expect "kernel stack overflow" --expect "#0 .* in .*recurse")
