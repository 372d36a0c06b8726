/* string.h: byte and string functions (C17 7.24, POSIX strtok_r/strdup/strnlen). Each
 * function lives in its own file under src/string/. Buffers are the caller's; strdup and
 * strndup return a malloc'd copy the caller frees. */
#ifndef _AXLIBC_STRING_H
#define _AXLIBC_STRING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* memcpy(void* restrict dst, const void* restrict src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
void* memchr(const void* s, int c, size_t n);
void* memrchr(const void* s, int c, size_t n);

size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
char* strcpy(char* restrict dst, const char* restrict src);
char* strncpy(char* restrict dst, const char* restrict src, size_t n);
char* stpcpy(char* restrict dst, const char* restrict src);
char* strcat(char* restrict dst, const char* restrict src);
char* strncat(char* restrict dst, const char* restrict src, size_t n);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
int strcoll(const char* a, const char* b);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
char* strstr(const char* haystack, const char* needle);
size_t strspn(const char* s, const char* accept);
size_t strcspn(const char* s, const char* reject);
char* strpbrk(const char* s, const char* accept);
char* strtok(char* restrict s, const char* restrict delim);
char* strtok_r(char* restrict s, const char* restrict delim, char** restrict save);
char* strdup(const char* s);
char* strndup(const char* s, size_t n);

/* The message for error number @p errnum ("Unknown error N" for an unnamed one). The string
 * is the library's (static, or a per-call buffer for unknown numbers): do not modify it. */
char* strerror(int errnum);

#ifdef __cplusplus
}
#endif

#endif
