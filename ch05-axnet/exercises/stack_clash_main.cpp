// ch05-axnet/exercises/stack_clash_main.cpp: the test kernel of chapter 5's task exercise. A
// task with one large local array steps over its guard page and writes into the stack of the
// task below it. Without stack-clash protection nothing faults, and the victim finds its stack
// overwritten; with it (the exercise), the culprit faults in its own guard page and the panic
// names it.
#include <axlog/log.h>
#include <axtask/axtask.h>

namespace {

constexpr size_t kStack = 16 * 1024;  // both tasks: their stacks are next to each other
constexpr size_t kCanary = 8 * 1024;
constexpr uint8_t kPattern = 0xa5;

axtask::WaitQueue g_wq;
bool g_culprit_done;
size_t g_overwritten;

// Fills the top half of its stack with a pattern, waits for the culprit, then checks it.
void victim(void*) {
    volatile uint8_t canary[kCanary];
    for (size_t i = 0; i < kCanary; ++i) canary[i] = kPattern;
    while (!g_culprit_done) g_wq.wait();
    for (size_t i = 0; i < kCanary; ++i) g_overwritten += canary[i] != kPattern;
}

// A frame larger than the whole stack: its lowest byte lies below this task's guard page, in
// the victim's stack. Only that byte is written, so no store touches the guard page itself.
[[gnu::noinline]] void big_frame() {
    volatile uint8_t big[kStack + 8 * 1024];
    big[0] = 0x5a;
    axlog::println("stack clash: task '{}' wrote a byte at {:#x}, past its guard page",
                   axtask::current_name(), reinterpret_cast<uintptr_t>(&big[0]));
}

void culprit(void*) {
    big_frame();
    g_culprit_done = true;
    g_wq.notify_all();
}

}  // namespace

int main() {
    axtask::init();
    // A fresh kernel hands out stack slots in order: the idle task's, the victim's, then the
    // culprit's right above it (its guard page between them).
    auto v = axtask::spawn(victim, nullptr, {"victim", kStack});
    auto c = axtask::spawn(culprit, nullptr, {"culprit", kStack});
    if (!v.ok() || !c.ok()) return 1;
    if (!axtask::join(c.value()).ok() || !axtask::join(v.value()).ok()) return 1;
    if (g_overwritten) {
        axlog::println(
            "stack clash: {} bytes of task 'victim''s stack were overwritten, and "
            "nothing faulted",
            g_overwritten);
        return 1;
    }
    axlog::println("stack clash: the victim's stack is intact");
    return 0;
}
