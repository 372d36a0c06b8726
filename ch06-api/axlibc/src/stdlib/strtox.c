/* The integer parser of the strtol family (C17 7.22.1.4): white space, a sign, an optional
 * 0x/0X for base 16 (or base 0, which also takes a leading 0 as octal), then digits of the
 * base. The value is accumulated unsigned, with an exact overflow test before each step, and
 * the sign is applied last, so LLONG_MIN parses without overflowing. Behaviour at the edges is
 * glibc's: no digits leaves *end at s and errno alone; "0x" with no hex digit after it is the
 * number 0 followed by "x". */
#include <ctype.h>
#include <errno.h>
#include <limits.h>

#include "../internal/lab.h"
#include "../internal/strtox.h"

static int digit_value(int c) {
    if (isdigit(c)) return c - '0';
    if (isalpha(c)) return (c | 32) - 'a' + 10;
    return 99;
}

unsigned long long __axlibc_strtox(const char* s, char** end, int base, int is_signed) {
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        return 0;
    }
    const unsigned char* p = (const unsigned char*)s;
    while (isspace(*p)) p++;
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    // LAB ch06.strtox: the digits (chapter 6, 9.7) | stub: __axlibc_lab_todo("ch06.strtox");
    const unsigned char* digits = p;
    unsigned long long v = 0;
    int over = 0;
    for (int d; (d = digit_value(*p)) < base; p++) {
        if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
            over = 1;
        else
            v = v * (unsigned)base + (unsigned)d;
    }
    if (p == digits) { /* no digits: nothing was a number */
        if (end) *end = (char*)s;
        return 0;
    }
    if (end) *end = (char*)p;
    if (is_signed) {
        unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
        if (over || v > limit) {
            errno = ERANGE;
            return neg ? (unsigned long long)LLONG_MIN : LLONG_MAX;
        }
    } else if (over) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? -v : v; /* unsigned: "-1" is ULLONG_MAX, as C specifies */
    // LAB END
}
