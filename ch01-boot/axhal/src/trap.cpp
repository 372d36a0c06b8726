// axhal/src/trap.cpp: GDT, TSS and IDT set-up (Intel SDM 3A chapters 3.4, 7.7 and 6.14) and the
// C++ half of the trap path: dispatch to registered handlers, or a panic for CPU exceptions.
#include <axhal/cpu.h>
#include <axhal/layout.h>
#include <axhal/time.h>
#include <axhal/trap.h>
#include <axlog/log.h>
#include <axlog/panic.h>

#include <cstddef>

extern "C" char trap_stubs[];

namespace axhal {
namespace {

struct [[gnu::packed]] Tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};
static_assert(sizeof(Tss) == 104);

struct IdtGate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};
static_assert(sizeof(IdtGate) == 16);

struct [[gnu::packed]] DescriptorPointer {
    uint16_t limit;
    uint64_t base;
};

// A code or data segment descriptor (SDM 3A 3.4.5). In 64-bit mode the CPU ignores base and
// limit; what counts is the access byte and the L (64-bit code) and D/B bits.
struct SegmentDescriptor {
    uint16_t limit_low;   // limit 15:0
    uint16_t base_low;    // base 15:0
    uint8_t base_mid;     // base 23:16
    uint8_t access;       // P, DPL, S, type
    uint8_t limit_flags;  // G, D/B, L, AVL (7:4), limit 19:16 (3:0)
    uint8_t base_high;    // base 31:24
};
static_assert(sizeof(SegmentDescriptor) == 8);

// The 16-byte TSS descriptor of 64-bit mode (SDM 3A 7.2.3).
struct TssDescriptor {
    uint16_t limit_low;
    uint16_t base_low;
    uint8_t base_mid;
    uint8_t access;  // P, DPL, type 1001 (available 64-bit TSS)
    uint8_t limit_flags;
    uint8_t base_high;
    uint32_t base_upper;  // base 63:32
    uint32_t reserved;
};
static_assert(sizeof(TssDescriptor) == 16);

// Access byte (SDM 3A 3.4.5, table 3-1) and flags.
constexpr uint8_t kPresent = 0x80;
constexpr uint8_t kCodeOrData = 0x10;         // S: a code/data segment, not a system one
constexpr uint8_t kTypeCodeExecRead = 0x0b;   // execute/read, accessed
constexpr uint8_t kTypeDataReadWrite = 0x03;  // read/write, accessed
constexpr uint8_t kTypeTss64 = 0x09;          // available 64-bit TSS
constexpr uint8_t kFlagGranularity4K = 0x80;
constexpr uint8_t kFlagDefault32 = 0x40;  // D/B: 32-bit stack operations (data segments)
constexpr uint8_t kFlagLong = 0x20;       // L: 64-bit code

// A flat kernel (DPL 0) segment: base 0, limit 4 GiB in 4 KiB units.
constexpr SegmentDescriptor kernel_segment(uint8_t type, uint8_t flags) {
    return {0xffff,
            0,
            0,
            uint8_t(kPresent | kCodeOrData | type),
            uint8_t(kFlagGranularity4K | flags | 0x0f),
            0};
}

constexpr TssDescriptor tss_descriptor(uint64_t base, uint32_t limit) {
    return {uint16_t(limit),
            uint16_t(base),
            uint8_t(base >> 16),
            uint8_t(kPresent | kTypeTss64),
            uint8_t((limit >> 16) & 0x0f),
            uint8_t(base >> 24),
            uint32_t(base >> 32),
            0};
}

// The encodings every x86-64 kernel uses; the struct and the constants must agree.
static_assert(__builtin_bit_cast(uint64_t, kernel_segment(kTypeCodeExecRead, kFlagLong)) ==
              0x00af9b000000ffff);
static_assert(__builtin_bit_cast(uint64_t, kernel_segment(kTypeDataReadWrite, kFlagDefault32)) ==
              0x00cf93000000ffff);

// null, kernel code, kernel data, TSS: the selectors are the offsets.
struct Gdt {
    SegmentDescriptor null;
    SegmentDescriptor code;
    SegmentDescriptor data;
    TssDescriptor tss;
};
static_assert(sizeof(Gdt) == 40);

constexpr uint16_t kKernelCode = offsetof(Gdt, code);
constexpr uint16_t kKernelData = offsetof(Gdt, data);
constexpr uint16_t kTssSelector = offsetof(Gdt, tss);
static_assert(kKernelCode == 0x08 && kKernelData == 0x10 && kTssSelector == 0x18);

