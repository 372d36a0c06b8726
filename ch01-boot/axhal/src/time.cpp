// axhal/src/time.cpp: the monotonic clock (TSC) and the periodic timer (local APIC timer).
// Both are calibrated against the PIT, whose input clock is a fixed 1.193182 MHz (8254
// datasheet), by reading all three clocks at the two ends of a PIT window on channel 2 (the
// speaker channel, no IRQ).
#include <axhal/boot_info.h>
#include <axhal/cpu.h>
#include <axhal/mem.h>
#include <axhal/mmio.h>
#include <axhal/time.h>
#include <axhal/trap.h>
#include <axlog/log.h>
#include <axlog/panic.h>

namespace axhal {
namespace {

constexpr uint64_t kPitHz = 1193182;
constexpr uint32_t kCalibrationPitTicks = 1193;  // ~1 ms
constexpr int kCalibrationTries = 8;              // at most eight windows (see time_init)
constexpr uint8_t kPitCommand = 0x43;             // 8254 mode/command register
constexpr uint8_t kPitChannel2 = 0x42;            // channel 2's count (the speaker's)
constexpr uint8_t kPitLatchChannel2 = 0x80;       // counter latch command, channel 2
constexpr uint8_t kPitChannel2Mode0 = 0xb0;       // channel 2, low then high byte, mode 0

// Local APIC registers (Intel SDM 3A 11.4.1 and 11.5.4), as offsets from its MMIO base.
constexpr uint32_t kApicBaseMsr = 0x1b;
enum : uint32_t {
    kLapicEoi = 0xb0,
    kLapicSpurious = 0xf0,
    kLapicLvtTimer = 0x320,
    kLapicInitialCount = 0x380,
    kLapicCurrentCount = 0x390,
    kLapicDivide = 0x3e0,
};
constexpr uint32_t kLvtMasked = 1u << 16;
constexpr uint32_t kLvtPeriodic = 1u << 17;
constexpr uint32_t kDivideBy16 = 0x3;

uint64_t g_tsc_hz;
uint64_t g_ns_mult;   // ns = (ticks * g_ns_mult) >> 32
uint64_t g_lapic_hz;  // LAPIC timer counts per second, after the divide-by-16
uintptr_t g_lapic;
volatile uint64_t g_timer_ticks;
uint32_t g_period_count;  // initial count of one periodic tick (0: timer not started)
bool g_shortened;         // timer_wake_by() shortened the current period

uint32_t lapic_read(uint32_t reg) {
    return mmio_read<uint32_t>(g_lapic + reg);
}
void lapic_write(uint32_t reg, uint32_t v) {
    mmio_write<uint32_t>(g_lapic + reg, v);
}

void timer_handler(TrapFrame&) {
    g_timer_ticks = g_timer_ticks + 1;
    if (g_shortened) {  // back to the normal period (SDM 3A 11.5.4: a write restarts the count)
        g_shortened = false;
        lapic_write(kLapicInitialCount, g_period_count);
    }
    lapic_eoi();
}

// Remaps the legacy 8259 PICs to vectors 0x20..0x2f and masks every line: all interrupts come
// through the local APIC, and a stray PIC interrupt must not look like a CPU exception.
void disable_pic() {
    // Each step to the master (command 0x20, data 0x21), then the slave (0xa0, 0xa1).
    outb(0x20, 0x11);  // ICW1: init, ICW4 follows
    outb(0xa0, 0x11);
    outb(0x21, 0x20);  // ICW2: vector offsets
    outb(0xa1, 0x28);
    outb(0x21, 0x04);  // ICW3: the slave on IRQ2
    outb(0xa1, 0x02);
    outb(0x21, 0x01);  // ICW4: 8086 mode
    outb(0xa1, 0x01);
    outb(0x21, 0xff);  // mask all
    outb(0xa1, 0xff);
}

// Channel 2's current count (8254: the latch command freezes it for the two reads).
uint16_t pit2_count() {
    outb(kPitCommand, kPitLatchChannel2);
    uint8_t lo = inb(kPitChannel2);
    uint8_t hi = inb(kPitChannel2);
    return uint16_t(lo | hi << 8);
}

// The PIT and LAPIC counts read together, with the TSC read just before and just after. If
// the host stopped the emulator between those two TSC reads, the gap shows it: the TSC value
// belonging to the counts is then known only to within the gap.
struct ClockSample {
    uint64_t tsc_before;
    uint16_t pit;
    uint32_t lapic;
    uint64_t tsc_after;
};

ClockSample sample_clocks() {
    ClockSample s;
    s.tsc_before = rdtsc();
    s.pit = pit2_count();
    s.lapic = lapic_read(kLapicCurrentCount);
    s.tsc_after = rdtsc();
    return s;
}

}  // namespace

void time_init() {
    uint64_t base = rdmsr(kApicBaseMsr);
    wrmsr(kApicBaseMsr, base | (1u << 11));  // global APIC enable
    g_lapic = phys_to_virt(PhysAddr{base & 0xffffff000ull});
    disable_pic();
    lapic_write(kLapicSpurious, 0x100 | kSpuriousVector);  // software enable

    // Channel 2 gate on, speaker off. Each try reads the three clocks (sample_clocks) at the
    // start and at the end of a PIT window of at least kCalibrationPitTicks. Under emulation on
    // a busy host the virtual CPU may be descheduled at any point, and the clocks run on
    // meanwhile: what matters is when each clock was read. A pause between a sample's reads
    // shows as a gap between its two TSC reads, and a window whose gaps exceed 0.5% of it is
    // dropped. A pause inside the window costs nothing, unless it outlasts the PIT's 55 ms
    // cycle: the count then wraps unseen, and the window's rates come out too high. So one
    // window is never believed alone: the calibration ends when two windows agree within 1% on
    // both rates (usually the first two, 2 ms), and takes the median window if none do. (The
    // first version timed the window from the PIT's start to OUT2 and kept the smallest counts;
    // a pause right after the PIT started shortened the window: 129 MHz for a 2.1 GHz TSC.)
    outb(0x61, uint8_t((inb(0x61) & ~0x02) | 0x01));
    lapic_write(kLapicDivide, kDivideBy16);
    lapic_write(kLapicLvtTimer, kLvtMasked);
    struct Window {
        uint64_t tsc, lapic, pit;  // counts over the window
    };
    Window kept[kCalibrationTries];
    int n = 0;
    const Window* chosen = nullptr;
    auto close = [](uint64_t a, uint64_t a_pit, uint64_t b, uint64_t b_pit) {  // 1%, per tick
        return a * b_pit * 100 >= b * a_pit * 99 && a * b_pit * 99 <= b * a_pit * 100;
    };
    for (int attempt = 0; attempt < kCalibrationTries && !chosen; ++attempt) {
        outb(kPitCommand, kPitChannel2Mode0);
        outb(kPitChannel2, 0xff);
        outb(kPitChannel2, 0xff);  // counting down from 65535 starts now (55 ms to wrap)
        lapic_write(kLapicInitialCount, 0xffffffff);
        ClockSample a = sample_clocks();
        ClockSample b;
        do {
            pause();
            b = sample_clocks();
        } while (uint16_t(a.pit - b.pit) < kCalibrationPitTicks);
        lapic_write(kLapicInitialCount, 0);
        uint64_t span = b.tsc_before - a.tsc_after;  // surely inside the window
        uint64_t gap = (a.tsc_after - a.tsc_before) + (b.tsc_after - b.tsc_before);
        if (gap > span / 200) continue;  // a sample was interrupted
        Window w{(b.tsc_before + b.tsc_after) / 2 - (a.tsc_before + a.tsc_after) / 2,
                 a.lapic - b.lapic, uint16_t(a.pit - b.pit)};
        for (int i = 0; i < n && !chosen; ++i) {
            if (close(w.tsc, w.pit, kept[i].tsc, kept[i].pit) &&
                close(w.lapic, w.pit, kept[i].lapic, kept[i].pit)) {
                chosen = &kept[n];
            }
        }
        kept[n++] = w;
    }
    if (n == 0) {
        AX_PANIC("time: calibration failed: every PIT window was interrupted ({} tries)",
                 kCalibrationTries);
    }
    if (!chosen) {  // no two agree: the median TSC rate (insertion sort of at most 8)
        for (int i = 1; i < n; ++i) {
            for (int j = i; j > 0 && kept[j].tsc * kept[j - 1].pit < kept[j - 1].tsc * kept[j].pit;
                 --j) {
                Window t = kept[j];
                kept[j] = kept[j - 1];
                kept[j - 1] = t;
            }
        }
        chosen = &kept[n / 2];
        axlog::warn("time: no two of {} PIT windows agreed (a busy host?); the median is used",
                    n);
    }
    uint64_t tsc_ticks = chosen->tsc, lapic_ticks = chosen->lapic, pit_ticks = chosen->pit;

    g_tsc_hz = tsc_ticks * kPitHz / pit_ticks;
    g_lapic_hz = lapic_ticks * kPitHz / pit_ticks;
    if (g_tsc_hz == 0 || g_lapic_hz == 0) {
        AX_PANIC("time: calibration failed (TSC {} Hz, LAPIC timer {} Hz)", g_tsc_hz, g_lapic_hz);
    }
    g_ns_mult = (1000000000ull << 32) / g_tsc_hz;
    axlog::info("time: TSC {} MHz, LAPIC timer {} kHz (calibrated against the PIT)",
                g_tsc_hz / 1000000, g_lapic_hz / 1000);
}

void timer_start(uint32_t hz) {
    if (!set_trap_handler(kTimerVector, timer_handler)) AX_PANIC("time: timer vector taken");
    lapic_write(kLapicDivide, kDivideBy16);
    lapic_write(kLapicLvtTimer, kLvtPeriodic | kTimerVector);
    g_period_count = uint32_t(g_lapic_hz / hz);
    lapic_write(kLapicInitialCount, g_period_count);
}

void timer_wake_by(uint64_t deadline_ns) {
    if (g_period_count == 0) return;
    uint64_t now = monotonic_ns();
    if (deadline_ns <= now) return;
    // Periodic mode reloads the current count from the initial count at zero; writing the
    // initial count restarts counting from the new value (SDM 3A 11.5.4).
    uint64_t until_tick_ns = uint64_t(lapic_read(kLapicCurrentCount)) * 1000000000ull / g_lapic_hz;
    uint64_t wait_ns = deadline_ns - now;
    if (wait_ns >= until_tick_ns) return;  // the periodic tick comes first anyway
    uint64_t count = wait_ns * g_lapic_hz / 1000000000ull;
    lapic_write(kLapicInitialCount, uint32_t(count ? count : 1));
    g_shortened = true;
}

uint64_t tsc_hz() {
    return g_tsc_hz;
}

uint32_t lapic_id() {
    return g_lapic ? lapic_read(0x20) >> 24 : 0;
}  // ID register, SDM 11.4.6

void lapic_eoi() {
    if (g_lapic) lapic_write(kLapicEoi, 0);
}

uint64_t tsc_to_ns(uint64_t ticks) {
    return uint64_t((static_cast<unsigned __int128>(ticks) * g_ns_mult) >> 32);
}

uint64_t monotonic_ns() {
    return tsc_to_ns(rdtsc() - boot_info().entry_tsc);
}

uint64_t timer_ticks() {
    return g_timer_ticks;
}

void busy_wait_ns(uint64_t ns) {
    uint64_t start = monotonic_ns();
    while (monotonic_ns() - start < ns) pause();
}

}  // namespace axhal

uint64_t axlog_now_ns() {
    return axhal::monotonic_ns();
}
