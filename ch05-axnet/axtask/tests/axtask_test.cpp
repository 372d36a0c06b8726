// axtask/tests/axtask_test.cpp: host tests of the scheduler with real tasks in this process
// (axtask_host): FIFO order, yield, join, detach, sleep order, wait queue timeouts and
// notify, notify before wait, 1,000 tasks, and spawn's errors. Checks inside tasks use CHECK,
// never REQUIRE: a REQUIRE throws, and no exception may leave a task's entry.
#include <axtask/axtask.h>

#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "fpu_scenario.h"

using axerrno::AxError;

namespace {

constexpr uint64_t kMs = 1000000;

// Spawns fn(arg) with a name; REQUIREs success.
axtask::TaskHandle must_spawn(axtask::TaskFn fn, void* arg, const char* name = "test") {
    auto r = axtask::spawn(fn, arg, {name, 64 * 1024});
    REQUIRE(r.ok());
    axtask::TaskHandle h(std::move(r.value()));
    return h;
}

void join_ok(axtask::TaskHandle& h) {
    REQUIRE(axtask::join(h).ok());
}

struct Log {
    std::string text;
};

struct Step {
    Log* log;
    char name;
    int rounds;
};

void log_and_yield(void* arg) {
    auto* s = static_cast<Step*>(arg);
    for (int i = 0; i < s->rounds; ++i) {
        s->log->text += s->name;
        axtask::yield_now();
    }
}

}  // namespace

TEST_CASE("tasks run in FIFO order and yield round-robin", "[axtask]") {
    axtask::init();
    size_t baseline = axtask::stats().tasks;
    Log log;
    Step a{&log, 'a', 3}, b{&log, 'b', 3}, c{&log, 'c', 3};
    auto ha = must_spawn(log_and_yield, &a, "a");
    auto hb = must_spawn(log_and_yield, &b, "b");
    auto hc = must_spawn(log_and_yield, &c, "c");
    CHECK(log.text.empty());  // spawn only queues the task
    CHECK(axtask::stats().ready == 3);
    join_ok(ha);
    join_ok(hb);
    join_ok(hc);
    CHECK(log.text == "abcabcabc");
    CHECK(axtask::stats().tasks == baseline);
}

TEST_CASE("yield with nothing ready returns at once, without a switch", "[axtask]") {
    axtask::init();
    uint64_t before = axtask::stats().switches;
    for (int i = 0; i < 100; ++i) axtask::yield_now();
    CHECK(axtask::stats().switches == before);
    CHECK(axtask::current_id() == 1);
    CHECK(std::string(axtask::current_name()) == "main");
}

namespace {
struct Identity {
    uint64_t id = 0;
    std::string name;
    uintptr_t aligned_local = 1;
    double math = 0;
};
void record_identity(void* arg) {
    auto* who = static_cast<Identity*>(arg);
    who->id = axtask::current_id();
    who->name = axtask::current_name();
    // The System V ABI: rsp + 8 is a multiple of 16 at a function's entry, so the frame
    // pointer (rsp after pushing rbp) is a multiple of 16.
    who->aligned_local = reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) % 16;
    volatile double x = 2.0;
    who->math = x * 1.5;  // SSE code runs fine on a task's stack
}
}  // namespace

TEST_CASE("a task knows its name and id, and starts on an ABI-aligned stack", "[axtask]") {
    axtask::init();
    Identity who;
    auto r =
        axtask::spawn(record_identity, &who, {"a-rather-long-task-name-cut-at-31-chars", 16384});
    REQUIRE(r.ok());
    axtask::TaskHandle h(std::move(r.value()));
    uint64_t id = h.id();
    CHECK(id > 1);
    join_ok(h);
    CHECK(who.id == id);
    CHECK(who.name == "a-rather-long-task-name-cut-at-");
    CHECK(who.aligned_local == 0);
    CHECK(who.math == 3.0);
}

