// axtask/tests/guard_main.cpp: a kernel whose task overflows its stack on purpose. The boot
// test (axtask.cmake, guard_page) checks that the guard page below the stack stops it: the
// panic report names the task and the kernel exits with the failure code.
#include <axlog/log.h>
#include <axtask/axtask.h>

namespace {

// Far deeper than any stack: the recursion never returns on its own (volatile, so the
// compiler cannot see that).
volatile uint64_t g_max_depth = uint64_t(1) << 40;

// Each call keeps a 256-byte frame alive, so the recursion walks down the stack a page at
// a time until it reaches the unmapped page below it.
[[gnu::noinline]] uint64_t recurse(uint64_t depth) {
    volatile uint8_t frame[256];
    frame[0] = uint8_t(depth);
    if (depth % 16 == 0) {
        axlog::println("guard page: task '{}' recursing, depth {}", axtask::current_name(), depth);
    }
    if (depth == g_max_depth) return frame[0];
    return recurse(depth + 1) + frame[0];
}

void overflow(void*) {
    recurse(1);
}

}  // namespace

int main() {
    axtask::init();
    auto t = axtask::spawn(overflow, nullptr, {"overflow", 16 * 1024});
    if (!t.ok()) return 1;
    (void)axtask::join(t.value());
    axlog::println("guard page missed: the task overflowed its stack and returned");
    return 0;
}