alignas(16) Gdt g_gdt;
alignas(16) Tss g_tss;
alignas(16) IdtGate g_idt[256];
alignas(16) uint8_t g_fault_stack[AX_FAULT_STACK_SIZE];
TrapHandler g_handlers[256];
FaultExplainer g_fault_explainer;
uint64_t g_unexpected_irqs;

void set_gate(uint8_t vector, uint8_t ist) {
    uint64_t addr = reinterpret_cast<uint64_t>(trap_stubs) + 16u * vector;
    g_idt[vector] = IdtGate{
        uint16_t(addr),       kKernelCode,          ist, 0x8e /* present, DPL 0, interrupt gate */,
        uint16_t(addr >> 16), uint32_t(addr >> 32), 0};
}

// Formats the register dump of an exception and panics with it.
[[noreturn]] void exception_panic(const TrapFrame& f) {
    char extra[160] = "";
    if (f.vector == 14) {  // page fault: CR2 holds the address, the error code says why (SDM 4.7)
        axlog::format_to_buffer(extra, sizeof(extra),
                                "\n  fault address (cr2) {:#018x}: {} {} in {} mode", read_cr2(),
                                (f.error_code & 1) ? "protection violation on" : "no page for",
                                (f.error_code & 0x10) ? "instruction fetch"
                                : (f.error_code & 2)  ? "write"
                                                      : "read",
                                (f.error_code & 4) ? "user" : "kernel");
    } else if (f.vector == 8) {
        axlog::format_to_buffer(extra, sizeof(extra),
                                "\n  (running on the IST1 fault stack: the kernel stack may "
                                "have overflowed)");
    }
    // Whoever knows the faulting address may say what lies there (axtask: a task's guard page).
    // A stack overflow into a guard page usually arrives as a double fault: pushing the page
    // fault's frame onto the same unmapped page faults again. CR2 holds the address in both.
    char why[192] = "";
    if ((f.vector == 14 || f.vector == 8) && g_fault_explainer &&
        g_fault_explainer(read_cr2(), why + 3, sizeof(why) - 3)) {
        why[0] = '\n', why[1] = ' ', why[2] = ' ';
    }
    axlog::FormatArg regs[] = {f.vector,
                               exception_name(f.vector),
                               f.error_code,
                               f.rip,
                               f.rsp,
                               f.rflags,
                               f.rax,
                               f.rbx,
                               f.rcx,
                               f.rdx,
                               f.rsi,
                               f.rdi,
                               f.rbp,
                               f.r8,
                               f.r9,
                               f.r10,
                               f.r11,
                               f.r12,
                               f.r13,
                               f.r14,
                               f.r15,
                               f.cs,
                               f.ss,
                               read_cr3(),
                               static_cast<const char*>(extra),
                               static_cast<const char*>(why)};
    axlog::vpanic_at(std::source_location::current(), f.rip, f.rbp, f.rsp,
                     "CPU exception {} ({}), error code {:#x}\n"
                     "  RIP {:#018x}  RSP {:#018x}  RFLAGS {:#x}\n"
                     "  RAX {:#018x}  RBX {:#018x}  RCX {:#018x}\n"
                     "  RDX {:#018x}  RSI {:#018x}  RDI {:#018x}\n"
                     "  RBP {:#018x}  R8  {:#018x}  R9  {:#018x}\n"
                     "  R10 {:#018x}  R11 {:#018x}  R12 {:#018x}\n"
                     "  R13 {:#018x}  R14 {:#018x}  R15 {:#018x}\n"
                     "  CS {:#x}  SS {:#x}  CR3 {:#x}{}{}",
                     regs, sizeof(regs) / sizeof(regs[0]));
}

}  // namespace

const char* exception_name(uint64_t vector) {
    static const char* const names[] = {"divide error",
                                        "debug",
                                        "NMI",
                                        "breakpoint",
                                        "overflow",
                                        "bound range exceeded",
                                        "invalid opcode",
                                        "device not available",
                                        "double fault",
                                        "coprocessor segment overrun",
                                        "invalid TSS",
                                        "segment not present",
                                        "stack-segment fault",
                                        "general protection fault",
                                        "page fault",
                                        "reserved",
                                        "x87 floating-point error",
                                        "alignment check",
                                        "machine check",
                                        "SIMD floating-point error",
                                        "virtualization exception",
                                        "control protection exception"};
    if (vector < sizeof(names) / sizeof(names[0])) return names[vector];
    return vector < 32 ? "reserved exception" : "interrupt";
}

