/* The output sink of the printf family: bytes go into a caller's buffer (snprintf, which
 * counts what does not fit) or into a chunk that is written to a descriptor when full. */
#include <errno.h>
#include <string.h>

#include "../internal/stdio_impl.h"

static void write_chunk(struct __axlibc_out* o) {
    if (o->len && !o->error) {
        long r = __axlibc_write_all(o->fd, o->buf, o->len);
        if (r < 0) o->error = (int)r;
    }
    o->len = 0;
}

void __axlibc_out_bytes(struct __axlibc_out* o, const char* s, size_t n) {
    o->total += n;
    if (o->fd < 0) {
        size_t room = o->cap - o->len;
        size_t k = n < room ? n : room;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        return;
    }
    while (n) {
        if (o->len == o->cap) write_chunk(o);
        size_t k = n < o->cap - o->len ? n : o->cap - o->len;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

void __axlibc_out_fill(struct __axlibc_out* o, char c, size_t n) {
    char run[32];
    memset(run, c, sizeof run);
    for (; n > sizeof run; n -= sizeof run) __axlibc_out_bytes(o, run, sizeof run);
    __axlibc_out_bytes(o, run, n);
}

int __axlibc_out_flush(struct __axlibc_out* o) {
    if (o->fd >= 0) write_chunk(o);
    if (o->error) {
        errno = -o->error;
        return -1;
    }
    return 0;
}
