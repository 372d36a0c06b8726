/* ch05-axnet/lwip/include/arch/cc.h: lwIP's compiler and platform port (lwip/arch.h asks for
 * it), the same for the freestanding kernel (AX_KERNEL) and the host build of the Catch2 tests.
 * C, because lwIP is compiled as C with its own flags; C++ includes it through lwIP's headers.
 * Chapter 5, 3.2. */
#ifndef AX_LWIP_ARCH_CC_H
#define AX_LWIP_ARCH_CC_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* gcc -ffreestanding gives stddef.h, stdint.h and limits.h, but not inttypes.h or ctype.h:
 * lwIP then uses its own character helpers, and the printf formats are given here
 * (size_t is unsigned long on x86_64). */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_UNISTD_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

/* Without SSIZE_MAX, lwip/arch.h typedefs ssize_t as int, which clashes with the long the
 * C++ side and the host's headers use: take it as long here (repeating the host's identical
 * typedef is allowed in C11 and C++). */
typedef long ssize_t;
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

/* Byte order: x86_64 is little-endian (lwIP's default); swap with the compiler's builtins
 * and keep lwIP's htons-style macros out of C++ code. */
#define BYTE_ORDER LITTLE_ENDIAN
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))
#define LWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS 1

/* A failed assertion is a bug in lwIP or in this port: it is logged and panics (aborts in
 * the host tests). Diagnostics are printf-style and only printed with LWIP_DEBUG, which this
 * build leaves off (the kernel has no printf); they compile to nothing. */
void ax_lwip_assert(const char* msg, const char* file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) ax_lwip_assert((x), __FILE__, __LINE__)

/* Randomness for DNS transaction IDs and source ports, the DHCP xid and the first ephemeral
 * port: a generator seeded from the TSC (not cryptographic; the chapter says so). */
uint32_t ax_lwip_rand(void);
#define LWIP_RAND() ((u32_t)ax_lwip_rand())

#ifdef __cplusplus
}
#endif

#endif /* AX_LWIP_ARCH_CC_H */