namespace {
void set_flag(void* arg) {
    *static_cast<bool*>(arg) = true;
}
axtask::TaskHandle* g_self_handle;
axerrno::AxResult<> g_self_join = AxError::BadState;
void join_self(void*) {
    g_self_join = axtask::join(*g_self_handle);
}
}  // namespace

// Chapter 5, "Floating point in tasks": each task keeps its rounding mode and its sticky
// exception flags (MXCSR, x87 control and status words) across the switches of 200 yields.
TEST_CASE("each task keeps its own floating-point state across switches", "[axtask]") {
    axtask::init();
    axtask_test::FpuScenario s;
    REQUIRE(axtask_test::run_fpu_scenario(s, 200));
    for (int i = 0; i < 2; ++i) {
        CHECK(s.interleaved[i].sse_bits == s.alone[i].sse_bits);
        CHECK(s.interleaved[i].x87_bits[0] == s.alone[i].x87_bits[0]);
        CHECK(s.interleaved[i].x87_bits[1] == s.alone[i].x87_bits[1]);
        CHECK((s.interleaved[i].mxcsr >> 13 & 3) == s.alone[i].rounding);
    }
    CHECK(s.alone[0].sse_bits != s.alone[1].sse_bits);  // the two modes do differ
    CHECK(axtask_test::divzero_flags(s.interleaved[0]));
    CHECK_FALSE(axtask_test::divzero_flags(s.interleaved[1]));
}

TEST_CASE("join waits for the task and rejects invalid handles", "[axtask]") {
    axtask::init();
    size_t baseline = axtask::stats().tasks;
    bool done = false;
    auto h = must_spawn(set_flag, &done);
    CHECK(h.valid());
    join_ok(h);
    CHECK(done);
    CHECK(!h.valid());
    CHECK(axtask::join(h).error() == AxError::InvalidInput);  // already joined
    axtask::TaskHandle none;
    CHECK(axtask::join(none).error() == AxError::InvalidInput);

    auto self = must_spawn(join_self, nullptr);
    g_self_handle = &self;
    join_ok(self);
    CHECK(!g_self_join.ok());
    CHECK(g_self_join.error() == AxError::InvalidInput);
    CHECK(axtask::stats().tasks == baseline);
}

namespace {
void count_after_yields(void* arg) {
    axtask::yield_now();
    axtask::yield_now();
    ++*static_cast<int*>(arg);
}
}  // namespace

TEST_CASE("detached tasks free themselves when they end", "[axtask]") {
    axtask::init();
    size_t baseline = axtask::stats().tasks;
    int ended = 0;
    for (int i = 0; i < 10; ++i) {
        auto h = must_spawn(count_after_yields, &ended);
        axtask::detach(h);
        CHECK(!h.valid());
    }
    CHECK(axtask::stats().tasks == baseline + 10);
    while (ended < 10) axtask::yield_now();
    axtask::yield_now();  // the last one is freed by the next task to run after it
    CHECK(axtask::stats().tasks == baseline);

    // Detaching a task that has already ended frees it at once.
    bool done = false;
    auto h = must_spawn(set_flag, &done);
    while (!done) axtask::yield_now();
    CHECK(axtask::stats().tasks == baseline + 1);
    axtask::detach(h);
    CHECK(axtask::stats().tasks == baseline);
}

namespace {
struct Sleeper {
    uint64_t ns;
    std::vector<int>* order;
    int tag;
    uint64_t slept = 0;
};
void sleep_then_log(void* arg) {
    auto* s = static_cast<Sleeper*>(arg);
    uint64_t t0 = axtask::now_ns();
    axtask::sleep_for(s->ns);
    s->slept = axtask::now_ns() - t0;
    s->order->push_back(s->tag);
}
}  // namespace

