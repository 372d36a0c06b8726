/// @file axtask/axtask.h
/// @brief Tasks and wait queues (chapter 5, "Tasks and wait queues"): cooperative kernel
/// threads with their own stacks, a FIFO run queue, wait queues with timeouts, sleeping, and
/// the idle loop that polls the network (through the idle hook) and halts the CPU.
///
/// Scheduling is cooperative: a task runs until it blocks (join, sleep, a wait queue),
/// yields or ends. Interrupt handlers never touch these structures; they only call
/// kick_idle(). Hence the usage pattern of a wait queue has no lost wake-up:
///
///     while (!condition()) {
///         if (!wq.wait_until(deadline)) return AxError::TimedOut;
///     }
///
/// nothing can run between the check of condition() and the block in wait_until(), so a
/// notify that makes condition() true either came before the check (seen) or comes after
/// the block (wakes the task).
///
/// The same source builds for the kernel (stacks mapped in their own virtual area with an
/// unmapped guard page below each, time from axhal) and for the host as the static library
/// axtask_host (malloc'd stacks, no guard page, the host's monotonic clock), so host tests
/// run real tasks in a Linux process.
#pragma once
#include <axerrno/axerrno.h>

#include <cstddef>
#include <cstdint>

namespace axtask {

struct Task;

/// A task's entry: a plain function and one argument (no std::function in the kernel).
using TaskFn = void (*)(void* arg);

/// A handle to a spawned task; join() waits for it and releases it, detach() lets it free
/// itself. Movable, not copyable. A handle dropped without join() or detach() keeps the task's
/// memory after it ends (like a pthread never joined): always do one of the two.
class TaskHandle {
public:
    /// An invalid handle.
    TaskHandle() = default;
    /// Takes over @p other's task; @p other becomes invalid.
    TaskHandle(TaskHandle&& other) noexcept : m_task(other.m_task) { other.m_task = nullptr; }
    /// Takes over @p other's task. The task this handle held, if any, is detached.
    TaskHandle& operator=(TaskHandle&& other);
    TaskHandle(const TaskHandle&) = delete;
    TaskHandle& operator=(const TaskHandle&) = delete;

