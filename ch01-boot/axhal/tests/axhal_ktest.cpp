// axhal/tests/axhal_ktest.cpp: the hardware layer on the real (emulated) machine.
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/paging.h>
#include <axhal/time.h>
#include <ktest/ktest.h>

extern "C" char __text_start[], __rodata_start[], __data_start[];

namespace {
int g_data_word = 42;
}

KTEST(axhal, phys_virt_round_trip) {
    axhal::PhysAddr pa{0x123000};
    KEXPECT(axhal::virt_to_phys(axhal::phys_to_virt(pa)) == pa);
    KEXPECT(axhal::translate(axhal::phys_to_virt(pa)).phys == pa);
    // Kernel image: the page tables agree with the arithmetic.
    KEXPECT(axhal::translate(uintptr_t(&g_data_word)).phys == axhal::virt_to_phys(&g_data_word));
}

KTEST(axhal, kernel_sections_are_w_xor_x) {
    auto text = axhal::translate(uintptr_t(__text_start));
    auto ro = axhal::translate(uintptr_t(__rodata_start));
    auto data = axhal::translate(uintptr_t(&g_data_word));
    KEXPECT(text.present && text.executable && !text.writable);
    KEXPECT(ro.present && !ro.executable && !ro.writable);
    KEXPECT(data.present && data.writable && !data.executable);
}

KTEST(axhal, no_identity_map) {
    KEXPECT(!axhal::translate(0).present);
    KEXPECT(!axhal::translate(0x200000).present);
}

// The upper bounds below hold in the best of five tries (ktest::shortest_ns): a host that
// deschedules QEMU for a moment stretches one try, a wrong clock or timer stretches them all.
KTEST(axhal, clock_is_monotonic_and_calibrated) {
    KEXPECT(axhal::tsc_hz() > 100'000'000);  // any x86_64 TSC runs above 100 MHz
    uint64_t waited = ktest::shortest_ns(5, 200'000'000, [&] {
        uint64_t a = axhal::monotonic_ns();
        axhal::busy_wait_ns(2'000'000);
        uint64_t b = axhal::monotonic_ns();
        KEXPECT(b - a >= 2'000'000);  // never early, on any try
        return b - a;
    });
    KEXPECT(waited < 200'000'000);
}

KTEST(axhal, timer_interrupts_arrive) {
    KEXPECT(axhal::irq_enabled());
    // Each try waits for 5 ticks, or gives up after 1 s and returns that second.
    uint64_t took = ktest::shortest_ns(5, 500'000'000, [] {
        uint64_t start = axhal::timer_ticks();
        uint64_t t0 = axhal::monotonic_ns();
        while (axhal::timer_ticks() < start + 5 && axhal::monotonic_ns() - t0 < 1'000'000'000) {
            axhal::wait_for_irq();
        }
        return axhal::monotonic_ns() - t0;
    });
    KEXPECT(took < 500'000'000);  // 5 ticks at 100 Hz: ~50 ms
}

// Ticks 10 ms apart (axruntime starts the timer at 100 Hz): neither faster nor slower. An
// emulator delivers a tick late when its process was descheduled, and then the ticks it owes
// early, back to back, to catch up; any one window of ticks may therefore be off. So the test
// looks for one window of 5 ticks each 6..14 ms apart, within 200 tries (10 s at most): a timer
// at the right rate gives one at the first quiet moment, a timer at half or twice the rate never
// does.
KTEST(axhal, timer_ticks_at_its_rate) {
    auto next_tick = [] {
        uint64_t seen = axhal::timer_ticks();
        while (axhal::timer_ticks() == seen) axhal::wait_for_irq();
        return axhal::monotonic_ns();
    };
    bool found = false;
    for (int attempt = 0; attempt < 200 && !found; ++attempt) {
        uint64_t last = next_tick();
        found = true;
        for (int i = 0; i < 5 && found; ++i) {
            uint64_t now = next_tick();
            found = now - last >= 6'000'000 && now - last <= 14'000'000;
            last = now;
        }
    }
    KEXPECT(found);
}

KTEST(axhal, irq_guard_restores_state) {
    KEXPECT(axhal::irq_enabled());
    {
        axhal::IrqGuard g;
        KEXPECT(!axhal::irq_enabled());
    }
    KEXPECT(axhal::irq_enabled());
}

KTEST(axhal, map_mmio_makes_device_registers_uncached) {
    // The local APIC's page: device registers, in the MMIO hole with no RAM beside them.
    axhal::PhysAddr lapic{0xfee00000};
    uintptr_t va = axhal::map_mmio(lapic, axhal::kPageSize);
    KEXPECT_EQ(va, axhal::phys_to_virt(lapic));
    KEXPECT(axhal::translate(va).uncached);
    KEXPECT(axhal::translate(va).phys == lapic);
    KEXPECT(!axhal::translate(axhal::phys_to_virt(axhal::PhysAddr{0x100000})).uncached);  // RAM
    KEXPECT_EQ(axhal::map_mmio(axhal::PhysAddr{AX_DIRECT_MAP_SIZE - 4096}, 8192), uintptr_t(0));
    KEXPECT_EQ(axhal::map_mmio(lapic, 0), uintptr_t(0));
}
