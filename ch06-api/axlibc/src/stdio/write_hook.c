/* The write hook: stdio's only way out to a descriptor (axlibc/hooks.h). One place turns the
 * hook's negative error numbers into errno (musl's syscall_ret has the same job). */
#include <axlibc/hooks.h>
#include <errno.h>

#include "../internal/stdio_impl.h"

static __axlibc_write_hook write_hook;

__axlibc_write_hook __axlibc_set_write_hook(__axlibc_write_hook hook) {
    __axlibc_write_hook old = write_hook;
    write_hook = hook;
    return old;
}

long __axlibc_write_all(int fd, const void* buf, size_t n) {
    const char* p = buf;
    while (n) {
        long r = write_hook ? write_hook(fd, p, n) : -EBADF;
        if (r == -EINTR) continue;
        if (r < 0) return r;
        if (r == 0) return -EIO; /* a descriptor that takes nothing would loop forever */
        p += r;
        n -= (size_t)r;
    }
    return 0;
}
