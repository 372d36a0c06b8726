// axtask/src/scheduler.cpp: tasks and the run queue (chapter 5, "Tasks and wait queues"):
// spawn, the FIFO run queue, schedule() and the context switch's bookkeeping, task exit,
// join and detach.
#include <new>

#include "sanitizer.h"
#include "task.h"

namespace axtask {
namespace detail {

Task* g_current;
TaskList<&Task::all_link> g_all_tasks;

namespace {

constexpr size_t kPageSize = 4096;

bool g_initialized;
Task g_main_task;  // the boot stack's task: never freed
Task* g_idle;      // runs when nothing else is ready (idle.cpp)
TaskList<&Task::queue_link> g_run_queue;
uint64_t g_next_id = 2;  // 0 is the idle task, 1 the main task
uint64_t g_switches;
Task* g_reap;           // a detached task that has exited, freed by the next task to run
Task* g_switched_from;  // the task the last switch left

void set_name(Task* t, const char* name) {
    size_t i = 0;
    for (; name && name[i] && i + 1 < sizeof(t->name); ++i) t->name[i] = name[i];
    t->name[i] = '\0';
}

void free_task(Task* t) {
    g_all_tasks.remove(t);
    stack_free(t->stack);
    delete t;
}

// Runs first in every task after a switch into it: frees the detached task that just exited
// (it could not free the stack it was running on).
void finish_switch() {
    sanitizer_finish_switch(g_current, g_switched_from);
    if (Task* t = g_reap) {
        g_reap = nullptr;
        free_task(t);
    }
}

[[noreturn]] void exit_current() {
    Task* t = g_current;
    t->state = TaskState::Exited;
    t->joiners.notify_all();
    if (t->detached) g_reap = t;
    schedule();
    fatal("an exited task was scheduled again", t);
}

// Allocates a task with a stack whose first frame makes the switch return into
// axtask_task_entry.
axerrno::AxResult<Task*> new_task(const char* name, size_t stack_size) {
    if (stack_size == 0) return axerrno::AxError::InvalidInput;
    if (stack_size > SIZE_MAX - kPageSize) return axerrno::AxError::NoMemory;
    size_t size = (stack_size + kPageSize - 1) & ~(kPageSize - 1);
    Task* t = new (std::nothrow) Task;
    if (!t) return axerrno::AxError::NoMemory;
    // FXSAVE faults on an area not 16-byte aligned: the heap must give malloc's alignment.
    if (reinterpret_cast<uintptr_t>(&t->fpu) % alignof(FpuState) != 0) {
        fatal("the heap returned a task block not 16-byte aligned", g_current);
    }
    auto stack = stack_alloc(size);
    if (!stack.ok()) {
        delete t;
        return stack.error();
    }
    t->stack = stack.value();
#if defined(__SANITIZE_ADDRESS__)
    t->asan_bottom = reinterpret_cast<const void*>(t->stack.base);
    t->asan_size = t->stack.size;
#endif
    set_name(t, name);
    // The first switch into the task pops this frame and returns into axtask_task_entry with
    // rsp at the top of the stack.
    auto* frame = reinterpret_cast<SwitchFrame*>(t->stack.top() - sizeof(SwitchFrame));
    *frame = SwitchFrame{};
    frame->rip = reinterpret_cast<uintptr_t>(&axtask_task_entry);
    t->saved_rsp = reinterpret_cast<uintptr_t>(frame);
    g_all_tasks.push_back(t);
    return t;
}

}  // namespace

void ensure_init() {
    if (!g_initialized) init();
}

void check_may_block(const char* what) {
    if (g_current == g_idle) fatal(what, g_current);
}

bool run_queue_empty() {
    return g_run_queue.empty();
}

void make_ready(Task* t) {
    t->state = TaskState::Ready;
    g_run_queue.push_back(t);
}

// Chapter 5, "The run queue and the switch": picks the next task (the idle task when nothing
// is ready, or when it is due to poll) and switches to it.
void schedule() {
    Task* prev = g_current;
    uint64_t now = clock_ns();
    timer_wake_expired(now);
    Task* next = nullptr;
    if (prev != g_idle && idle_due(now)) {
        next = g_idle;
    } else {
        next = g_run_queue.pop_front();
        if (!next) next = g_idle;
    }
    if (next == prev) {
        prev->state = TaskState::Running;
        return;
    }
    if (next != g_idle && prev == g_idle) prev->state = TaskState::Ready;
    next->state = TaskState::Running;
    g_current = next;
    ++g_switches;
    g_switched_from = prev;
    sanitizer_start_switch(prev, next);
    axtask_context_switch(&prev->saved_rsp, next->saved_rsp, &prev->fpu, &next->fpu);
    finish_switch();
}

}  // namespace detail

using namespace detail;

}  // namespace axtask

