// axtask/src/platform_host.cpp: the scheduler's platform in a Linux process (the axtask_host
// library for host tests of axtask and axnet): stacks from the C library's allocator (no
// guard page), CLOCK_MONOTONIC, and a short nanosleep where the kernel would halt.
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "task.h"

namespace axtask::detail {
namespace {
constexpr uint64_t kMaxIdleSleepNs = 1000000;  // re-poll the hook at least every millisecond
}

axerrno::AxResult<Stack> stack_alloc(size_t size) {
    void* p = std::aligned_alloc(4096, size);
    if (!p) return axerrno::AxError::NoMemory;
    return Stack{reinterpret_cast<uintptr_t>(p), size};
}

void stack_free(const Stack& s) {
    std::free(reinterpret_cast<void*>(s.base));
}

uint64_t clock_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

// Nothing is ready: sleep the host thread until the earliest deadline, but at most a
// millisecond, so a hook that polls something outside (a fake wire, a host socket) runs often.
void idle_wait(uint64_t wake_at, bool (*stay_awake)()) {
    if (stay_awake()) return;
    uint64_t now = clock_ns();
    if (now >= wake_at) return;
    uint64_t ns = wake_at - now < kMaxIdleSleepNs ? wake_at - now : kMaxIdleSleepNs;
    timespec ts{time_t(ns / 1000000000ull), long(ns % 1000000000ull)};
    nanosleep(&ts, nullptr);
}

void irq_on() {}

bool irq_is_on() {
    return true;
}

void fatal(const char* message, const Task* task) {
    std::fprintf(stderr, "axtask: fatal: %s (current task '%s', id %llu)\n", message,
                 task ? task->name : "?", task ? static_cast<unsigned long long>(task->id) : 0ull);
    std::abort();
}

void platform_init() {}

}  // namespace axtask::detail