void cpu_init() {
    // GDT: null, kernel code (64-bit), kernel data, then the 16-byte TSS descriptor.
    g_gdt.null = {};
    g_gdt.code = kernel_segment(kTypeCodeExecRead, kFlagLong);
    g_gdt.data = kernel_segment(kTypeDataReadWrite, kFlagDefault32);
    g_gdt.tss = tss_descriptor(reinterpret_cast<uint64_t>(&g_tss), sizeof(Tss) - 1);
    g_tss.ist[0] = reinterpret_cast<uint64_t>(g_fault_stack + sizeof(g_fault_stack));
    g_tss.iomap_base = sizeof(Tss);

    DescriptorPointer gdtr{sizeof(g_gdt) - 1, reinterpret_cast<uint64_t>(&g_gdt)};
    asm volatile(
        "lgdt %0\n"
        "pushq %1\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"  // reload CS
        "1: mov %2, %%ax\n"
        "mov %%ax, %%ds\n"
        "mov %%ax, %%es\n"
        "mov %%ax, %%ss\n"
        "ltr %w3\n" ::"m"(gdtr),
        "i"(uint64_t(kKernelCode)), "i"(kKernelData), "r"(kTssSelector)
        : "rax", "memory");

    // IDT: every vector gets its stub. Double fault, NMI and machine check switch to the IST1
    // stack, so they are reported even when the kernel stack is gone.
    for (int v = 0; v < 256; ++v) set_gate(uint8_t(v), (v == 2 || v == 8 || v == 18) ? 1 : 0);
    DescriptorPointer idtr{sizeof(g_idt) - 1, reinterpret_cast<uint64_t>(g_idt)};
    asm volatile("lidt %0" ::"m"(idtr));

    // SSE for the C code that may use it (axlibc, C applications; chapter 5, "Floating point
    // in tasks"); the kernel itself stays -mgeneral-regs-only. Intel SDM 3A 13.1, the four
    // steps that initialize SSE, and Table 13-1: CR4.OSFXSR (bit 9: FXSAVE/FXRSTOR and SSE
    // enabled), CR4.OSXMMEXCPT (bit 10: an unmasked SIMD exception is #XM, vector 19, not
    // #UD), CR0.EM = 0 (bit 2: no x87 emulation), CR0.MP = 1 (bit 1); and CR0.TS = 0 (bit 3),
    // or every SSE instruction would fault with #NM (axtask saves the state eagerly). Then
    // the power-on state: FNINIT (x87 control word 0x37f) and MXCSR 0x1f80 (every exception
    // masked, round to nearest), the values the System V ABI gives a program at start.
    uint64_t cr0;
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~((1ull << 2) | (1ull << 3))) | (1ull << 1);
    asm volatile("mov %0, %%cr0" ::"r"(cr0));
    uint64_t cr4;
    asm volatile("mov %%cr4, %0" : "=r"(cr4));
    asm volatile("mov %0, %%cr4" ::"r"(cr4 | (1ull << 9) | (1ull << 10)));
    uint32_t mxcsr = 0x1f80;
    asm volatile("fninit\n ldmxcsr %0" ::"m"(mxcsr));
}

void set_fault_explainer(FaultExplainer explainer) {
    g_fault_explainer = explainer;
}

bool set_trap_handler(uint8_t vector, TrapHandler handler) {
    if (vector < 32 || g_handlers[vector] != nullptr) return false;
    g_handlers[vector] = handler;
    return true;
}

uint8_t alloc_trap_vector(TrapHandler handler) {
    IrqGuard guard;
    for (unsigned v = kFirstDynamicVector; v < kSpuriousVector; ++v) {
        if (g_handlers[v] == nullptr) {
            g_handlers[v] = handler;
            return uint8_t(v);
        }
    }
    return 0;
}

void free_trap_vector(uint8_t vector) {
    IrqGuard guard;
    if (vector >= kFirstDynamicVector && vector < kSpuriousVector) g_handlers[vector] = nullptr;
}

}  // namespace axhal

/// Called by trap_common (trap_entry.S) for every exception and interrupt (chapter 1, 6.1).
extern "C" void axhal_trap(axhal::TrapFrame* frame) {
    using namespace axhal;
    // LAB ch01.trap_dispatch: exception, handler, or unexpected interrupt (chapter 1, 6.1)
    if (frame->vector < 32) exception_panic(*frame);
    if (TrapHandler h = g_handlers[frame->vector]) {
        h(*frame);
        return;
    }
    // An interrupt nobody asked for: count it, say so (the first few times), acknowledge it so
    // it does not block the timer, carry on. Spurious interrupts must not be acknowledged.
    if (++g_unexpected_irqs <= 8) {
        axlog::warn("unexpected interrupt on vector {} (count {})", frame->vector,
                    g_unexpected_irqs);
    }
    if (frame->vector != kSpuriousVector) lapic_eoi();
    // LAB END
}
