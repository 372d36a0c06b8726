/// @file axhal/rtc.h
/// @brief The CMOS real-time clock (Motorola MC146818 compatible, I/O ports 0x70/0x71): the
/// wall-clock date and time, which the firmware keeps and QEMU sets from the host (or from
/// `-rtc base=...`). Chapter 1, exercise 1 has you write rtc_read(); until then it returns
/// AxError::Unsupported and the demo kernel says so.
#pragma once
#include <axerrno/axerrno.h>

#include <cstdint>

namespace axhal {

/// A calendar date and time of day, as the RTC keeps it (QEMU keeps UTC).
struct DateTime {
    uint16_t year;   ///< Full year, e.g. 2024.
    uint8_t month;   ///< 1..12.
    uint8_t day;     ///< 1..31.
    uint8_t hour;    ///< 0..23.
    uint8_t minute;  ///< 0..59.
    uint8_t second;  ///< 0..59.
};

/// Reads the RTC. Errors: Unsupported (not written yet: exercise 1), InvalidData (the chip
/// returned values out of range).
[[nodiscard]] axerrno::AxResult<DateTime> rtc_read();

}  // namespace axhal
