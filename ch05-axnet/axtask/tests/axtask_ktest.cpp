// axtask/tests/axtask_ktest.cpp: in-guest tests of axtask on the real machine: context
// switches, 1,000 tasks, sleeps and wait timeouts against axhal's clock (the idle loop halts
// and the timer interrupt wakes it), the guard page's mapping, and out-of-memory spawns.
#include <axalloc/axalloc.h>
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <axhal/time.h>
#include <axlog/log.h>
#include <axtask/axtask.h>
#include <ktest/ktest.h>

namespace {

constexpr uint64_t kMs = 1000000;

struct PingPong {
    axtask::WaitQueue to_ping, to_pong;
    bool ping_turn = true;
    int rounds = 0;
    int limit = 0;
};

void pong(void* arg) {
    auto* p = static_cast<PingPong*>(arg);
    while (p->rounds < p->limit) {
        while (p->ping_turn) p->to_pong.wait();
        ++p->rounds;
        p->ping_turn = true;
        p->to_ping.notify_one();
    }
}

}  // namespace

KTEST(axtask, ping_pong_switches) {
    PingPong p;
    p.limit = 10000;
    auto h = axtask::spawn(pong, &p, {"pong", 16 * 1024});
    KASSERT(h.ok());
    uint64_t switches0 = axtask::stats().switches;
    uint64_t t0 = axhal::rdtsc();
    for (int i = 0; i < p.limit; ++i) {
        p.ping_turn = false;
        p.to_pong.notify_one();
        while (!p.ping_turn) p.to_ping.wait();
    }
    uint64_t cycles = axhal::rdtsc() - t0;
    KEXPECT(axtask::join(h.value()).ok());
    uint64_t switches = axtask::stats().switches - switches0;
    KEXPECT_EQ(p.rounds, p.limit);
    KEXPECT(switches >= 2u * p.limit);
    axlog::info("axtask: {} switches, {} TSC cycles per switch (with wait queue bookkeeping)",
                switches, cycles / (switches ? switches : 1));
}

namespace {
struct ManyState {
    int started = 0;
    int finished = 0;
    int order_errors = 0;
};
struct ManyArg {
    ManyState* s;
    int index;
};
ManyArg g_many_args[1000];
void many_body(void* arg) {
    auto* a = static_cast<ManyArg*>(arg);
    if (a->s->started != a->index) ++a->s->order_errors;
    ++a->s->started;
    axtask::yield_now();
    axtask::sleep_for(1 * kMs);
    ++a->s->finished;
}
}  // namespace

KTEST(axtask, thousand_tasks) {
    constexpr int kTasks = 1000;
    static axtask::TaskHandle handles[kTasks];
    axalloc::Stats mem0 = axalloc::stats();
    size_t tasks0 = axtask::stats().tasks;
    ManyState s;
    for (int i = 0; i < kTasks; ++i) {
        g_many_args[i] = {&s, i};
        auto r = axtask::spawn(many_body, &g_many_args[i], {"many", 8 * 1024});
        KASSERT(r.ok());
        handles[i] = static_cast<axtask::TaskHandle&&>(r.value());
    }
    KEXPECT_EQ(axtask::stats().tasks, tasks0 + kTasks);
    for (auto& h : handles) KEXPECT(axtask::join(h).ok());
    KEXPECT_EQ(s.started, kTasks);
    KEXPECT_EQ(s.finished, kTasks);
    KEXPECT_EQ(s.order_errors, 0);
    KEXPECT_EQ(axtask::stats().tasks, tasks0);
    // Every stack frame came back (page tables of the stack area stay, at most a few).
    KEXPECT(axalloc::stats().frames_free + 8 >= mem0.frames_free);
}

KTEST(axtask, sleep_against_the_clock) {
    for (uint64_t ms : {1, 1, 2, 5, 20}) {
        // Never early, on any try; late by at most 200 ms on the best of five tries (a loaded
        // host may stop the emulator during one; a wake-up that is really late misses on all).
        uint64_t slept = ktest::shortest_ns(5, ms * kMs + 200 * kMs, [&] {
            uint64_t t0 = axhal::monotonic_ns();
            axtask::sleep_for(ms * kMs);
            uint64_t ns = axhal::monotonic_ns() - t0;
            KEXPECT(ns >= ms * kMs);
            return ns;
        });
        axlog::info("axtask: sleep_for({} ms) took {} us", ms, slept / 1000);
        // The LAPIC timer wakes the halted CPU at the deadline (axhal::timer_wake_by).
        KEXPECT(slept < ms * kMs + 200 * kMs);
    }
}

namespace {
struct Waiter {
    axtask::WaitQueue* wq;
    uint64_t timeout;
    bool notified = true;
    uint64_t waited = 0;
};
void wait_body(void* arg) {
    auto* w = static_cast<Waiter*>(arg);
    uint64_t t0 = axhal::monotonic_ns();
    w->notified = w->wq->wait_until(t0 + w->timeout);
    w->waited = axhal::monotonic_ns() - t0;
}
}  // namespace

