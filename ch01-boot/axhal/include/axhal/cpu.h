/// @file axhal/cpu.h
/// @brief x86_64 instructions the rest of the kernel needs, as inline functions: port I/O,
/// model-specific registers, control registers, the time stamp counter and interrupt control.
#pragma once
#include <cstdint>

namespace axhal {

/// Writes a byte to an I/O port.
inline void outb(uint16_t port, uint8_t v) {
    asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
/// Writes a 16-bit word to an I/O port.
inline void outw(uint16_t port, uint16_t v) {
    asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
/// Writes a 32-bit word to an I/O port.
inline void outl(uint16_t port, uint32_t v) {
    asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
/// Reads a byte from an I/O port.
inline uint8_t inb(uint16_t port) {
    uint8_t v;
    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
/// Reads a 16-bit word from an I/O port.
inline uint16_t inw(uint16_t port) {
    uint16_t v;
    asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
/// Reads a 32-bit word from an I/O port.
inline uint32_t inl(uint16_t port) {
    uint32_t v;
    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/// Reads a model-specific register.
inline uint64_t rdmsr(uint32_t msr) {
    uint32_t lo, hi;
    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t(hi) << 32) | lo;
}
/// Writes a model-specific register.
inline void wrmsr(uint32_t msr, uint64_t v) {
    asm volatile("wrmsr" ::"c"(msr), "a"(uint32_t(v)), "d"(uint32_t(v >> 32)));
}

/// Reads the time stamp counter (not serialising: fine for intervals of microseconds and more).
inline uint64_t rdtsc() {
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t(hi) << 32) | lo;
}

/// Reads CR2, the address of the last page fault.
inline uint64_t read_cr2() {
    uint64_t v;
    asm volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
/// Reads CR3, the physical address of the current top-level page table.
inline uint64_t read_cr3() {
    uint64_t v;
    asm volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
/// Loads CR3: switches page tables and flushes non-global TLB entries.
inline void write_cr3(uint64_t v) {
    asm volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}
/// Reads the frame pointer of the calling function (for backtraces).
inline uint64_t read_rbp() {
    uint64_t v;
    asm volatile("mov %%rbp, %0" : "=r"(v));
    return v;
}

/// Executes CPUID for @p leaf / @p subleaf; results in a..d.
inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t& a, uint32_t& b, uint32_t& c,
                  uint32_t& d) {
    asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
}

/// Enables maskable interrupts on this CPU.
inline void irq_enable() {
    asm volatile("sti" ::: "memory");
}
/// Disables maskable interrupts on this CPU.
inline void irq_disable() {
    asm volatile("cli" ::: "memory");
}
/// Whether maskable interrupts are enabled (RFLAGS.IF).
inline bool irq_enabled() {
    uint64_t flags;
    asm volatile("pushfq; popq %0" : "=r"(flags));
    return flags & (1u << 9);
}
/// Halts until the next interrupt.
inline void halt() {
    asm volatile("hlt" ::: "memory");
}
/// Enables interrupts and halts in one step, so a wake-up interrupt cannot slip in between.
inline void wait_for_irq() {
    asm volatile("sti; hlt" ::: "memory");
}
/// Spin-loop hint.
inline void pause() {
    asm volatile("pause");
}

/// Disables interrupts for the lifetime of the object and restores the previous state after.
class IrqGuard {
public:
    IrqGuard() : m_was_enabled(irq_enabled()) { irq_disable(); }
    ~IrqGuard() {
        if (m_was_enabled) irq_enable();
    }
    IrqGuard(const IrqGuard&) = delete;
    IrqGuard& operator=(const IrqGuard&) = delete;

private:
    bool m_was_enabled;
};

/// Stops this CPU for good: interrupts off, halt forever.
[[noreturn]] inline void halt_forever() {
    for (;;) asm volatile("cli; hlt");
}

}  // namespace axhal
