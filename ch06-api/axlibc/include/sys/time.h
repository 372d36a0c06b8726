/* sys/time.h: struct timeval and gettimeofday. */
#ifndef _AXLIBC_SYS_TIME_H
#define _AXLIBC_SYS_TIME_H
#include <sys/types.h>
#ifdef __cplusplus
extern "C" {
#endif
/** Seconds and microseconds. */
struct timeval {
    time_t tv_sec; /**< seconds. */
    suseconds_t tv_usec; /**< microseconds, 0..999999. */
};
/** Wall-clock time (the RTC at boot plus the monotonic clock); @p tz must be null. */
int gettimeofday(struct timeval* tv, void* tz);
#ifdef __cplusplus
}
#endif
#endif
