// axtask/src/wait_queue.cpp: wait queues and the timer list (chapter 5, "Wait queues and the
// lost wake-up"): blocking with a deadline, notify, sleeping, and waking tasks whose deadline
// has passed.
#include "task.h"

namespace axtask {

// A WaitQueue's FIFO is a task list through queue_link kept in the queue's two pointers (the
// public header does not know TaskList).
struct WaitQueueAccess {
    using Ops = TaskListOps<&Task::queue_link>;
    static void push_back(WaitQueue& q, Task* t) {
        Ops::insert_before(q.m_head, q.m_tail, nullptr, t);
    }
    static void remove(WaitQueue& q, Task* t) { Ops::remove(q.m_head, q.m_tail, t); }
    static Task* front(const WaitQueue& q) { return q.m_head; }
};

namespace detail {
namespace {

TaskList<&Task::timer_link> g_timers;  // ordered by deadline

// Makes a blocked task ready again, for the reason given, taking it out of its wait queue
// and the timer list.
void wake(Task* t, bool notified) {
    if (t->waiting_on) {
        WaitQueueAccess::remove(*t->waiting_on, t);
        t->waiting_on = nullptr;
    }
    timer_cancel(t);
    t->notified = notified;
    make_ready(t);
}

}  // namespace

void timer_add(Task* t, uint64_t deadline) {
    t->deadline = deadline;
    Task* pos = g_timers.front();
    while (pos && pos->deadline <= deadline) pos = g_timers.next(pos);
    g_timers.insert_before(pos, t);
}

void timer_cancel(Task* t) {
    if (t->deadline == UINT64_MAX) return;
    g_timers.remove(t);
    t->deadline = UINT64_MAX;
}

void timer_wake_expired(uint64_t now) {
    while (Task* t = g_timers.front()) {
        if (t->deadline > now) break;
        wake(t, false);
    }
}

uint64_t timer_next_deadline() {
    Task* t = g_timers.front();
    return t ? t->deadline : UINT64_MAX;
}

size_t timer_count() {
    return g_timers.size();
}

}  // namespace detail

using namespace detail;

// Chapter 5, "Wait queues and the lost wake-up": the caller checked its condition and found it
// false; nothing has run since (cooperative), so blocking now cannot miss a notify.
bool WaitQueue::wait_until(uint64_t deadline_ns) {
    ensure_init();
    if (deadline_ns != UINT64_MAX && clock_ns() >= deadline_ns) return false;
    check_may_block("a wait on the idle task (the idle hook must not block)");
    // LAB ch05.wait: block until notify or timeout (chapter 5, "Wait queues") | returns: false
    Task* t = g_current;
    WaitQueueAccess::push_back(*this, t);
    t->waiting_on = this;
    if (deadline_ns != UINT64_MAX) timer_add(t, deadline_ns);
    t->state = TaskState::Blocked;
    schedule();
    return t->notified;
    // LAB END
}

void WaitQueue::wait() {
    (void)wait_until(UINT64_MAX);
}

size_t WaitQueue::notify_one() {
    // LAB ch05.notify: wake the longest waiter (chapter 5, "Wait queues") | returns: 0
    Task* t = WaitQueueAccess::front(*this);
    if (!t) return 0;
    wake(t, true);
    return 1;
    // LAB END
}

size_t WaitQueue::notify_all() {
    size_t n = 0;
    while (notify_one()) ++n;
    return n;
}

void sleep_until(uint64_t deadline_ns) {
    ensure_init();
    if (clock_ns() >= deadline_ns) {
        yield_now();
        return;
    }
    check_may_block("a sleep on the idle task (the idle hook must not block)");
    Task* t = g_current;
    if (deadline_ns != UINT64_MAX) timer_add(t, deadline_ns);  // else: asleep for good
    t->state = TaskState::Blocked;
    schedule();
}

void sleep_for(uint64_t ns) {
    uint64_t now = now_ns();
    sleep_until(ns > UINT64_MAX - now ? UINT64_MAX : now + ns);
}

}  // namespace axtask
