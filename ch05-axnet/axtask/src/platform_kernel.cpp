// axtask/src/platform_kernel.cpp: the scheduler's platform in the kernel: task stacks in
// their own virtual area (axhal/layout.h, AX_STACK_AREA_BASE) with an unmapped guard page
// below each, a fault explainer that names the task whose guard page was hit, axhal's
// monotonic clock, and the halt of the idle loop (`sti; hlt`).
#include <axalloc/axalloc.h>
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <axhal/time.h>
#include <axhal/trap.h>
#include <axlog/format.h>
#include <axlog/log.h>
#include <axlog/panic.h>

#include <cstring>

#include "task.h"

namespace axtask::detail {
namespace {

using axhal::kPageSize;

// Virtual address ranges of the stack area: a bump pointer, and freed ranges kept for reuse
// by a stack of the same size (most tasks use the default size). A range is the guard page
// followed by the stack's pages.
struct VaRange {
    uintptr_t start;
    size_t pages;  // guard page included
};
constexpr size_t kMaxFreeRanges = 256;
VaRange g_free_ranges[kMaxFreeRanges];
size_t g_nfree;
uintptr_t g_area_next = AX_STACK_AREA_BASE;

bool take_range(size_t pages, uintptr_t& start) {
    for (size_t i = 0; i < g_nfree; ++i) {
        if (g_free_ranges[i].pages == pages) {
            start = g_free_ranges[i].start;
            g_free_ranges[i] = g_free_ranges[--g_nfree];
            return true;
        }
    }
    if (pages > (AX_STACK_AREA_BASE + AX_STACK_AREA_SIZE - g_area_next) / kPageSize) return false;
    start = g_area_next;
    g_area_next += pages * kPageSize;
    return true;
}

// A range that does not fit in the free list is dropped: 512 GiB of address space outlast
// millions of stacks, and its page tables stay in place.
void give_range(uintptr_t start, size_t pages) {
    if (g_nfree < kMaxFreeRanges) g_free_ranges[g_nfree++] = VaRange{start, pages};
}

bool alloc_page_table(axhal::PhysAddr& out) {
    auto frame = axalloc::alloc_frames(1);
    if (!frame.ok()) return false;
    std::memset(axhal::phys_to_ptr(frame.value()), 0, kPageSize);
    out = frame.value();
    return true;
}

void unmap_stack(uintptr_t base, size_t mapped_pages) {
    for (size_t i = 0; i < mapped_pages; ++i) axhal::unmap_page(base + i * kPageSize);
}

// Chapter 5, "Guard pages": the page below each stack is never mapped; a task that runs off
// the bottom of its stack faults there, and this names it in the panic report.
bool explain_fault(uint64_t addr, char* buf, size_t size) {
    for (Task* t = g_all_tasks.front(); t; t = g_all_tasks.next(t)) {
        if (t->stack.base == 0) continue;  // the main task runs on the boot stack
        if (addr >= t->stack.base - kPageSize && addr < t->stack.base) {
            axlog::format_to_buffer(buf, size,
                                    "stack overflow in task '{}' (id {}): {:#x} is in the guard "
                                    "page below its stack [{:#x}, {:#x})",
                                    static_cast<const char*>(t->name), t->id, addr, t->stack.base,
                                    t->stack.top());
            return true;
        }
    }
    return false;
}

}  // namespace

axerrno::AxResult<Stack> stack_alloc(size_t size) {
    size_t pages = size / kPageSize;
    uintptr_t start = 0;
    if (!take_range(pages + 1, start)) return axerrno::AxError::NoMemory;
    uintptr_t base = start + kPageSize;  // [start, base) is the guard page: left unmapped
    auto frames = axalloc::alloc_frames(pages);
    if (!frames.ok()) {
        give_range(start, pages + 1);
        return axerrno::AxError::NoMemory;
    }
    for (size_t i = 0; i < pages; ++i) {
        if (!axhal::map_page(base + i * kPageSize, frames.value() + i * kPageSize,
                             alloc_page_table)) {
            unmap_stack(base, i);
            (void)axalloc::free_frames(frames.value(), pages);
            give_range(start, pages + 1);
            return axerrno::AxError::NoMemory;
        }
    }
    return Stack{base, size};
}

void stack_free(const Stack& s) {
    size_t pages = s.size / kPageSize;
    axhal::Translation first = axhal::translate(s.base);
    if (!first.present) fatal("freeing a stack that is not mapped", nullptr);
    unmap_stack(s.base, pages);
    auto freed = axalloc::free_frames(first.phys, pages);
    if (!freed.ok()) {
        axlog::error("axtask: freeing the frames of stack {:#x}: {}", s.base,
                     axerrno::error_name(freed.error()));
    }
    give_range(s.base - kPageSize, pages + 1);
}

uint64_t clock_ns() {
    return axhal::monotonic_ns();
}

// Chapter 5, "The idle loop": with interrupts off, decide to sleep; `sti; hlt` then enables
// them and halts as one step (sti takes effect after the next instruction), so an interrupt
// that arrives after the check wakes the hlt instead of being handled before it. Any
// interrupt wakes it: a NIC's, or the LAPIC timer, whose next interrupt comes no later than
// the deadline (at the latest the 100 Hz tick).
void idle_wait(uint64_t wake_at, bool (*stay_awake)()) {
    axhal::irq_disable();
    if (stay_awake() || axhal::monotonic_ns() >= wake_at) {
        axhal::irq_enable();
        return;
    }
    axhal::timer_wake_by(wake_at);
    axhal::wait_for_irq();
}

void irq_on() {
    axhal::irq_enable();
}

bool irq_is_on() {
    return axhal::irq_enabled();
}

void fatal(const char* message, const Task* task) {
    AX_PANIC("axtask: {} (current task '{}', id {})", message,
             task ? static_cast<const char*>(task->name) : "?", task ? task->id : 0);
}

void platform_init() {
    axhal::set_fault_explainer(explain_fault);
}

}  // namespace axtask::detail
