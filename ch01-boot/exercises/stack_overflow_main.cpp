// ch01-boot/exercises/stack_overflow_main.cpp: exercise 2's test kernel. It recurses without
// end, so its stack overflows. With a guard page below the boot stack (the exercise) the very
// first write past the stack faults and the panic names the cause; without one, the stack
// silently runs over the kernel's data first.
#include <axlog/log.h>

namespace {

[[gnu::noinline]] int recurse(int depth) {
    volatile char frame[512];  // use the stack quickly
    frame[0] = char(depth);
    if (depth % 32 == 0) axlog::println("stack overflow test: depth {}", depth);
    if (depth == 1 << 20) return 0;  // 512 MiB of stack: far past any stack this kernel has
    return recurse(depth + 1) + frame[0];
}

}  // namespace

int main() {
    axlog::println("stack overflow test: recursing without end");
    return recurse(0);
}
