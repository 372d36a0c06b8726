/// @file axhal/time.h
/// @brief Time: a monotonic clock from the TSC (calibrated against the PIT at boot) and the
/// periodic LAPIC timer interrupt.
#pragma once
#include <cstdint>

namespace axhal {

/// Measures the TSC and LAPIC timer frequencies against the PIT (about one millisecond).
void time_init();

/// Starts the LAPIC timer, periodic at @p hz interrupts per second (vector kTimerVector).
/// Interrupts must still be enabled by the caller.
void timer_start(uint32_t hz);

/// Makes the next timer interrupt come no later than @p deadline_ns (monotonic_ns() time), for
/// an idle CPU that must wake then: if the deadline is before the next periodic tick, the
/// LAPIC timer's count is shortened once and the timer handler restores the period after it
/// fires. Does nothing if the timer is not started or the deadline has passed. Call with
/// interrupts disabled (the idle loop, just before `sti; hlt`).
void timer_wake_by(uint64_t deadline_ns);

/// TSC ticks per second, as calibrated (0 before time_init()).
uint64_t tsc_hz();

/// Nanoseconds since the kernel's first instruction (0 before time_init()).
uint64_t monotonic_ns();

/// Converts a TSC interval to nanoseconds.
uint64_t tsc_to_ns(uint64_t ticks);

/// Number of timer interrupts taken since timer_start().
uint64_t timer_ticks();

/// Signals end of interrupt to the local APIC. Every handler of a LAPIC-delivered interrupt
/// calls it once (never for the spurious vector), or lower-priority interrupts stay blocked.
void lapic_eoi();

/// This CPU's local APIC ID (the destination an MSI or MSI-X message names).
uint32_t lapic_id();

/// Spins for at least @p ns nanoseconds.
void busy_wait_ns(uint64_t ns);

}  // namespace axhal
