/* sys/types.h: POSIX's basic types (x86_64 Linux sizes). */
#ifndef _AXLIBC_SYS_TYPES_H
#define _AXLIBC_SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>
typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
#endif