KTEST(axtask, wait_timeout_and_notify) {
    axtask::WaitQueue wq;
    Waiter slow{&wq, 30 * kMs};
    auto h = axtask::spawn(wait_body, &slow, {"timeout", 16 * 1024});
    KASSERT(h.ok());
    KEXPECT(axtask::join(h.value()).ok());
    KEXPECT(!slow.notified);
    KEXPECT(slow.waited >= 30 * kMs);
    KEXPECT(wq.empty());

    Waiter woken{&wq, 10000 * kMs};
    auto h2 = axtask::spawn(wait_body, &woken, {"notified", 16 * 1024});
    KASSERT(h2.ok());
    axtask::sleep_for(5 * kMs);
    KEXPECT_EQ(wq.notify_one(), size_t(1));
    KEXPECT(axtask::join(h2.value()).ok());
    KEXPECT(woken.notified);
    KEXPECT(woken.waited >= 5 * kMs);
    // Woken by notify_one, not by its 10 s timeout (a loaded host may add a second or more).
    KEXPECT(woken.waited < 5000 * kMs);
}

namespace {
struct StackProbe {
    uintptr_t local = 0;
};
void probe_body(void* arg) {
    volatile int here = 0;
    static_cast<StackProbe*>(arg)->local = reinterpret_cast<uintptr_t>(&here);
}
}  // namespace

KTEST(axtask, guard_page_is_unmapped) {
    StackProbe probe;
    axalloc::Stats mem0 = axalloc::stats();
    auto h = axtask::spawn(probe_body, &probe, {"probe", 16 * 1024});
    KASSERT(h.ok());
    axtask::yield_now();  // the probe runs and ends; its stack stays until join
    KASSERT(probe.local != 0);
    KEXPECT(probe.local >= AX_STACK_AREA_BASE);
    KEXPECT(probe.local < AX_STACK_AREA_BASE + AX_STACK_AREA_SIZE);
    // The stack is the 16 KiB below the page-aligned top that holds the probe's frame.
    uintptr_t top = axhal::align_up(probe.local, 4096);
    uintptr_t base = top - 16 * 1024;
    axhal::Translation in_stack = axhal::translate(base);
    KEXPECT(in_stack.present);
    KEXPECT(in_stack.writable);
    KEXPECT(!in_stack.executable);
    KEXPECT(!axhal::translate(base - 4096).present);  // the guard page
    KEXPECT(axtask::join(h.value()).ok());
    KEXPECT(!axhal::translate(base).present);  // unmapped once freed
    KEXPECT(axalloc::stats().frames_free + 4 >= mem0.frames_free);
}

namespace {
void never_runs(void* arg) {
    *static_cast<bool*>(arg) = true;
}
}  // namespace

KTEST(axtask, spawn_out_of_memory) {
    // Take every free frame, in the largest runs the allocator will give.
    static axhal::PhysAddr held[4096];
    static size_t held_count[4096];
    size_t n = 0;
    for (size_t run = 4096; run >= 1 && n < 4096;) {
        auto r = axalloc::alloc_frames(run);
        if (r.ok()) {
            held[n] = r.value();
            held_count[n++] = run;
        } else {
            run /= 2;
        }
    }
    bool ran = false;
    auto r = axtask::spawn(never_runs, &ran, {"oom", 64 * 1024});
    KEXPECT(!r.ok());
    if (!r.ok()) KEXPECT(r.error() == axerrno::AxError::NoMemory);
    for (size_t i = 0; i < n; ++i) KEXPECT(axalloc::free_frames(held[i], held_count[i]).ok());
    auto again = axtask::spawn(never_runs, &ran, {"after-oom", 64 * 1024});
    KASSERT(again.ok());
    KEXPECT(axtask::join(again.value()).ok());
    KEXPECT(ran);
}

namespace {
axtask::WaitQueue g_hook_wq;
int g_hook_calls;
// Like axnet's hook: arms "the NIC" with interrupts off and leaves them off for the halt.
uint64_t irq_off_hook() {
    axhal::irq_disable();
    if (++g_hook_calls == 3) g_hook_wq.notify_all();
    return axhal::monotonic_ns() + 2 * kMs;
}
}  // namespace

KTEST(axtask, hook_leaving_interrupts_off) {
    g_hook_calls = 0;
    axtask::set_idle_hook(irq_off_hook);
    // The idle loop halts with sti; hlt between the hook's runs, and turns interrupts back on
    // before the woken task runs.
    g_hook_wq.wait();
    KEXPECT(axhal::irq_enabled());
    KEXPECT(g_hook_calls >= 3);
    // A sleep: the hook runs, then the timer list wakes main.
    axtask::sleep_for(5 * kMs);
    KEXPECT(axhal::irq_enabled());
    // From task context, the state from before the call is restored.
    axtask::run_idle_hook_once();
    KEXPECT(axhal::irq_enabled());
    axtask::set_idle_hook(nullptr);
}