TEST_CASE("sleepers wake in deadline order, never early", "[axtask]") {
    axtask::init();
    std::vector<int> order;
    Sleeper s[] = {{30 * kMs, &order, 30},
                   {10 * kMs, &order, 10},
                   {20 * kMs, &order, 20},
                   {1 * kMs, &order, 1}};
    std::vector<axtask::TaskHandle> hs;
    for (auto& x : s) hs.push_back(must_spawn(sleep_then_log, &x, "sleeper"));
    uint64_t t0 = axtask::now_ns();
    for (auto& h : hs) join_ok(h);
    CHECK(order == std::vector<int>{1, 10, 20, 30});
    for (auto& x : s) CHECK(x.slept >= x.ns);
    CHECK(axtask::now_ns() - t0 >= 30 * kMs);
    CHECK(axtask::stats().sleeping == 0);
}

TEST_CASE("main can sleep too; a past deadline only yields", "[axtask]") {
    axtask::init();
    uint64_t t0 = axtask::now_ns();
    axtask::sleep_for(5 * kMs);
    CHECK(axtask::now_ns() - t0 >= 5 * kMs);
    t0 = axtask::now_ns();
    axtask::sleep_until(0);
    CHECK(axtask::now_ns() - t0 < 5 * kMs);
}

namespace {
struct Waiter {
    axtask::WaitQueue* wq;
    uint64_t timeout_ns;
    bool result = false;
    uint64_t waited = 0;
    std::vector<int>* order = nullptr;
    int tag = 0;
};
void wait_with_timeout(void* arg) {
    auto* w = static_cast<Waiter*>(arg);
    uint64_t t0 = axtask::now_ns();
    uint64_t deadline = w->timeout_ns == UINT64_MAX ? UINT64_MAX : t0 + w->timeout_ns;
    w->result = w->wq->wait_until(deadline);
    w->waited = axtask::now_ns() - t0;
    if (w->order) w->order->push_back(w->tag);
}
}  // namespace

TEST_CASE("wait_until times out at its deadline", "[axtask][waitqueue]") {
    axtask::init();
    axtask::WaitQueue wq;
    Waiter w{&wq, 20 * kMs};
    auto h = must_spawn(wait_with_timeout, &w, "waiter");
    join_ok(h);
    CHECK_FALSE(w.result);
    CHECK(w.waited >= 20 * kMs);
    CHECK(wq.empty());  // a timed-out waiter leaves the queue
    CHECK(wq.notify_one() == 0);
    // A deadline already past returns false at once, without blocking.
    CHECK_FALSE(wq.wait_until(axtask::now_ns() - 1));
    CHECK_FALSE(wq.wait_until(0));
}

TEST_CASE("notify wakes waiters in FIFO order before their deadline", "[axtask][waitqueue]") {
    axtask::init();
    axtask::WaitQueue wq;
    std::vector<int> order;
    Waiter w[] = {{&wq, 10000 * kMs, false, 0, &order, 1},
                  {&wq, UINT64_MAX, false, 0, &order, 2},
                  {&wq, 10000 * kMs, false, 0, &order, 3}};
    std::vector<axtask::TaskHandle> hs;
    for (auto& x : w) hs.push_back(must_spawn(wait_with_timeout, &x, "waiter"));
    axtask::yield_now();  // all three block
    CHECK_FALSE(wq.empty());
    CHECK(axtask::stats().sleeping == 2);
    CHECK(wq.notify_one() == 1);
    CHECK(wq.notify_all() == 2);
    CHECK(wq.empty());
    CHECK(axtask::stats().sleeping == 0);  // notified waiters left the timer list
    for (auto& h : hs) join_ok(h);
    CHECK(order == std::vector<int>{1, 2, 3});
    for (auto& x : w) {
        CHECK(x.result);
        CHECK(x.waited < 10000 * kMs);
    }
}

namespace {
// The documented pattern: a condition, a queue, a check loop around wait_until.
struct Channel {
    axtask::WaitQueue wq;
    bool ready = false;
    int waits = 0;
    bool got = false;
};
void consumer(void* arg) {
    auto* ch = static_cast<Channel*>(arg);
    uint64_t deadline = axtask::now_ns() + 5000 * kMs;
    while (!ch->ready) {
        ++ch->waits;
        if (!ch->wq.wait_until(deadline)) return;
    }
    ch->got = true;
}
void producer(void* arg) {
    auto* ch = static_cast<Channel*>(arg);
    ch->ready = true;
    ch->wq.notify_all();
}
}  // namespace

