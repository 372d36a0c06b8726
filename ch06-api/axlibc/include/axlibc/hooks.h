/* axlibc/hooks.h: where axlibc meets the system under it. Not a POSIX header: the layer that
 * provides descriptors and threads (arceos_posix_api), the kernel glue (src/platform/kernel.cpp)
 * and the host tests install these; C programs never include it.
 *
 * Each setter returns the hook it replaces, so a test can install its own and restore. A null
 * hook restores the built-in default. */
#ifndef _AXLIBC_HOOKS_H
#define _AXLIBC_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes @p len bytes of @p buf to descriptor @p fd. Returns the bytes written (may be fewer),
 * or a negative error number (-EBADF, -EIO, ...). stdio's only way out. Default: none
 * installed, every write fails with EBADF (the kernel glue installs the console for 1 and 2). */
typedef long (*__axlibc_write_hook)(int fd, const void* buf, size_t len);
__axlibc_write_hook __axlibc_set_write_hook(__axlibc_write_hook hook);

/* Returns the calling thread's errno slot (never null). Default: one global slot. The thread
 * layer installs a hook that returns a slot in the current task. */
typedef int* (*__axlibc_errno_hook)(void);
__axlibc_errno_hook __axlibc_set_errno_hook(__axlibc_errno_hook hook);

/* Returns the environment as one string of space-separated NAME=value words (the kernel
 * command line), or null for none. getenv() reads it once, on its first call. Default: none. */
typedef const char* (*__axlibc_env_hook)(void);
__axlibc_env_hook __axlibc_set_env_hook(__axlibc_env_hook hook);

/* Ends the program with @p status after exit() has run the atexit handlers; must not return.
 * Default: none, _Exit() traps (ud2), a loud stop (the kernel glue installs axruntime::exit). */
typedef void (*__axlibc_exit_hook)(int status);
__axlibc_exit_hook __axlibc_set_exit_hook(__axlibc_exit_hook hook);

/* Resolves the host name @p name (NUL-terminated, not a dotted quad) to one IPv4 address,
 * stored in *@p addr in network byte order. Returns 0, or a negative error number: -ENOENT
 * (no such name, or no answer), -ETIMEDOUT (no answer in time), -EINVAL (not a valid name),
 * -ENOMEM. getaddrinfo's only way to ask a name server. Default: none installed, and a name
 * fails with EAI_FAIL (the POSIX layer installs axnet's DNS client). */
typedef int (*__axlibc_resolve_hook)(const char* name, uint32_t* addr);
__axlibc_resolve_hook __axlibc_set_resolve_hook(__axlibc_resolve_hook hook);

/* The heap under malloc (link-time, not a pointer: the platform file defines them).
 * __axlibc_heap_alloc returns @p size bytes aligned to @p align (a power of two, at most 4096)
 * or null; __axlibc_heap_free takes a pointer from it; __axlibc_heap_usable_size says how many
 * bytes the block really holds (0 for a pointer the heap does not own). */
void* __axlibc_heap_alloc(size_t size, size_t align);
void __axlibc_heap_free(void* p);
size_t __axlibc_heap_usable_size(const void* p);

#ifdef __cplusplus
}
#endif

#endif
