// axtask/src/idle.cpp: the idle task and the idle hook (chapter 5, "The idle loop"): when no
// task is ready, poll (the hook: axnet's NICs and lwIP's timers), wake sleepers whose time
// has come, and halt until an interrupt or the earliest deadline.
#include <atomic>

#include "task.h"

namespace axtask {
namespace detail {
namespace {

IdleHook g_hook;
uint64_t g_hook_deadline = UINT64_MAX;  // when the hook asked to run again
bool g_in_hook;
uint64_t g_hook_runs;
// Set by kick_idle() from interrupt handlers. An atomic (lock-free, so a plain store and
// load on x86) so the compiler neither caches it nor reorders it around the halt.
std::atomic<bool> g_kicked;

bool kicked() {
    return g_kicked.load(std::memory_order_relaxed);
}

uint64_t run_hook() {
    if (!g_hook || g_in_hook) return g_hook_deadline;
    g_in_hook = true;
    g_kicked.store(false, std::memory_order_relaxed);
    ++g_hook_runs;
    g_hook_deadline = g_hook();
    g_in_hook = false;
    return g_hook_deadline;
}

}  // namespace

bool idle_due(uint64_t now) {
    return kicked() || (g_hook && now >= g_hook_deadline);
}

uint64_t idle_hook_runs() {
    return g_hook_runs;
}

// Chapter 5, "The idle loop". Runs on the idle task's own stack; never in the run queue.
void idle_loop() {
    for (;;) {
        uint64_t hook_deadline = run_hook();
        timer_wake_expired(clock_ns());
        if (!run_queue_empty()) {
            irq_on();    // the hook may have left them off for a halt that is not coming
            schedule();  // back here when nothing is ready again, or the hook is due
            continue;
        }
        uint64_t timer_deadline = timer_next_deadline();
        uint64_t wake_at = hook_deadline < timer_deadline ? hook_deadline : timer_deadline;
        if (!g_hook && wake_at == UINT64_MAX) {
            fatal(
                "deadlock: every task is blocked and nothing can wake one (no idle hook, "
                "no deadline)",
                g_current);
        }
        idle_wait(wake_at, kicked);
    }
}

}  // namespace detail

void set_idle_hook(IdleHook hook) {
    detail::ensure_init();
    detail::g_hook = hook;
    detail::g_hook_deadline = hook ? 0 : UINT64_MAX;  // a new hook runs at the next chance
}

void run_idle_hook_once() {
    detail::ensure_init();
    bool irq_was_on = detail::irq_is_on();
    (void)detail::run_hook();
    if (irq_was_on) detail::irq_on();  // a task never goes on with interrupts off
}

void kick_idle() {
    detail::g_kicked.store(true, std::memory_order_relaxed);
}

}  // namespace axtask
