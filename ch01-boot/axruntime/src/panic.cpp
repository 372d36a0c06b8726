// axruntime/src/panic.cpp: the panic handler (the link-time interface axlog/panic.h declares).
// Prints the message and a backtrace with function names from the embedded symbol table, then
// powers off with a failure status. A panic inside the panic handler only prints and stops.
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <axhal/power.h>
#include <axlog/log.h>
#include <axlog/panic.h>
#include <axruntime/ksyms.h>

extern "C" const axruntime::Ksym __ksymtab_start[], __ksymtab_end[];
extern "C" char __text_start[], __text_end[];

namespace axruntime {

const Ksym* ksym_lookup(uint64_t addr, uint64_t& offset) {
    return ksym_lookup(__ksymtab_start, __ksymtab_end, addr, offset);
}

namespace {

constexpr int kMaxFrames = 32;
bool g_panicking;

void print_frame(int n, uint64_t pc) {
    uint64_t off = 0;
    const Ksym* s = ksym_lookup(pc, off);
    if (s) {
        axlog::println("  #{:<2} {:#018x} in {} +{:#x}", n, pc, s->name, off);
    } else {
        axlog::println("  #{:<2} {:#018x} in ??", n, pc);
    }
}

bool readable(uint64_t addr) {
    if (addr % 8 != 0) return false;
    axhal::Translation t = axhal::translate(addr);
    axhal::Translation t2 = axhal::translate(addr + 8);
    return t.present && t2.present;
}

bool in_text(uint64_t addr) {
    return addr >= uint64_t(__text_start) && addr < uint64_t(__text_end);
}

// Walks the frame-pointer chain: [rbp] = caller's rbp, [rbp + 8] = return address. Every
// pointer is checked against the page tables first: a corrupt chain ends the walk, not the panic.
// For an exception, the faulting function may not have pushed its frame yet (a leaf function
// often never does): then [rsp] holds its return address, which the chain would skip. If [rsp]
// is an address right after a call instruction (opcode e8), it is shown as the caller.
void backtrace(uint64_t rip, uint64_t rbp, uint64_t rsp) {
    axlog::println("backtrace:");
    int n = 0;
    if (rip) print_frame(n++, rip);
    if (rsp && readable(rsp)) {
        uint64_t top = *reinterpret_cast<const uint64_t*>(rsp);
        bool after_call =
            in_text(top) && in_text(top - 5) && *reinterpret_cast<const uint8_t*>(top - 5) == 0xe8;
        bool chain_has_it =
            rbp && readable(rbp) && reinterpret_cast<const uint64_t*>(rbp)[1] == top;
        if (after_call && !chain_has_it) print_frame(n++, top - 1);
    }
    uint64_t last = 0;
    int repeats = 0;  // a runaway recursion prints one line, not kMaxFrames identical ones
    while (rbp != 0 && n < kMaxFrames && readable(rbp)) {
        auto* frame = reinterpret_cast<const uint64_t*>(rbp);
        uint64_t ret = frame[1];
        if (!in_text(ret)) break;
        if (ret == last) {
            ++repeats;
        } else {
            if (repeats)
                axlog::println("      ... the frame above repeated {} more times", repeats);
            repeats = 0;
            print_frame(n++, ret - 1);  // -1: the call instruction, not the one after it
            last = ret;
        }
        if (frame[0] <= rbp) break;  // stacks grow down: a caller's frame is higher
        rbp = frame[0];
    }
    if (repeats) axlog::println("      ... the frame above repeated {} more times", repeats);
}

}  // namespace
}  // namespace axruntime

void ax_panic_handler(const axlog::PanicInfo& info) {
    axhal::irq_disable();
    if (axruntime::g_panicking) {
        axlog::println("\nPANIC while panicking: {}", info.message);
        axhal::system_off(false);
    }
    axruntime::g_panicking = true;
    axlog::println("\n!!! KERNEL PANIC at {}:{}", info.file, info.line);
    axlog_write(info.message, __builtin_strlen(info.message));  // may exceed println's buffer
    axlog_write("\n", 1);
    if (info.rip) {
        axruntime::backtrace(info.rip, info.rbp, info.rsp);
    } else {
        axruntime::backtrace(0, axhal::read_rbp(), 0);
    }
    axlog::println("!!! end of panic report; powering off with failure status");
    axhal::system_off(false);
}
