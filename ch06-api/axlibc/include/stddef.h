/* stddef.h: size_t, ptrdiff_t, NULL, offsetof (C17 7.19). axlibc builds with -nostdinc, so
 * even the compiler's own freestanding headers come from here, written with GCC's predefined
 * type macros. */
#ifndef _AXLIBC_STDDEF_H
#define _AXLIBC_STDDEF_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#ifndef __cplusplus
typedef __WCHAR_TYPE__ wchar_t;
#endif
/** A type as strictly aligned as any scalar type (C17 7.19). */
typedef struct {
    /** Aligned as long long. */
    long long __ll __attribute__((__aligned__(__alignof__(long long))));
    /** Aligned as long double. */
    long double __ld __attribute__((__aligned__(__alignof__(long double))));
} max_align_t;

#ifdef __cplusplus
#define NULL nullptr
#else
#define NULL ((void*)0)
#endif
#define offsetof(type, member) __builtin_offsetof(type, member)

#endif
