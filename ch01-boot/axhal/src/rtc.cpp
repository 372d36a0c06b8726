// axhal/src/rtc.cpp: the CMOS real-time clock.
// This is chapter 1's exercise 1 (chapters/ch01-boot.md, "Exercises"): read the date and time
// from the RTC's registers. The starting point reports that the clock cannot be read yet.
#include <axhal/rtc.h>

namespace axhal {

axerrno::AxResult<DateTime> rtc_read() {
    return axerrno::AxError::Unsupported;
}

}  // namespace axhal
