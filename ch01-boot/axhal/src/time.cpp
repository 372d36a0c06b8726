// axhal/src/time.cpp: the monotonic clock (TSC) and the periodic timer (local APIC timer).
// Both are calibrated against the PIT, whose input clock is a fixed 1.193182 MHz (8254
// datasheet), during one PIT one-shot window on channel 2 (the speaker channel, no IRQ).
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
    outb(0x20, 0x11), outb(0xa0, 0x11);  // ICW1: init, ICW4 follows
    outb(0x21, 0x20), outb(0xa1, 0x28);  // ICW2: vector offsets
    outb(0x21, 0x04), outb(0xa1, 0x02);  // ICW3: cascade on IRQ2
    outb(0x21, 0x01), outb(0xa1, 0x01);  // ICW4: 8086 mode
    outb(0x21, 0xff), outb(0xa1, 0xff);  // mask all
}

}  // namespace

void time_init() {
    uint64_t base = rdmsr(kApicBaseMsr);
    wrmsr(kApicBaseMsr, base | (1u << 11));  // global APIC enable
    g_lapic = phys_to_virt(PhysAddr{base & 0xffffff000ull});
    disable_pic();
    lapic_write(kLapicSpurious, 0x100 | kSpuriousVector);  // software enable

    // Channel 2 gate on, speaker off. Each try counts one PIT window while the TSC and the
    // LAPIC timer run; the smallest counts win. Under emulation on a busy host the virtual CPU
    // may be descheduled inside a window, which can only make a count larger (seen: a TSC of
    // 14 GHz instead of 2.1 from a single window), never smaller. Two windows that agree
    // within 1% were both undisturbed: stop there (usually after two windows, 2 ms).
    outb(0x61, uint8_t((inb(0x61) & ~0x02) | 0x01));
    lapic_write(kLapicDivide, kDivideBy16);
    lapic_write(kLapicLvtTimer, kLvtMasked);
    uint64_t tsc_ticks = UINT64_MAX;
    uint64_t lapic_ticks = UINT64_MAX;
    for (int attempt = 0; attempt < kCalibrationTries; ++attempt) {
        outb(0x43, 0xb0);  // channel 2, lobyte/hibyte, mode 0 (interrupt on terminal count)
        outb(0x42, kCalibrationPitTicks & 0xff);
        outb(0x42, kCalibrationPitTicks >> 8);  // counting starts now
        uint64_t t0 = rdtsc();
        lapic_write(kLapicInitialCount, 0xffffffff);
        while (!(inb(0x61) & 0x20)) pause();  // OUT2 goes high at terminal count
        uint32_t lapic_left = lapic_read(kLapicCurrentCount);
        uint64_t t1 = rdtsc();
        lapic_write(kLapicInitialCount, 0);
        uint64_t tsc_used = t1 - t0;
        uint64_t lapic_used = 0xffffffffu - lapic_left;
        bool agrees = tsc_ticks != UINT64_MAX && tsc_used - tsc_used / 100 <= tsc_ticks &&
                      tsc_ticks <= tsc_used + tsc_used / 100;
        tsc_ticks = tsc_used < tsc_ticks ? tsc_used : tsc_ticks;
        lapic_ticks = lapic_used < lapic_ticks ? lapic_used : lapic_ticks;
        if (agrees) break;
    }

    g_tsc_hz = tsc_ticks * kPitHz / kCalibrationPitTicks;
    g_lapic_hz = lapic_ticks * kPitHz / kCalibrationPitTicks;
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