// A task's life, entered from axtask_task_entry (context_switch.S) on the task's own stack.
extern "C" void axtask_task_start() {
    using namespace axtask::detail;
    finish_switch();
    axtask::Task* t = g_current;
    if (t == g_idle) idle_loop();
    t->fn(t->arg);
    exit_current();
}

namespace axtask {
using namespace detail;

void init() {
    if (g_initialized) return;
    g_initialized = true;
    g_main_task.id = 1;
    g_main_task.state = TaskState::Running;
    set_name(&g_main_task, "main");
    g_all_tasks.push_back(&g_main_task);
    g_current = &g_main_task;
    platform_init();
    auto idle = new_task("idle", 16 * 1024);
    if (!idle.ok()) fatal("no memory for the idle task", &g_main_task);
    g_idle = idle.value();
    g_idle->id = 0;
    g_idle->state = TaskState::Ready;  // never in the run queue: schedule() picks it itself
}

axerrno::AxResult<TaskHandle> spawn(TaskFn fn, void* arg, SpawnOptions opts) {
    ensure_init();
    if (!fn) return axerrno::AxError::InvalidInput;
    auto t = new_task(opts.name, opts.stack_size);
    if (!t.ok()) return t.error();
    Task* task = t.value();
    task->id = g_next_id++;
    task->fn = fn;
    task->arg = arg;
    make_ready(task);
    return TaskHandleAccess::make(task);
}

axerrno::AxResult<> join(TaskHandle& h) {
    ensure_init();
    Task* t = TaskHandleAccess::get(h);
    if (!t || t == g_current) return axerrno::AxError::InvalidInput;
    check_may_block("join() on the idle task (the idle hook must not block)");
    while (t->state != TaskState::Exited) t->joiners.wait();
    TaskHandleAccess::clear(h);
    free_task(t);
    return {};
}

void detach(TaskHandle& h) {
    Task* t = TaskHandleAccess::get(h);
    if (!t) return;
    TaskHandleAccess::clear(h);
    if (t->state == TaskState::Exited) {
        free_task(t);
    } else {
        t->detached = true;
    }
}

TaskHandle& TaskHandle::operator=(TaskHandle&& other) {
    if (this != &other) {
        detach(*this);
        m_task = other.m_task;
        other.m_task = nullptr;
    }
    return *this;
}

uint64_t TaskHandle::id() const {
    return m_task ? m_task->id : 0;
}

void yield_now() {
    ensure_init();
    // The idle task (the idle hook, say, waiting for transmit space) is never queued: it runs
    // whenever nothing else is ready.
    if (g_current != g_idle) make_ready(g_current);
    schedule();
}

const char* current_name() {
    ensure_init();
    return g_current->name;
}

uint64_t current_id() {
    ensure_init();
    return g_current->id;
}

uint64_t now_ns() {
    return clock_ns();
}

Stats stats() {
    ensure_init();
    return Stats{g_all_tasks.size(), g_run_queue.size(), timer_count(), g_switches,
                 idle_hook_runs()};
}

}  // namespace axtask
