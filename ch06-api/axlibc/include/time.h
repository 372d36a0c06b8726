/* time.h: clock_gettime (CLOCK_MONOTONIC, CLOCK_REALTIME), nanosleep, time. */
#ifndef _AXLIBC_TIME_H
#define _AXLIBC_TIME_H
#include <sys/types.h>
#ifdef __cplusplus
extern "C" {
#endif
/** Seconds and nanoseconds. */
struct timespec {
    time_t tv_sec; /**< seconds. */
    long tv_nsec; /**< nanoseconds, 0..999999999. */
};
/** Which clock clock_gettime() reads. */
typedef int clockid_t;
/** Wall-clock time: seconds since 1970 (the boot time plus the monotonic clock). */
#define CLOCK_REALTIME 0
/** Time since boot; never goes backwards. */
#define CLOCK_MONOTONIC 1
/** Stores clock @p clock's time in @p ts (which must point to a timespec). @return 0, or -1
 * with errno EINVAL (an unknown clock). */
int clock_gettime(clockid_t clock, struct timespec* ts);
/** Blocks the calling thread for @p req; @p rem (if not null) gets 0. @return 0, or -1 with
 * errno EINVAL (a field out of range). */
int nanosleep(const struct timespec* req, struct timespec* rem);
/** Seconds since 1970; also stored in @p t if not null. */
time_t time(time_t* t);
#ifdef __cplusplus
}
#endif
#endif
