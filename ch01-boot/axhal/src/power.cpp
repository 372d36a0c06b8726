// axhal/src/power.cpp: turning the machine off.
#include <axhal/acpi.h>
#include <axhal/cpu.h>
#include <axhal/power.h>
#include <axlog/log.h>

namespace axhal {

void system_off(bool success) {
    irq_disable();
    // QEMU's isa-debug-exit (iobase 0xf4): the test harness adds it, QEMU exits at once.
    outl(0xf4, success ? kDebugExitSuccess : kDebugExitFailure);
    // ACPI soft-off: write SLP_TYP and SLP_EN (bit 13) to PM1 control (ACPI 6.5 4.8.3.2.1).
    acpi::SleepState s5;
    if (acpi::s5_state(s5)) {
        axlog::debug("power: ACPI S5: SLP_TYPa {} to port {:#x}", s5.slp_typa, s5.pm1a_cnt_port);
        outw(s5.pm1a_cnt_port, uint16_t((s5.slp_typa << 10) | (1u << 13)));
        if (s5.pm1b_cnt_port) outw(s5.pm1b_cnt_port, uint16_t((s5.slp_typb << 10) | (1u << 13)));
        // The power-off takes effect asynchronously (QEMU handles it in its main loop): give it
        // time before calling it a failure.
        for (uint64_t start = rdtsc(); rdtsc() - start < (uint64_t(1) << 32);) pause();
    }
    axlog::warn("power: could not switch the machine off; halting");
    halt_forever();
}

}  // namespace axhal
