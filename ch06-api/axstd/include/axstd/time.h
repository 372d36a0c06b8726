/// @file axstd/time.h
/// @brief axstd::time (Rust std::time): Duration and Instant over arceos_api's monotonic clock.
#pragma once
#include <arceos_api/arceos_api.h>

#include <cstdint>

namespace axstd::time {

/// A span of time in nanoseconds (Rust Duration).
class Duration {
public:
    /// Zero.
    constexpr Duration() = default;
    /// @p s seconds.
    static constexpr Duration from_secs(uint64_t s) { return Duration(s * 1'000'000'000); }
    /// @p ms milliseconds.
    static constexpr Duration from_millis(uint64_t ms) { return Duration(ms * 1'000'000); }
    /// @p us microseconds.
    static constexpr Duration from_micros(uint64_t us) { return Duration(us * 1'000); }
    /// @p ns nanoseconds.
    static constexpr Duration from_nanos(uint64_t ns) { return Duration(ns); }
    /// The longest duration: "never" where a timeout is expected.
    static constexpr Duration max() { return Duration(UINT64_MAX); }
    /// Whole seconds.
    constexpr uint64_t as_secs() const { return m_ns / 1'000'000'000; }
    /// Whole milliseconds.
    constexpr uint64_t as_millis() const { return m_ns / 1'000'000; }
    /// Whole microseconds.
    constexpr uint64_t as_micros() const { return m_ns / 1'000; }
    /// Nanoseconds.
    constexpr uint64_t as_nanos() const { return m_ns; }
    /// Sum.
    constexpr Duration operator+(Duration o) const { return Duration(m_ns + o.m_ns); }
    /// Durations compare by length.
    constexpr auto operator<=>(const Duration&) const = default;

private:
    constexpr explicit Duration(uint64_t ns) : m_ns(ns) {}
    uint64_t m_ns = 0;
};

/// A point of the monotonic clock (Rust Instant).
class Instant {
public:
    /// Now.
    static Instant now() { return Instant(arceos_api::time::ax_monotonic_time_ns()); }
    /// Time since this instant.
    Duration elapsed() const { return now() - *this; }
    /// Time from @p earlier to this instant (zero if @p earlier is later, as Rust saturates).
    constexpr Duration operator-(Instant earlier) const {
        return Duration::from_nanos(m_ns > earlier.m_ns ? m_ns - earlier.m_ns : 0);
    }
    /// This instant plus @p d.
    constexpr Instant operator+(Duration d) const { return Instant(m_ns + d.as_nanos()); }
    /// Nanoseconds since boot.
    constexpr uint64_t as_nanos_since_boot() const { return m_ns; }
    /// Instants compare by time.
    constexpr auto operator<=>(const Instant&) const = default;

private:
    constexpr explicit Instant(uint64_t ns) : m_ns(ns) {}
    uint64_t m_ns;
};

}  // namespace axstd::time
