// axtask/src/task.h: the task control block, the intrusive task lists and the scheduler's
// internal interface shared by scheduler.cpp, wait_queue.cpp and idle.cpp.
#pragma once
#include <axtask/axtask.h>

#include "platform.h"

namespace axtask {

/// A link of an intrusive doubly linked list of tasks.
struct TaskLink {
    Task* prev = nullptr;
    Task* next = nullptr;
};

/// The task control block. The first field is what the context switch saves and restores.
struct Task {
    uintptr_t saved_rsp = 0;  // the stack pointer while switched out (context_switch.S)
    // x87/SSE state while switched out (chapter 5, "Floating point in tasks"); a new task
    // starts from the ABI's initial state.
    detail::FpuState fpu = detail::FpuState::initial();
    uint64_t id = 0;
    TaskState state = TaskState::Ready;
    bool detached = false;
    bool notified = false;  // why the last wait ended: notify (true) or deadline (false)
    char name[32] = {};
    TaskFn fn = nullptr;
    void* arg = nullptr;
    detail::Stack stack;
    uint64_t deadline = UINT64_MAX;   // wake-up time while in the timer list
    WaitQueue* waiting_on = nullptr;  // the queue it is blocked in, if any
    TaskLink queue_link;              // run queue or one wait queue (never both)
    TaskLink timer_link;              // the timer list (sleeping or waiting with a timeout)
    TaskLink all_link;                // every live task, for stats, GDB and fault reports
    WaitQueue joiners;                // the task that joins it
#if defined(__SANITIZE_ADDRESS__)
    void* asan_fake_stack = nullptr;  // sanitizer.h: ASan's state while switched out
    const void* asan_bottom = nullptr;
    size_t asan_size = 0;
#endif
};

/// The operations of an intrusive doubly linked list of tasks through @p Link, on a list
/// given as its head and tail pointers (a TaskList's, or a WaitQueue's).
template <TaskLink Task::*Link>
struct TaskListOps {
    // Inserts @p t before @p pos (nullptr: at the end).
    static void insert_before(Task*& head, Task*& tail, Task* pos, Task* t) {
        TaskLink& l = t->*Link;
        l.next = pos;
        l.prev = pos ? (pos->*Link).prev : tail;
        if (l.prev) {
            (l.prev->*Link).next = t;
        } else {
            head = t;
        }
        if (pos) {
            (pos->*Link).prev = t;
        } else {
            tail = t;
        }
    }
    static void remove(Task*& head, Task*& tail, Task* t) {
        TaskLink& l = t->*Link;
        if (l.prev) {
            (l.prev->*Link).next = l.next;
        } else {
            head = l.next;
        }
        if (l.next) {
            (l.next->*Link).prev = l.prev;
        } else {
            tail = l.prev;
        }
        l = TaskLink{};
    }
};

/// An intrusive FIFO of tasks through one of their links, with its length.
template <TaskLink Task::*Link>
class TaskList {
    using Ops = TaskListOps<Link>;

public:
    bool empty() const { return m_head == nullptr; }
    Task* front() const { return m_head; }
    size_t size() const { return m_size; }
    static Task* next(const Task* t) { return (t->*Link).next; }

    void push_back(Task* t) { insert_before(nullptr, t); }
    // Inserts @p t before @p pos (nullptr: at the end).
    void insert_before(Task* pos, Task* t) {
        Ops::insert_before(m_head, m_tail, pos, t);
        ++m_size;
    }
    void remove(Task* t) {
        Ops::remove(m_head, m_tail, t);
        --m_size;
    }
    Task* pop_front() {
        Task* t = m_head;
        if (t) remove(t);
        return t;
    }

private:
    Task* m_head = nullptr;
    Task* m_tail = nullptr;
    size_t m_size = 0;
};

/// Lets TaskHandle's users inside axtask build and read handles.
struct TaskHandleAccess {
    static TaskHandle make(Task* t) { return TaskHandle(t); }
    static Task* get(const TaskHandle& h) { return h.m_task; }
    static void clear(TaskHandle& h) { h.m_task = nullptr; }
};

namespace detail {

/// The running task (never null after init()).
extern Task* g_current;
/// Every live task, linked through all_link (GDB's ax-tasks walks it from its front).
extern TaskList<&Task::all_link> g_all_tasks;

/// Runs init() if nobody has.
void ensure_init();

/// Stops the kernel if the current task may not block: the idle task (the idle hook runs on
/// it, and nothing would be left to run). @p what names the call, for the report.
void check_may_block(const char* what);
/// Whether no task is ready.
bool run_queue_empty();
/// Puts a blocked or new task at the back of the run queue.
void make_ready(Task* t);

/// Gives the CPU away. The caller has set the current task's state: Ready (then it is in the
/// run queue already), Blocked (in a wait queue and/or the timer list) or Exited.
void schedule();

/// Adds @p t to the timer list, ordered by deadline (FIFO among equal deadlines).
void timer_add(Task* t, uint64_t deadline);
/// Removes @p t from the timer list if it is there.
void timer_cancel(Task* t);
/// Wakes every task whose deadline is at or before @p now (a waiter's wait then times out).
void timer_wake_expired(uint64_t now);
/// The earliest deadline in the timer list (UINT64_MAX if empty).
uint64_t timer_next_deadline();
/// Tasks in the timer list.
size_t timer_count();

/// The idle task's body: runs the hook, wakes sleepers, halts.
[[noreturn]] void idle_loop();
/// Whether the idle task should run at the next switch although tasks are ready: kick_idle()
/// was called or the hook's deadline has passed.
bool idle_due(uint64_t now);
/// The idle hook's run count (for stats()).
uint64_t idle_hook_runs();

}  // namespace detail
}  // namespace axtask
