/* The atexit table shared by atexit.c and exit.c. */
#ifndef _AXLIBC_EXIT_IMPL_H
#define _AXLIBC_EXIT_IMPL_H

#define __AXLIBC_ATEXIT_MAX 32

extern void (*__axlibc_atexit_fns[__AXLIBC_ATEXIT_MAX])(void);
extern int __axlibc_atexit_count;

#endif
