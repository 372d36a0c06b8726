/* The host build of axlibc as the tests see it: each public function under its renamed name
 * (axlibc_host_names.h), declared with types both sides agree on (size_t, va_list, plain C
 * types; FILE stays opaque). Included by the C++ tests, which also include glibc's headers,
 * and by host_probe.c, which is compiled as part of axlibc. */
#ifndef AXLIBC_HOST_H
#define AXLIBC_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct __axlibc_file;

/* What host_probe.c exports: errno.h's numbers by name, the standard streams. */
struct axlibc_errno_name {
    const char* name;
    int value;
};
extern const struct axlibc_errno_name axlibc_probe_errno[];
struct __axlibc_file* axlibc_probe_stream(int which);

#ifdef __cplusplus
}
#endif

/* The renamed library itself is declared for C++ only (host_probe.c sees axlibc's headers). */
#ifdef __cplusplus
extern "C" {
int* axlibc___errno_location(void);
void* axlibc_memcpy(void* dst, const void* src, size_t n);
void* axlibc_memmove(void* dst, const void* src, size_t n);
void* axlibc_memset(void* dst, int c, size_t n);
int axlibc_memcmp(const void* a, const void* b, size_t n);
void* axlibc_memchr(const void* s, int c, size_t n);
void* axlibc_memrchr(const void* s, int c, size_t n);
size_t axlibc_strlen(const char* s);
size_t axlibc_strnlen(const char* s, size_t max);
char* axlibc_strcpy(char* dst, const char* src);
char* axlibc_strncpy(char* dst, const char* src, size_t n);
char* axlibc_stpcpy(char* dst, const char* src);
char* axlibc_strcat(char* dst, const char* src);
char* axlibc_strncat(char* dst, const char* src, size_t n);
int axlibc_strcmp(const char* a, const char* b);
int axlibc_strncmp(const char* a, const char* b, size_t n);
int axlibc_strcasecmp(const char* a, const char* b);
int axlibc_strncasecmp(const char* a, const char* b, size_t n);
char* axlibc_strchr(const char* s, int c);
char* axlibc_strrchr(const char* s, int c);
char* axlibc_strstr(const char* h, const char* n);
size_t axlibc_strspn(const char* s, const char* a);
size_t axlibc_strcspn(const char* s, const char* r);
char* axlibc_strpbrk(const char* s, const char* a);
char* axlibc_strtok(char* s, const char* d);
char* axlibc_strtok_r(char* s, const char* d, char** save);
char* axlibc_strdup(const char* s);
char* axlibc_strndup(const char* s, size_t n);
char* axlibc_strerror(int e);

int axlibc_isalnum(int c);
int axlibc_isalpha(int c);
int axlibc_isblank(int c);
int axlibc_iscntrl(int c);
int axlibc_isdigit(int c);
int axlibc_isgraph(int c);
int axlibc_islower(int c);
int axlibc_isprint(int c);
int axlibc_ispunct(int c);
int axlibc_isspace(int c);
int axlibc_isupper(int c);
int axlibc_isxdigit(int c);
int axlibc_tolower(int c);
int axlibc_toupper(int c);

long axlibc_strtol(const char* s, char** end, int base);
unsigned long axlibc_strtoul(const char* s, char** end, int base);
long long axlibc_strtoll(const char* s, char** end, int base);
unsigned long long axlibc_strtoull(const char* s, char** end, int base);
int axlibc_atoi(const char* s);
long axlibc_atol(const char* s);
double axlibc_strtod(const char* s, char** end);
float axlibc_strtof(const char* s, char** end);
double axlibc_atof(const char* s);
int axlibc_abs(int x);
long axlibc_labs(long x);
void axlibc_qsort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*));
void* axlibc_bsearch(const void* key, const void* base, size_t n, size_t size,
                     int (*cmp)(const void*, const void*));
void* axlibc_malloc(size_t n);
void* axlibc_calloc(size_t n, size_t size);
void* axlibc_realloc(void* p, size_t n);
void* axlibc_aligned_alloc(size_t align, size_t n);
void axlibc_free(void* p);
int axlibc_atexit(void (*fn)(void));
[[noreturn]] void axlibc_exit(int status);
char* axlibc_getenv(const char* name);

int axlibc_snprintf(char* buf, size_t n, const char* fmt, ...);
int axlibc_vsnprintf(char* buf, size_t n, const char* fmt, va_list ap);
int axlibc_sprintf(char* buf, const char* fmt, ...);
int axlibc_printf(const char* fmt, ...);
int axlibc_fprintf(struct __axlibc_file* f, const char* fmt, ...);
int axlibc_dprintf(int fd, const char* fmt, ...);
int axlibc_puts(const char* s);
int axlibc_putchar(int c);
int axlibc_fputs(const char* s, struct __axlibc_file* f);
int axlibc_fputc(int c, struct __axlibc_file* f);
size_t axlibc_fwrite(const void* p, size_t size, size_t n, struct __axlibc_file* f);
int axlibc_ferror(struct __axlibc_file* f);
void axlibc_clearerr(struct __axlibc_file* f);
void axlibc_perror(const char* s);
int axlibc_inet_pton(int af, const char* src, void* dst);
const char* axlibc_inet_ntop(int af, const void* src, char* dst, unsigned size);
void (*axlibc_signal(int sig, void (*handler)(int)))(int);
struct addrinfo;
int axlibc_getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                       struct addrinfo** res);
void axlibc_freeaddrinfo(struct addrinfo* res);
const char* axlibc_gai_strerror(int code);

/* axlibc/hooks.h (its names are not renamed: they are axlibc's own). */
typedef long (*__axlibc_write_hook)(int fd, const void* buf, size_t len);
__axlibc_write_hook __axlibc_set_write_hook(__axlibc_write_hook hook);
typedef int* (*__axlibc_errno_hook)(void);
__axlibc_errno_hook __axlibc_set_errno_hook(__axlibc_errno_hook hook);
typedef const char* (*__axlibc_env_hook)(void);
__axlibc_env_hook __axlibc_set_env_hook(__axlibc_env_hook hook);
typedef void (*__axlibc_exit_hook)(int status);
__axlibc_exit_hook __axlibc_set_exit_hook(__axlibc_exit_hook hook);
typedef int (*__axlibc_resolve_hook)(const char* name, uint32_t* addr);
__axlibc_resolve_hook __axlibc_set_resolve_hook(__axlibc_resolve_hook hook);
}
#endif

#endif