TEST_CASE("notify before wait: the documented pattern loses no wake-up", "[axtask][waitqueue]") {
    axtask::init();
    // The producer runs first: its notify finds nobody waiting (and is not remembered), but
    // the consumer then sees the condition and never blocks.
    {
        Channel ch;
        auto p = must_spawn(producer, &ch, "producer");
        auto c = must_spawn(consumer, &ch, "consumer");
        join_ok(p);
        join_ok(c);
        CHECK(ch.got);
        CHECK(ch.waits == 0);
    }
    // The consumer runs first: it blocks, the producer's notify wakes it.
    {
        Channel ch;
        auto c = must_spawn(consumer, &ch, "consumer");
        auto p = must_spawn(producer, &ch, "producer");
        uint64_t t0 = axtask::now_ns();
        join_ok(c);
        join_ok(p);
        CHECK(ch.got);
        CHECK(ch.waits == 1);
        CHECK(axtask::now_ns() - t0 < 1000 * kMs);  // woken by the notify, not the deadline
    }
}

namespace {
struct Many {
    int counter = 0;
    int order_errors = 0;
    int next_expected = 0;
};
struct ManyArg {
    Many* m;
    int index;
};
void many_body(void* arg) {
    auto* a = static_cast<ManyArg*>(arg);
    // First run: tasks start in the order they were spawned.
    if (a->m->next_expected != a->index) ++a->m->order_errors;
    a->m->next_expected = a->index + 1;
    for (int i = 0; i < 3; ++i) {
        ++a->m->counter;
        axtask::yield_now();
    }
}
}  // namespace

TEST_CASE("1,000 tasks all run, in order, and are all freed", "[axtask]") {
    axtask::init();
    size_t baseline = axtask::stats().tasks;
    constexpr int kTasks = 1000;
    Many m;
    std::vector<ManyArg> args(kTasks);
    std::vector<axtask::TaskHandle> hs;
    for (int i = 0; i < kTasks; ++i) {
        args[i] = {&m, i};
        auto r = axtask::spawn(many_body, &args[i], {"many", 16 * 1024});
        REQUIRE(r.ok());
        hs.emplace_back(std::move(r.value()));
    }
    CHECK(axtask::stats().tasks == baseline + kTasks);
    for (auto& h : hs) join_ok(h);
    CHECK(m.counter == 3 * kTasks);
    CHECK(m.order_errors == 0);
    CHECK(axtask::stats().tasks == baseline);
}

TEST_CASE("spawn reports errors instead of crashing", "[axtask]") {
    axtask::init();
    size_t baseline = axtask::stats().tasks;
    bool ran = false;
    // A stack no allocator can give: NoMemory, nothing leaked.
    auto r = axtask::spawn(set_flag, &ran, {"huge", size_t(1) << 50});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == AxError::NoMemory);
    auto r2 = axtask::spawn(set_flag, &ran, {"overflow", SIZE_MAX});
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error() == AxError::NoMemory);
    auto r3 = axtask::spawn(set_flag, &ran, {"empty", 0});
    REQUIRE_FALSE(r3.ok());
    CHECK(r3.error() == AxError::InvalidInput);
    auto r4 = axtask::spawn(nullptr, nullptr);
    REQUIRE_FALSE(r4.ok());
    CHECK(r4.error() == AxError::InvalidInput);
    CHECK(axtask::stats().tasks == baseline);
    CHECK(axtask::stats().ready == 0);
    axtask::yield_now();
    CHECK_FALSE(ran);
}

