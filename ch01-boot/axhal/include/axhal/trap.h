/// @file axhal/trap.h
/// @brief Traps: CPU exceptions and interrupts. The entry stubs (trap_entry.S) save every
/// general-purpose register into a TrapFrame and call axhal_trap(), which runs the handler
/// registered for the vector, or panics with a register dump for an unhandled exception.
#pragma once
#include <cstddef>
#include <cstdint>

namespace axhal {

/// The state of the interrupted code, as saved by the trap entry stubs (lowest address first).
struct TrapFrame {
    uint64_t r15;         ///< General-purpose registers, pushed by trap_common...
    uint64_t r14;         ///< ...
    uint64_t r13;         ///< ...
    uint64_t r12;         ///< ...
    uint64_t r11;         ///< ...
    uint64_t r10;         ///< ...
    uint64_t r9;          ///< ...
    uint64_t r8;          ///< ...
    uint64_t rbp;         ///< ... (the interrupted code's frame pointer)
    uint64_t rdi;         ///< ...
    uint64_t rsi;         ///< ...
    uint64_t rdx;         ///< ...
    uint64_t rcx;         ///< ...
    uint64_t rbx;         ///< ...
    uint64_t rax;         ///< ...pushed first.
    uint64_t vector;      ///< Interrupt vector number (pushed by the stub).
    uint64_t error_code;  ///< CPU error code, or 0 for vectors without one.
    uint64_t rip;         ///< Interrupted instruction (pushed by the CPU, as are the next four).
    uint64_t cs;          ///< Code segment selector.
    uint64_t rflags;      ///< Flags, including IF.
    uint64_t rsp;         ///< Stack pointer of the interrupted code.
    uint64_t ss;          ///< Stack segment selector.
};
static_assert(sizeof(TrapFrame) == 22 * 8);

/// Vector of the periodic LAPIC timer interrupt.
inline constexpr uint8_t kTimerVector = 0x30;
/// Vector LAPIC spurious interrupts are sent to.
inline constexpr uint8_t kSpuriousVector = 0xff;

/// A trap handler. It runs with interrupts disabled and must not block.
using TrapHandler = void (*)(TrapFrame& frame);

/// Loads the GDT (with a TSS whose IST1 stack serves double faults) and the IDT, and enables
/// SSE and FXSAVE (CR0, CR4) with the power-on x87 and MXCSR state, for C code built with
/// floating point (the kernel itself uses none).
void cpu_init();

/// Sets the handler of interrupt @p vector (32..255). Returns false if the vector is an
/// exception vector or already has a handler.
[[nodiscard]] bool set_trap_handler(uint8_t vector, TrapHandler handler);

/// First vector alloc_trap_vector() hands out; vectors below are fixed (exceptions, legacy
/// PIC range, the timer).
inline constexpr uint8_t kFirstDynamicVector = 0x40;

/// Reserves a free vector in [kFirstDynamicVector, kSpuriousVector) for @p handler (device
/// interrupts: MSI-X). Returns the vector, or 0 if none is free (0 is never a device vector).
[[nodiscard]] uint8_t alloc_trap_vector(TrapHandler handler);

/// Releases a vector from alloc_trap_vector() (a driver that failed to start gives it back).
void free_trap_vector(uint8_t vector);

/// Explains a faulting address for the panic report of a page fault or double fault, if it
/// knows what lies there (axtask: "the guard page of task 'x'"): writes one line into @p buf
/// (@p size bytes) and returns true, or returns false.
using FaultExplainer = bool (*)(uint64_t fault_addr, char* buf, size_t size);

/// Installs the explainer (one: a later call replaces it).
void set_fault_explainer(FaultExplainer explainer);

/// Human-readable name of exception vector @p vector ("page fault"), or "interrupt".
const char* exception_name(uint64_t vector);

}  // namespace axhal
