/* The integer parser behind strtol, strtoll, strtoul and strtoull (stdlib/strtox.c). */
#ifndef _AXLIBC_STRTOX_H
#define _AXLIBC_STRTOX_H

/* Parses an integer as strtoull does when @p is_signed is 0, as strtoll does otherwise (the
 * result is then a long long in an unsigned long long). Sets errno: ERANGE on overflow (the
 * result is then the limit), EINVAL for a base outside 0, 2..36 (then *end is not touched). */
unsigned long long __axlibc_strtox(const char* s, char** end, int base, int is_signed);

#endif