    /// Whether the handle refers to a task (not yet joined or detached).
    bool valid() const { return m_task != nullptr; }
    /// The task's id (0 for an invalid handle).
    uint64_t id() const;

private:
    friend struct TaskHandleAccess;
    explicit TaskHandle(Task* t) : m_task(t) {}
    Task* m_task = nullptr;
};

/// Options for spawn: name (for logs/GDB), stack size (bytes, rounded up to pages; a guard page
/// below each stack in the kernel build).
struct SpawnOptions {
    const char* name = "task";      ///< Copied (at most 31 characters are kept).
    size_t stack_size = 64 * 1024;  ///< Bytes of stack, rounded up to whole pages.
};

/// Creates a ready task that will run fn(arg); it is queued behind the tasks already ready.
/// When fn returns the task has finished. Errors: NoMemory when its stack or control block
/// cannot be allocated (never a crash), InvalidInput for a null @p fn or a zero stack size.
[[nodiscard]] axerrno::AxResult<TaskHandle> spawn(TaskFn fn, void* arg, SpawnOptions opts = {});
/// Waits for the task to finish and frees it; the handle becomes invalid.
/// Errors: InvalidInput on an invalid or already-joined handle, or a handle of the caller.
[[nodiscard]] axerrno::AxResult<> join(TaskHandle& t);
/// Detaches: the task frees itself when it ends (at once if it has already ended). The
/// handle becomes invalid; an invalid handle is ignored.
void detach(TaskHandle& t);
/// Gives the CPU to the next ready task (returns at once if none). The caller goes to the
/// back of the run queue.
void yield_now();
/// Blocks the current task until the monotonic time @p deadline_ns (axhal's clock, ns since
/// boot). A deadline already past only yields.
void sleep_until(uint64_t deadline_ns);
/// Blocks the current task for @p ns nanoseconds.
void sleep_for(uint64_t ns);
/// The current task's name (for logs).
const char* current_name();
/// The current task's id: 0 is the idle task, 1 the task that called init() ("main").
uint64_t current_id();
/// Monotonic time in ns (the clock sleep/timeouts use).
uint64_t now_ns();

/// A queue of blocked tasks (FIFO: notify_one() wakes the longest waiter). Usage pattern (no
/// lost wake-up in a cooperative kernel, since nothing runs between the check and the block
/// except interrupt handlers, which only mark work and never call into the stack):
///   while (!condition()) { if (!wq.wait_until(deadline)) return TimedOut; }
/// A WaitQueue must outlive its waiters: never destroy one while a task waits on it.
class WaitQueue {
public:
    /// An empty queue (constexpr: a global WaitQueue needs no constructor call).
    constexpr WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    /// Blocks until notified.
    void wait();
    /// Blocks until notified or the deadline (ns, monotonic; UINT64_MAX = none) passes.
    /// Returns true if notified, false on timeout (at once if the deadline has passed).
    [[nodiscard]] bool wait_until(uint64_t deadline_ns);
    /// Wakes one / all waiters (callable from task context, including from inside an lwIP
    /// callback that runs in the idle/poll path). The woken tasks are queued to run; the
    /// caller goes on running. Returns how many were woken.
    size_t notify_one();
    /// Wakes every waiter; returns how many.
    size_t notify_all();
    /// Whether no task waits here.
    bool empty() const { return m_head == nullptr; }

private:
    friend struct WaitQueueAccess;
    Task* m_head = nullptr;  // FIFO of waiters, linked through Task::queue_link
    Task* m_tail = nullptr;
};

/// The idle hook: run when no task is ready. axnet installs one that polls every NIC and lwIP's
/// timers and returns the next deadline (ns) at which it must run again (UINT64_MAX = none). The
/// idle loop then halts the CPU (kernel: `sti; hlt`) until an interrupt or that deadline (the
/// LAPIC timer), and calls the hook again. In host builds (tests) it does not halt: it calls
/// the hook, then advances as the host clock says.
///
/// The hook also runs, on the idle task, when tasks are always ready but kick_idle() was
/// called or the hook's deadline has passed, so a busy task cannot starve the network. It runs
/// on the idle task's stack, never nested inside another task's call: a task must therefore
/// never yield or block while it is inside the network stack (inside lwIP). The hook must not
/// block (a wait, sleep or join on the idle task stops the kernel with a report); it may
/// notify wait queues, and yield_now() from it lets ready tasks run before it goes on.
///
/// In the kernel the hook may return with interrupts disabled, having armed a NIC's receive
/// interrupt: then no interrupt can be taken between the arm and the idle loop's `sti; hlt`,
/// and a frame that arrives meanwhile wakes the halt. If a task is ready instead, interrupts
/// are enabled again before it runs (after run_idle_hook_once() too, if they were on before).
using IdleHook = uint64_t (*)();
/// Installs @p hook (nullptr removes it).
void set_idle_hook(IdleHook hook);
/// Also poll from task context: axnet calls this after a send, say. Runs the hook once
/// (not if it is already running: the call then does nothing).
void run_idle_hook_once();
/// For interrupt handlers (a received frame, say): makes the idle loop run the hook again
/// before it halts, and soon even if tasks are busy. Only sets a flag: safe in any context.
void kick_idle();

/// Starts the scheduler on the current (boot) stack, which becomes the "main" task. Called by
/// axruntime (or the stage's main) before anything else uses axtask. A second call does
/// nothing; every other function calls it first if nobody has.
void init();

/// A task's state, as listed by task_info() and the GDB command ax-tasks.
enum class TaskState : uint8_t {
    Ready,    ///< In the run queue.
    Running,  ///< The current task.
    Blocked,  ///< In a wait queue, asleep, or joining.
    Exited,   ///< Its entry returned; waiting to be joined or freed.
};

/// Scheduler figures for logs and tests.
struct Stats {
    size_t tasks;             ///< Live tasks (spawned and not yet freed), main and idle included.
    size_t ready;             ///< Tasks in the run queue.
    size_t sleeping;          ///< Tasks with a deadline (sleeping or waiting with a timeout).
    uint64_t switches;        ///< Context switches since init().
    uint64_t idle_hook_runs;  ///< Times the idle hook ran.
};
/// Current figures.
Stats stats();

}  // namespace axtask
