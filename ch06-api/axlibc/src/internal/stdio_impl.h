/* What the stdio files share: the FILE object, the output sink every printf-family function
 * formats into, and the formatter itself (src/stdio/vformat.c). */
#ifndef _AXLIBC_STDIO_IMPL_H
#define _AXLIBC_STDIO_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* An output stream: no buffer of its own (stdio.h says why). */
struct __axlibc_file {
    int fd;
    int error; /* a write failed: ferror() */
};

/* Where formatted bytes go: a caller's buffer (fd < 0, snprintf: bytes past cap are counted,
 * not stored) or a descriptor through a chunk on the caller's stack, written when full. */
struct __axlibc_out {
    char* buf;
    size_t cap;
    size_t len;
    int fd;
    int error;    /* a negative error number once a write failed, else 0 */
    size_t total; /* every byte produced, stored or not */
};

void __axlibc_out_bytes(struct __axlibc_out* o, const char* s, size_t n);
void __axlibc_out_fill(struct __axlibc_out* o, char c, size_t n);
/* Writes what a descriptor sink holds; 0, or -1 with errno set when any write failed. */
int __axlibc_out_flush(struct __axlibc_out* o);

/* One conversion specification, parsed (C17 7.21.6.1 paragraph 4). */
struct __axlibc_spec {
    unsigned flags; /* __AXLIBC_F_* */
    int width;      /* 0: none */
    int prec;       /* -1: none */
    char conv;      /* the conversion letter */
};
#define __AXLIBC_F_LEFT 1u  /* '-' */
#define __AXLIBC_F_PLUS 2u  /* '+' */
#define __AXLIBC_F_SPACE 4u /* ' ' */
#define __AXLIBC_F_ALT 8u   /* '#' */
#define __AXLIBC_F_ZERO 16u /* '0' */

/* Writes one integer conversion (d i u o x X, and p) of the magnitude @p v, negative when
 * @p neg, with the flags, width and precision of @p sp. */
void __axlibc_fmt_int(struct __axlibc_out* o, const struct __axlibc_spec* sp, uintmax_t v, int neg);

/* A floating-point argument taken apart: value = mant * 2^e2 (cls finite), or inf/nan. The
 * hex digits of %a come from mant with `hex_frac_bits` bits after the leading digit. */
struct __axlibc_fp {
    int neg;
    int cls; /* 0 finite, 1 infinite, 2 nan */
    uint64_t mant;
    int e2;
    int hex_frac_bits; /* 52 for a double, 60 for an x87 long double */
    int hex_exp;       /* exponent of the leading hex digit, for %a */
};

/* Writes one floating-point conversion (f F e E g G a A) of @p x. */
void __axlibc_fmt_float(struct __axlibc_out* o, const struct __axlibc_spec* sp,
                        const struct __axlibc_fp* x);

/* Formats @p fmt with @p ap into @p o (C17 7.21.6.1). Returns 0, or -1 with errno set:
 * EOVERFLOW for a width, precision or total above INT_MAX, EINVAL for a conversion it does not
 * know, EILSEQ for a wide character outside ASCII (the C locale). */
int __axlibc_vformat(struct __axlibc_out* o, const char* fmt, va_list ap);

/* printf's shared tail: formats into a descriptor sink; the byte count, or -1 with errno. */
int __axlibc_vdprintf(int fd, const char* fmt, va_list ap);

/* Writes all @p n bytes to @p fd through the write hook; 0, or a negative error number. */
long __axlibc_write_all(int fd, const void* buf, size_t n);

#endif
