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
typedef int clockid_t;
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
int clock_gettime(clockid_t clock, struct timespec* ts);
int nanosleep(const struct timespec* req, struct timespec* rem);
time_t time(time_t* t);
#ifdef __cplusplus
}
#endif
#endif