namespace {
struct HookState {
    int runs = 0;
    int notify_at = 0;
    axtask::WaitQueue* wq = nullptr;
    uint64_t next_ns = UINT64_MAX;
};
HookState g_hook;
uint64_t test_hook() {
    ++g_hook.runs;
    if (g_hook.wq && g_hook.runs == g_hook.notify_at) g_hook.wq->notify_all();
    return g_hook.next_ns;
}
void busy_yielder(void* arg) {
    auto* stop = static_cast<bool*>(arg);
    while (!*stop) axtask::yield_now();
}
void kick_until_polled(void* arg) {
    auto* stop = static_cast<bool*>(arg);
    int before = g_hook.runs;
    axtask::kick_idle();  // what an interrupt handler does
    while (g_hook.runs == before) axtask::yield_now();
    *stop = true;
}
}  // namespace

TEST_CASE("the idle hook runs when nothing is ready and can wake waiters", "[axtask][idle]") {
    axtask::init();
    axtask::WaitQueue wq;
    g_hook = HookState{0, 3, &wq, 0};  // "run me again at once"
    axtask::set_idle_hook(test_hook);
    uint64_t runs0 = axtask::stats().idle_hook_runs;
    wq.wait();  // nothing else is ready: the idle task polls until the hook notifies
    CHECK(g_hook.runs == 3);
    CHECK(axtask::stats().idle_hook_runs - runs0 == 3);

    // run_idle_hook_once polls from task context.
    g_hook.wq = nullptr;
    axtask::run_idle_hook_once();
    CHECK(g_hook.runs == 4);

    // A busy task cannot starve the hook: a kick (from an interrupt handler) makes the idle
    // task run at the next switch although tasks are always ready.
    g_hook.next_ns = UINT64_MAX;
    axtask::run_idle_hook_once();  // the hook's deadline is now "never"
    bool stop = false;
    auto busy = must_spawn(busy_yielder, &stop, "busy");
    auto kicker = must_spawn(kick_until_polled, &stop, "kicker");
    join_ok(kicker);
    join_ok(busy);
    CHECK(stop);
    axtask::set_idle_hook(nullptr);
}

TEST_CASE("the idle hook keeps polling while every task sleeps", "[axtask][idle]") {
    axtask::init();
    // The hook asks to run again 2 ms later; main sleeps 100 ms meanwhile. The idle loop must
    // not sleep through to main's deadline: it wakes for the hook's (and runs the hook at
    // every wake-up, which may be more often). 100 ms leaves room for a loaded host whose
    // 2 ms sleeps last far longer: the count asked for is 5, a twentieth of the ideal.
    g_hook = HookState{0, 0, nullptr, 0};
    axtask::set_idle_hook([]() -> uint64_t {
        ++g_hook.runs;
        return axtask::now_ns() + 2 * kMs;
    });
    uint64_t t0 = axtask::now_ns();
    axtask::sleep_for(100 * kMs);
    CHECK(axtask::now_ns() - t0 >= 100 * kMs);
    CHECK(g_hook.runs >= 5);
    axtask::set_idle_hook(nullptr);
}

namespace {
int g_yield_hook_seen = -1;
int g_yield_hook_counter = 0;
void bump(void*) {
    ++g_yield_hook_counter;
}
}  // namespace

TEST_CASE("yield_now in the idle hook runs ready tasks, then the hook goes on", "[axtask][idle]") {
    axtask::init();
    axtask::WaitQueue wq;
    static axtask::WaitQueue* s_wq = &wq;
    g_yield_hook_counter = 0;
    g_yield_hook_seen = -1;
    // The hook (on the idle task) spawns a task and yields: the task runs at once, and the
    // idle task is not put in the run queue (it runs whenever nothing else is ready).
    axtask::set_idle_hook([]() -> uint64_t {
        auto r = axtask::spawn(bump, nullptr, {"bump", 16 * 1024});
        if (r.ok()) axtask::detach(r.value());
        axtask::yield_now();
        g_yield_hook_seen = g_yield_hook_counter;
        axtask::set_idle_hook(nullptr);
        s_wq->notify_all();
        return UINT64_MAX;
    });
    wq.wait();
    CHECK(g_yield_hook_seen == 1);
    CHECK(axtask::stats().ready == 0);
}
