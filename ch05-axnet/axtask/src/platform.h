// axtask/src/platform.h: what the scheduler needs from below, implemented twice:
// platform_kernel.cpp (guarded stacks mapped through axhal's page tables, axhal's clock,
// `sti; hlt`, panics) and platform_host.cpp (malloc'd stacks, the host clock, nanosleep,
// abort). Everything above this interface is the same code in both builds.
#pragma once
#include <axerrno/axerrno.h>

#include <cstddef>
#include <cstdint>

namespace axtask {
struct Task;
}

namespace axtask::detail {

/// A task's stack: [base, base + size) is usable; in the kernel the page below base is the
/// unmapped guard page.
struct Stack {
    uintptr_t base = 0;
    size_t size = 0;
    uintptr_t top() const { return base + size; }
};

/// Allocates a stack of @p size bytes (a multiple of the page size). Error: NoMemory.
[[nodiscard]] axerrno::AxResult<Stack> stack_alloc(size_t size);
/// Frees a stack from stack_alloc(). Nothing may run on it any more.
void stack_free(const Stack& s);

/// Monotonic nanoseconds.
uint64_t clock_ns();

/// Waits, with nothing to run, until an interrupt (kernel) or a short while (host), but not
/// past @p wake_at (ns); returns at once if @p stay_awake() is true once interrupts can no
/// longer slip in unnoticed.
void idle_wait(uint64_t wake_at, bool (*stay_awake)());

/// Enables interrupts (kernel); nothing on the host. The idle hook may return with them off
/// (it armed a NIC's interrupt for the halt that follows); they go back on before a task runs.
void irq_on();
/// Whether interrupts are enabled (kernel); always true on the host.
bool irq_is_on();

/// Ends the kernel (the host process) with @p message: a broken invariant of the scheduler.
[[noreturn]] void fatal(const char* message, const Task* task);

/// Called once by init(): lets the platform hook into fault reports (the kernel names the
/// task whose guard page was hit).
void platform_init();

}  // namespace axtask::detail

namespace axtask::detail {

/// What axtask_context_switch() leaves on a switched-out task's stack, lowest address first
/// (the task's saved_rsp points at it). A new task's stack starts with one built by spawn(),
/// whose rip is the task's first instruction.
struct SwitchFrame {
    uint64_t r15, r14, r13, r12, rbx, rbp;
    uint64_t rip;  ///< The return address of axtask_context_switch().
};

/// A task's x87/SSE state as FXSAVE64 writes it (Intel SDM 2A, FXSAVE, the 64-bit layout):
/// control and status words, MXCSR, the eight x87 registers and the sixteen XMM registers.
/// 512 bytes, 16-byte aligned, or FXSAVE faults.
struct alignas(16) FpuState {
    uint16_t fcw;            ///< x87 control word (precision, rounding, masks).
    uint16_t fsw;            ///< x87 status word (sticky exception flags, stack top).
    uint8_t ftw;             ///< Abridged tag word: which x87 registers hold values.
    uint8_t reserved0;       ///< Reserved.
    uint16_t fop;            ///< Last x87 opcode.
    uint64_t fip, fdp;       ///< Last x87 instruction and data pointers.
    uint32_t mxcsr;          ///< SSE control and sticky status (rounding, masks, flags).
    uint32_t mxcsr_mask;     ///< Which MXCSR bits exist (written by FXSAVE).
    uint8_t registers[480];  ///< ST0-ST7, XMM0-XMM15 and the reserved tail.
    /// The state of a new task: the System V ABI's initial values, as a program starts with
    /// (x87 control 0x37f: every exception masked, 64-bit precision, round to nearest; MXCSR
    /// 0x1f80: every exception masked, round to nearest; no flags, empty x87 stack).
    static constexpr FpuState initial() {
        FpuState s{};
        s.fcw = 0x037f;
        s.mxcsr = 0x1f80;
        return s;
    }
};
static_assert(sizeof(FpuState) == 512);

}  // namespace axtask::detail

/// The context switch (context_switch.S): saves the callee-saved registers on the current
/// stack and the FPU/SSE state into @p save_fpu, stores the stack pointer in *@p save_rsp,
/// loads @p next_rsp, restores the next task's FPU/SSE state from @p next_fpu and its
/// registers from its stack, then returns into the next task.
extern "C" void axtask_context_switch(uintptr_t* save_rsp, uintptr_t next_rsp,
                                      axtask::detail::FpuState* save_fpu,
                                      const axtask::detail::FpuState* next_fpu);
/// The first instruction of every task (context_switch.S): calls axtask_task_start().
extern "C" void axtask_task_entry();
/// A task's life (scheduler.cpp): runs its entry, then ends it. Never returns.
extern "C" [[noreturn]] void axtask_task_start();
